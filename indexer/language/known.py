"""Whether a word is Swedish: every form of every word in hunspell-sv, kept compactly.

Spelling help must never "correct" a word that is spelt right (``takt`` into ``tagit``),
even when the corpus lacks it. The dictionary's forms (each entry with the forms its
suffix rules make, as :mod:`indexer.language.lexicon` expands them; compounds the
dictionary would only allow by its compounding rules are not counted) are cached once
as a sorted array of 64-bit hashes (``cache_path()``, see ``indexer.language.hunspell``):
a few megabytes in memory instead of a set of strings, loaded on the first question.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

import numpy as np

from indexer.language import hunspell

__all__ = ["CACHE_FORMAT", "build_cache", "cache_path", "is_known", "load_known"]

#: Version of the cache file's layout; bump it when the expansion changes.
CACHE_FORMAT = 1


def is_known(word: str) -> bool:
    """Whether hunspell-sv has ``word`` (any case) as a form of one of its words."""
    hashes = _known()
    key = _hash(word.lower())
    at = int(np.searchsorted(hashes, key))
    return at < len(hashes) and int(hashes[at]) == key


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


@functools.lru_cache(maxsize=1)
def _known() -> np.ndarray:
    return load_known(cache_path())


def cache_path() -> Path:
    """Where the known forms of the installed hunspell-sv are cached."""
    return hunspell.cache_path("known", CACHE_FORMAT)


def load_known(path: Path, dictionary: Path | None = None) -> np.ndarray:
    """The sorted hashes cached at ``path``; when missing or unreadable, built and written."""
    return hunspell.load_cache(path, CACHE_FORMAT, _decode, _build, dictionary)


def build_cache(path: Path | None = None, dictionary: Path | None = None) -> Path:
    """Expand the dictionary (default: hunspell-sv's ``sv_SE``) and write the cache file."""
    return hunspell.build_cache(path or cache_path(), CACHE_FORMAT, _build, dictionary)


def _build(source: Path) -> dict[str, str]:
    from indexer.language.lexicon import dictionary_forms  # the build side: reads the dictionary

    hashes = np.unique(np.array([_hash(form) for form in dictionary_forms(source)], dtype=np.uint64))
    return {"hashes": base64.b64encode(hashes.astype("<u8").tobytes()).decode("ascii")}


def _decode(data: dict[str, str]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(data["hashes"]), dtype="<u8").astype(np.uint64)
