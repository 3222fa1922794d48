"""Spelling help that can be trusted: “Menade du …?” from the corpus's own words.

A query word gets help only when the corpus has neither the word nor its index term
(so inflected forms and compounds that match are never “corrected”) and the Swedish
dictionary does not know it (:func:`indexer.language.known.is_known`): a correct word the
corpus lacks (``takt``) is left as typed. Help is the corpus word nearest to it within
Lucene's ``AUTO`` fuzziness (:func:`allowed_edits`: no edit for a word of one or two
letters, one for three to five, two from six), and among those the most used. It is
*confident* when no other word is as near, or the chosen one is used at least
:data:`CONFIDENCE` times as often as the next: only a confident suggestion may replace
a query that has no hits (see :mod:`indexer.search.searching`).

The rules read the corpus through a :class:`Vocabulary` (is a word there; which words
are near it, with how many releases use each), so that they work on any storage of
the corpus's words; :class:`IndexVocabulary` reads a generation's word list
(:mod:`indexer.index.wordlist`: each word as written, lower-cased, with how many releases use it)
and its text terms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from whoosh.searching import Searcher

from indexer.index.analysis import plain_analyzer
from indexer.index.schema import TEXT_FIELDS
from indexer.index.wordlist import WordList
from indexer.language.known import is_known
from indexer.search.query import OPERATORS

#: Letters a suggestion shares with the typed word: few misspellings are in the first letter.
PREFIX = 1
#: How many times more releases must use a suggestion than the next word as near, to be sure of it.
CONFIDENCE = 3


class Vocabulary(Protocol):
    """The corpus's words, as the spelling rules ask about them."""

    def __contains__(self, word: object) -> bool:
        """Whether the corpus has the lower-case word, as written or by its index term."""

    def near(self, word: str, edits: int) -> Mapping[str, int]:
        """The corpus words within ``edits`` of ``word`` (sharing its first letter), each with
        how many releases use it."""


@dataclass(frozen=True)
class Suggestion:
    """The query with its unknown words replaced, and whether every replacement is sure."""

    text: str
    confident: bool


def allowed_edits(word: str) -> int:
    """Lucene's ``AUTO`` fuzziness: 0 edits for 1–2 letters, 1 for 3–5, 2 from 6."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def closest(word: str, vocabulary: Vocabulary) -> tuple[str, bool] | None:
    """The corpus word to suggest for ``word`` (lower-case) and whether it is confident, or None."""
    for edits in range(1, allowed_edits(word) + 1):
        near = {other: count for other, count in vocabulary.near(word, edits).items() if other != word}
        if near:
            (best, count), *others = sorted(near.items(), key=lambda item: (-item[1], item[0]))
            return best, not others or count >= CONFIDENCE * others[0][1]
    return None


def needs_help(word: str, vocabulary: Vocabulary, known: Callable[[str], bool] = is_known) -> bool:
    """Whether a lower-case query word is worth a suggestion: a word of letters that neither
    the corpus nor the Swedish dictionary knows."""
    return word.isalpha() and allowed_edits(word) > 0 and word not in vocabulary and not known(word)


def suggest(query: str, vocabulary: Vocabulary, known: Callable[[str], bool] = is_known) -> Suggestion | None:
    """The query with each word that needs help replaced by its closest corpus word, or None."""
    corrected, last, confident = [], 0, True
    for token in plain_analyzer()(query, chars=True):
        written = query[token.startchar : token.endchar]
        if written in OPERATORS or query[token.endchar : token.endchar + 1] == ":":
            continue
        if not needs_help(token.text, vocabulary, known) or (found := closest(token.text, vocabulary)) is None:
            continue
        replacement, sure = found
        corrected += [
            query[last : token.startchar],
            replacement.capitalize() if written[:1].isupper() else replacement,
        ]
        last, confident = token.endchar, confident and sure
    if not corrected:
        return None
    return Suggestion("".join(corrected) + query[last:], confident)


class IndexVocabulary:
    """The corpus's words as one index generation has them: its word list and its text terms."""

    def __init__(self, searcher: Searcher, words: WordList) -> None:
        self._reader = searcher.reader()
        self._analyzer = searcher.schema["body"].analyzer
        self._words = words

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word in self._words:
            return True
        terms = [token.text for token in self._analyzer(word)]
        return any((field, term) in self._reader for term in terms for field in TEXT_FIELDS)

    def near(self, word: str, edits: int) -> dict[str, int]:
        return {other: self._words.count(other) for other in self._words.within(word, edits, prefix=PREFIX)}
