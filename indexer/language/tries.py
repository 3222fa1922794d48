"""Language data as memory-mapped marisa tries, so that every process on the machine shares one copy.

The lexicon and the compound forms, as Python dictionaries and sets, cost each process
about 120 MB of its own, and the web server runs several. Stored as marisa tries (a
few MB) in the cache directory, they are mapped into memory where they lie: the
operating system keeps one copy for all processes, and opening one is instant. A trie
is made once from its expanded data, checked against every entry of it before it is
put in place (written beside it, then renamed), and remade when it is missing or
unreadable. What a trie's keys carry beyond a term (the compound forms' roles and
frequencies) lies beside it as a flat table indexed by key id, mapped the same way
(:func:`mapped_table`).
"""

from __future__ import annotations

import logging
import mmap
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import marisa_trie

_log = logging.getLogger(__name__)

#: A marisa trie class: ``Trie`` (a set of words) or ``BytesTrie`` (words with values).
AnyTrie = TypeVar("AnyTrie", marisa_trie.Trie, marisa_trie.BytesTrie)


def mapped(path: Path, kind: type[AnyTrie], make: Callable[[], AnyTrie]) -> AnyTrie:
    """The trie at ``path``, memory-mapped; when missing or unreadable, ``make`` it (made and
    checked against its data) and write it there first.

    When it cannot be written, the trie that was made is used from this process's memory.
    """
    try:
        return _map(path, kind)
    except (OSError, RuntimeError) as error:  # marisa raises RuntimeError on a file that is no trie
        _log.info("building %s (%s)", path, error)
    trie = make()
    try:
        _put(path, trie.save)
        return _map(path, kind)
    except OSError as error:
        _log.warning("cannot write %s: %s", path, error)
        return trie


def mapped_table(path: Path, usable: Callable[[memoryview], bool], make: Callable[[], bytes]) -> memoryview:
    """The bytes of the file at ``path``, memory-mapped read-only; when missing or not ``usable``,
    ``make`` them and write them there first.

    When they cannot be written, the bytes that were made are used from this process's memory.
    """
    try:
        table = _map_bytes(path)
        if usable(table):
            return table
        _log.info("building %s (not usable)", path)
    except (OSError, ValueError) as error:  # mmap raises ValueError on an empty file
        _log.info("building %s (%s)", path, error)
    made = make()
    try:
        _put(path, lambda temporary: Path(temporary).write_bytes(made))
    except OSError as error:
        _log.warning("cannot write %s: %s", path, error)
        return memoryview(made)
    return _map_bytes(path)


def _put(path: Path, write: Callable[[str], object]) -> None:
    """Write a file with ``write(temporary)`` beside ``path``, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _map_bytes(path: Path) -> memoryview:
    with path.open("rb") as file:
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))


def _map(path: Path, kind: type[AnyTrie]) -> AnyTrie:
    trie = kind()
    trie.mmap(str(path))
    return trie
