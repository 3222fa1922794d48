"""Snippets: up to two fragments of a release's text around the words a query matched.

Whoosh's highlighter runs the whole analyzer over the text of every hit shown
and builds its fragments token by token in Python. Here the text's distinct
words are listed by the regular-expression engine, each word's index terms
(its own term and, for a compound, its parts') are looked up once and kept,
and the matched words are then found, grouped into fragments and marked with
regular expressions too. Which words each index term matches is kept for every
query (:class:`_WordIndex`), so that a word is analysed once per process, not once
per query that shows it: a page of ten snippets costs about a millisecond. An exact
phrase is marked whole, from its first word to its last, where its words stand in
the text as the query has them (:mod:`indexer.search.phrases`), and only there.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from whoosh.analysis import Analyzer

from indexer.index.analysis import swedish_analyzer
from indexer.language.words import TOKEN_PATTERN

SNIPPET_CHARS = 240
#: Characters of context shown before the first matched word of a fragment.
SURROUND = 60
FRAGMENTS = 2
BETWEEN = " … "
#: A word, for snippets: a run of letters and digits.
WORD = re.compile(r"[^\W_]+")
#: Distinct words whose index terms are kept.
WORDS_KEPT = 200_000


@dataclass(frozen=True)
class _Fragment:
    start: int
    end: int
    matches: int


@dataclass(frozen=True)
class PhraseTerms:
    """An exact phrase as its query has it: index terms and how far each stands after the one before."""

    words: tuple[str, ...]
    gaps: tuple[int, ...]


class _WordIndex:
    """The words seen in texts, by the index terms they have (``word_terms``), for every query.

    Kept up to ``WORDS_KEPT`` words, then started afresh; safe to share between threads.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._by_term: defaultdict[str, set[str]] = defaultdict(set)
        self._lock = threading.Lock()
        #: Counts the changes, so that a query knows when its matching words must be looked up again.
        self._version = 0

    def matching(
        self, words: set[str], terms: AbstractSet[str], known: tuple[int, frozenset[str]]
    ) -> tuple[int, frozenset[str]]:
        """The words seen that have one of ``terms`` among their index terms, ``words`` among them,
        with the version they are of; ``known`` (an earlier answer) when nothing has changed since."""
        with self._lock:
            if new := words - self._seen:
                if len(self._seen) + len(new) > WORDS_KEPT:
                    self._seen.clear()
                    self._by_term.clear()
                    new = set(words)
                for word in new:
                    for term in word_terms(word):
                        self._by_term[term].add(word)
                self._seen |= new
                self._version += 1
            if known[0] == self._version:
                return known
            return self._version, frozenset().union(*(self._by_term.get(term, ()) for term in terms))


_WORDS = _WordIndex()


class Snippets:
    """Snippets for the hits of one query; which words match is looked up once per new word seen."""

    def __init__(self, terms: AbstractSet[str], phrases: Sequence[PhraseTerms] = ()) -> None:
        self._terms = terms
        self._phrases = phrases
        self._matching: tuple[int, frozenset[str]] = (-1, frozenset())

    def __call__(self, text: str) -> str:
        """Escaped HTML: the fragments of ``text`` where the query's terms and phrases occur
        (matched words and whole phrases in ``<mark>``), the ones with most matches first
        chosen and then shown in text order; else the opening of ``text``."""
        spans = self._spans(text)
        if fragments := _fragments(text, spans):
            best = sorted(sorted(fragments, key=lambda f: -f.matches)[:FRAGMENTS], key=lambda f: f.start)
            return BETWEEN.join(_marked(text, fragment, spans) for fragment in best)
        return opening(text)

    def mark(self, text: str) -> str:
        """Escaped HTML: the whole of ``text``, every word and phrase the query matches in ``<mark>``."""
        spans = self._spans(text)
        return _marked(text, _Fragment(0, len(text), 0), spans) if spans else html.escape(text, quote=False)

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Where the query's phrases and the words its terms match stand in ``text``, outermost only."""
        spans = _phrase_spans(text, self._phrases) if self._phrases else []
        words = set(WORD.findall(text.lower()))
        self._matching = _WORDS.matching(words, self._terms, self._matching)
        if matched := words & self._matching[1]:
            alternatives = "|".join(re.escape(word) for word in sorted(matched, key=len, reverse=True))
            pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)
            spans += [found.span() for found in pattern.finditer(text)]
        return _outermost(spans)


def opening(text: str) -> str:
    """Escaped HTML: the start of ``text``, cut between words, ``…`` where it goes on."""
    opening = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] if len(text) > SNIPPET_CHARS else text
    suffix = " …" if len(text) > SNIPPET_CHARS else ""
    return html.escape(opening, quote=False) + suffix


@functools.lru_cache(maxsize=WORDS_KEPT)
def word_terms(word: str) -> frozenset[str]:
    """The index terms of one word as written: what a query term must be to match it."""
    return frozenset(token.text for token in _index_analyzer()(word, mode="index") if not token.stopped)


@functools.lru_cache(maxsize=WORDS_KEPT)
def query_term(word: str) -> str | None:
    """The term a query has for one lower-cased word as written, None for a stop word."""
    return next((token.text for token in _index_analyzer()(word, mode="query")), None)


@functools.cache
def _index_analyzer() -> Analyzer:
    return swedish_analyzer()


def _phrase_spans(text: str, phrases: Sequence[PhraseTerms]) -> list[tuple[int, int]]:
    """Where in ``text`` each phrase stands, from the start of its first word to the end of its last."""
    terms = list(map(query_term, map(str.lower, TOKEN_PATTERN.findall(text))))
    firsts = {phrase.words[0] for phrase in phrases}
    places: defaultdict[str | None, list[int]] = defaultdict(list)
    for place, term in enumerate(terms):
        if term in firsts:
            places[term].append(place)
    found = []
    for phrase in phrases:
        offsets = [sum(phrase.gaps[:k]) for k in range(len(phrase.words))]
        for place in places.get(phrase.words[0], ()):
            if place + offsets[-1] < len(terms) and all(
                terms[place + offset] == word for word, offset in zip(phrase.words, offsets)
            ):
                found.append((place, place + offsets[-1]))
    if not found:
        return []
    edges = [token.span() for token in TOKEN_PATTERN.finditer(text)]
    return [(edges[first][0], edges[last][1]) for first, last in found]


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in text order, each one inside or overlapping an earlier one left out."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _fragments(text: str, spans: list[tuple[int, int]]) -> list[_Fragment]:
    """Fragments of at most ``SNIPPET_CHARS``: from ``SURROUND`` before a matched word over the
    following matched words that fit to ``SURROUND`` after the last, cut between words."""
    fragments = []
    i = 0
    while i < len(spans):
        start = _word_start(text, max(spans[i][0] - SURROUND, 0), spans[i][0])
        limit = start + SNIPPET_CHARS
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] <= limit:
            j += 1
        end = _word_end(text, min(spans[j][1] + SURROUND, limit, len(text)), spans[j][1])
        fragments.append(_Fragment(start, end, j - i + 1))
        i = j + 1
    return fragments


def _word_start(text: str, position: int, most: int) -> int:
    """``position``, moved on to the start of a word unless it is at one already, but not past ``most``."""
    if position == 0 or not WORD.match(text, position - 1):
        return position
    space = text.find(" ", position, most)
    return space + 1 if space != -1 else position


def _word_end(text: str, position: int, least: int) -> int:
    """``position``, moved back to the end of a word, but not before ``least``."""
    if position >= len(text) or not WORD.match(text, position):
        return position
    space = text.rfind(" ", least, position)
    return space if space != -1 else position


def _marked(text: str, fragment: _Fragment, spans: list[tuple[int, int]]) -> str:
    """The fragment's text, escaped, with the ``spans`` inside it in ``<mark>``."""
    parts, last = [], fragment.start
    for start, end in spans:
        if start < fragment.start or end > fragment.end:
            continue
        before, marked = text[last:start], text[start:end]
        parts += [html.escape(before, quote=False), f"<mark>{html.escape(marked, quote=False)}</mark>"]
        last = end
    parts.append(html.escape(text[last : fragment.end], quote=False))
    return "".join(parts).strip()
