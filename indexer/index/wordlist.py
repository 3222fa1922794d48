"""The words of an index generation with how many releases use each: for spelling suggestions.

Every word of every release as written, lower-cased (the tokens of the plain analyzer),
is listed once with the number of releases it occurs in, sorted, in ``words.tsv`` beside
the generation's segments: one ``word<TAB>count`` per line. Searching maps the file into
memory (the server's processes share its pages) and finds a word by binary search;
suggestions walk the sorted words with Whoosh's Levenshtein automaton, as Whoosh walks
a field's terms, and rank them as Whoosh's corrector does.
"""

from __future__ import annotations

import mmap
import os
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

from indexer.language.words import tokens_and_gaps
from indexer.release import Release

#: The word list of a generation, beside its segments.
WORDS_FILE = "words.tsv"


def release_words(release: Release) -> set[str]:
    """The distinct words of a release (title, lead, body, contacts), lower-cased, as the list counts them."""
    return {word.lower() for word in set(tokens_and_gaps(release.text)[1::2])}


def write_words(generation: Path, counts: Mapping[str, int]) -> None:
    """Write the words with a count above 0, sorted, to the generation's word list."""
    lines = (f"{word}\t{count}\n" for word, count in sorted(counts.items()) if count > 0)
    (generation / WORDS_FILE).write_text("".join(lines), encoding="utf-8")


def read_counts(generation: Path) -> Counter[str]:
    """The words of a generation's word list with their counts, for an update to change."""
    counts: Counter[str] = Counter()
    with open(generation / WORDS_FILE, encoding="utf-8") as lines:
        for line in lines:
            word, _, count = line.rstrip("\n").partition("\t")
            counts[word] = int(count)
    return counts


class WordList:
    """A generation's word list, mapped into memory: membership, counts and spelling suggestions."""

    def __init__(self, generation: Path) -> None:
        with open(generation / WORDS_FILE, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            self._data: bytes | mmap.mmap = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        raw = np.frombuffer(self._data, dtype=np.uint8) if size else np.zeros(0, dtype=np.uint8)
        # Where each line's tab and newline stand; a line starts after the newline before it.
        self._tabs = array("I", np.flatnonzero(raw == 9).astype(np.uint32).tobytes())
        self._ends = array("I", np.flatnonzero(raw == 10).astype(np.uint32).tobytes())

    def __len__(self) -> int:
        return len(self._ends)

    def __contains__(self, word: str) -> bool:
        return self.count(word) > 0

    def count(self, word: str) -> int:
        """How many releases use ``word`` (0 for a word not in the list)."""
        key = word.encode("utf-8")
        at = self._first_at_least(key)
        if at == len(self) or self._word(at) != key:
            return 0
        return int(self._data[self._tabs[at] + 1 : self._ends[at]])

    def within(self, word: str, maxdist: int, prefix: int = 0) -> Iterator[str]:
        """The words within ``maxdist`` edits of ``word`` that start with its first ``prefix`` letters."""
        dfa = levenshtein_automaton(word, maxdist, prefix).to_dfa()
        return find_all_matches(dfa, self._next_word)

    def suggest(self, word: str, maxdist: int, prefix: int = 0) -> str | None:
        """The best word within ``maxdist`` edits, as Whoosh's corrector ranks them: the one used in
        most releases, and among as many, the last in alphabetical order; None if there is none."""
        best: tuple[float, str] | None = None
        for found in self.within(word, maxdist, prefix):
            rank = (0 - (maxdist + (1.0 / (self.count(found) or 1) * 0.5)), found)
            if best is None or rank > best:
                best = rank
        return best[1] if best else None

    def _next_word(self, text: str) -> str | None:
        """The first word at or after ``text`` in the list, or None."""
        at = self._first_at_least(text.encode("utf-8"))
        return self._word(at).decode("utf-8") if at < len(self) else None

    def _first_at_least(self, key: bytes) -> int:
        """The number of the first line whose word is not below ``key`` (UTF-8 orders as the words)."""
        low, high = 0, len(self)
        while low < high:
            middle = (low + high) // 2
            if self._word(middle) < key:
                low = middle + 1
            else:
                high = middle
        return low

    def _word(self, at: int) -> bytes:
        start = self._ends[at - 1] + 1 if at else 0
        return self._data[start : self._tabs[at]]
