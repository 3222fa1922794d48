"""Snowball Swedish stemming through PyStemmer's C code: cached, and safe across threads.

PyStemmer's stemmer objects keep state while they work, so each thread gets its own.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable

import snowballstemmer

_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("swedish")
    return _local.stemmer


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Swedish stem of a lower-cased word, cached."""
    return _stemmer().stemWord(word)


def stem_many(words: Iterable[str]) -> list[str]:
    """The stems of many words at once, bypassing the cache (for building the lexicon)."""
    return _stemmer().stemWords(list(words))
