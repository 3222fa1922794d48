"""“Menade du …?”: spelling suggestions from the words of the corpus itself.

Each index generation lists every word as written (lower-cased) with the number
of releases using it (:mod:`indexer.index.wordlist`). A query word is corrected
only when neither the word nor its stem occurs anywhere in the index, so
inflected forms and compounds that do match are never “corrected”; the nearest
words come first, and among them the one most releases use.
"""

from __future__ import annotations

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.index.analysis import plain_analyzer
from indexer.index.schema import TEXT_FIELDS
from indexer.index.wordlist import WordList
from indexer.search.query import OPERATORS

MIN_WORD = 3
MAX_DISTANCES = (1, 2)
#: Letters a suggestion shares with the typed word: few misspellings are in the first letter.
PREFIX = 1


def suggest(query: str, searcher: Searcher, words: WordList) -> str | None:
    """The query with each unknown word replaced by its closest word of ``words``, or None."""
    reader = searcher.reader()
    corrected, last = [], 0
    for token in plain_analyzer()(query, chars=True):
        written = query[token.startchar : token.endchar]
        if _needs_no_help(written, token.text, query, token.endchar, reader, searcher, words):
            continue
        # Ranked by frequency within ``maxdist``: ask for the nearest distance first.
        found = next((found for d in MAX_DISTANCES if (found := words.suggest(token.text, d, PREFIX))), None)
        if found:
            replacement = found.capitalize() if written[:1].isupper() else found
            corrected += [query[last : token.startchar], replacement]
            last = token.endchar
    if not corrected:
        return None
    return "".join(corrected) + query[last:]


def _needs_no_help(
    written: str, word: str, query: str, end: int, reader: IndexReader, searcher: Searcher, words: WordList
) -> bool:
    """Operators, field names, numbers, short words and words the index knows stay as typed."""
    if written in OPERATORS or len(word) < MIN_WORD or not word.isalpha():
        return True
    if query[end : end + 1] == ":" or word in words:
        return True
    analyzer = searcher.schema["body"].analyzer
    terms = [token.text for token in analyzer(word)]
    return any((field, term) in reader for term in terms for field in TEXT_FIELDS)
