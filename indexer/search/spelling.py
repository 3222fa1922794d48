"""“Menade du …?”: spelling suggestions from the words of the corpus itself.

The index keeps every word as written (lower-cased) in its ``spell`` field, with
Whoosh's word graph for fast edit-distance look-ups. A query word is corrected
only when neither the word nor its stem occurs anywhere in the index, so
inflected forms and compounds that do match are never “corrected”.
"""

from __future__ import annotations

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.index.analysis import plain_analyzer
from indexer.search.query import OPERATORS
from indexer.index.schema import TEXT_FIELDS

SPELL_FIELD = "spell"
MIN_WORD = 3
MAX_DISTANCES = (1, 2)
#: Letters a suggestion shares with the typed word: few misspellings are in the first letter.
PREFIX = 1


def suggest(query: str, searcher: Searcher) -> str | None:
    """The query with each unknown word replaced by its closest corpus word, or None."""
    reader = searcher.reader()
    corrector = searcher.corrector(SPELL_FIELD)
    corrected, last = [], 0
    for token in plain_analyzer()(query, chars=True):
        written = query[token.startchar : token.endchar]
        if _needs_no_help(written, token.text, query, token.endchar, reader, searcher):
            continue
        # Whoosh ranks by frequency within ``maxdist``: ask for the nearest distance first.
        candidates: list[str] = next(
            (found for d in MAX_DISTANCES if (found := corrector.suggest(token.text, 1, d, PREFIX))), []
        )
        if candidates:
            replacement = candidates[0].capitalize() if written[:1].isupper() else candidates[0]
            corrected += [query[last : token.startchar], replacement]
            last = token.endchar
    if not corrected:
        return None
    return "".join(corrected) + query[last:]


def _needs_no_help(
    written: str, word: str, query: str, end: int, reader: IndexReader, searcher: Searcher
) -> bool:
    """Operators, field names, numbers, short words and words the index knows stay as typed."""
    if written in OPERATORS or len(word) < MIN_WORD or not word.isalpha():
        return True
    if query[end : end + 1] == ":" or (SPELL_FIELD, word) in reader:
        return True
    analyzer = searcher.schema["body"].analyzer
    terms = [token.text for token in analyzer(word)]
    return any((field, term) in reader for term in terms for field in TEXT_FIELDS)
