"""Snippets: up to two fragments of a release's text around the words a query matched.

Whoosh's highlighter runs the whole analyzer over the text of every hit shown
and builds its fragments token by token in Python. Here the text's distinct
words are listed by the regular-expression engine, each word's index terms
(its own term and, for a compound, its parts') are looked up once and kept,
and the matched words are then found, grouped into fragments and marked with
regular expressions too: a page of ten snippets costs a few milliseconds. An exact
phrase is marked whole, from its first word to its last, where its words stand in
the text as the query has them (:mod:`indexer.search.phrases`), and only there.
"""

from __future__ import annotations

import functools
import html
import re
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


class Snippets:
    """Snippets for the hits of one query; which words match is remembered from hit to hit."""

    def __init__(self, terms: AbstractSet[str], phrases: Sequence[PhraseTerms] = ()) -> None:
        self._terms = terms
        self._phrases = phrases
        self._matching: set[str] = set()
        self._other: set[str] = set()

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
        for word in words - self._matching - self._other:
            (self._other if self._terms.isdisjoint(word_terms(word)) else self._matching).add(word)
        if matched := words & self._matching:
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
    tokens = [(found.start(), found.end(), query_term(found.group().lower())) for found in TOKEN_PATTERN.finditer(text)]
    places: defaultdict[str | None, list[int]] = defaultdict(list)
    for place, (_, _, term) in enumerate(tokens):
        places[term].append(place)
    spans = []
    for phrase in phrases:
        offsets = [sum(phrase.gaps[:k]) for k in range(len(phrase.words))]
        for place in places.get(phrase.words[0], ()):
            if place + offsets[-1] < len(tokens) and all(
                tokens[place + offset][2] == word for word, offset in zip(phrase.words, offsets)
            ):
                spans.append((tokens[place][0], tokens[place + offsets[-1]][1]))
    return spans


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
