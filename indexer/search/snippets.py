"""Snippets: up to two fragments of a release's text around the words a query matched.

Whoosh's highlighter runs the whole analyzer over the text of every hit shown
and builds its fragments token by token in Python. Here the text's distinct
words are listed by the regular-expression engine, each word's index terms
(its own term and, for a compound, its parts') are looked up once and kept,
and the matched words are then found, grouped into fragments and marked with
regular expressions too: a page of ten snippets costs a few milliseconds.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from indexer.index.analysis import swedish_analyzer

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


class Snippets:
    """Snippets for the hits of one query; which words match is remembered from hit to hit."""

    def __init__(self, terms: AbstractSet[str]) -> None:
        self._terms = terms
        self._matching: set[str] = set()
        self._other: set[str] = set()

    def __call__(self, text: str) -> str:
        """Escaped HTML: the fragments of ``text`` where the query's terms occur (matched words in
        ``<mark>``), the ones with most matches first chosen and then shown in text order; else
        the opening of ``text``."""
        if pattern := self._pattern(text):
            if fragments := _fragments(text, [found.span() for found in pattern.finditer(text)]):
                best = sorted(sorted(fragments, key=lambda f: -f.matches)[:FRAGMENTS], key=lambda f: f.start)
                return BETWEEN.join(_marked(text, fragment, pattern) for fragment in best)
        return opening(text)

    def mark(self, text: str) -> str:
        """Escaped HTML: the whole of ``text``, every word the query's terms match in ``<mark>``."""
        pattern = self._pattern(text)
        return _marked(text, _Fragment(0, len(text), 0), pattern) if pattern else html.escape(text, quote=False)

    def _pattern(self, text: str) -> re.Pattern[str] | None:
        """A pattern for the words of ``text`` that the query's terms match, or None when none do."""
        words = set(WORD.findall(text.lower()))
        for word in words - self._matching - self._other:
            (self._other if self._terms.isdisjoint(word_terms(word)) else self._matching).add(word)
        if not (matched := words & self._matching):
            return None
        alternatives = "|".join(re.escape(word) for word in sorted(matched, key=len, reverse=True))
        return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def opening(text: str) -> str:
    """Escaped HTML: the start of ``text``, cut between words, ``…`` where it goes on."""
    opening = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] if len(text) > SNIPPET_CHARS else text
    suffix = " …" if len(text) > SNIPPET_CHARS else ""
    return html.escape(opening, quote=False) + suffix


@functools.lru_cache(maxsize=WORDS_KEPT)
def word_terms(word: str) -> frozenset[str]:
    """The index terms of one word as written: what a query term must be to match it."""
    return frozenset(token.text for token in _index_analyzer()(word, mode="index") if not token.stopped)


@functools.cache
def _index_analyzer():
    return swedish_analyzer()


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


def _marked(text: str, fragment: _Fragment, pattern: re.Pattern[str]) -> str:
    """The fragment's text, escaped, with the words ``pattern`` matches in ``<mark>``."""
    parts, last = [], fragment.start
    for found in pattern.finditer(text, fragment.start, fragment.end):
        before, word = text[last : found.start()], found.group()
        parts += [html.escape(before, quote=False), f"<mark>{html.escape(word, quote=False)}</mark>"]
        last = found.end()
    parts.append(html.escape(text[last : fragment.end], quote=False))
    return "".join(parts).strip()
