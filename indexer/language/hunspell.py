"""The installed hunspell-sv dictionary, read with spylls, and the caches built from it.

Modules that expand the dictionary (``compounds``, ``lexicon``) keep the result as
gzipped JSON in ``cache_dir()``: ``$PRESSARKIV_CACHE``, else ``$XDG_CACHE_HOME/pressarkiv``
or ``~/.cache/pressarkiv``. A cache file is named by the hunspell-sv version and its own
format number, written atomically, and rebuilt when missing, unreadable or outdated.
What they look words up in is made from it once, as memory-mapped tries beside it
(``trie_path()``, see :mod:`indexer.language.tries`).
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spylls.hunspell.data.aff import Aff, Suffix
    from spylls.hunspell.data.dic import Dic, Word


__all__ = [
    "CACHE_ENV",
    "cache_dir",
    "cache_path",
    "dictionary_entries",
    "dictionary_path",
    "load_cache",
    "read_dictionary",
    "suffixed_forms",
    "trie_path",
    "write_cache",
]

#: Environment variable naming the cache directory (tests point it at a temporary one).
CACHE_ENV = "PRESSARKIV_CACHE"

_DISTRIBUTION = "hunspell-sv"
_AFF_FILE = "sv_SE.aff"
_log = logging.getLogger(__name__)

T = TypeVar("T")
#: A cache's content: a JSON object without the ``format`` and ``source`` keys.
Payload = dict[str, Any]


def dictionary_path() -> Path:
    """The installed hunspell-sv ``sv_SE`` dictionary, as a path without suffix."""
    for file in metadata.files(_DISTRIBUTION) or ():
        if file.name == _AFF_FILE:
            return Path(file.locate()).resolve().with_suffix("")
    fallback = Path(sys.prefix, "share", "hunspell", _AFF_FILE)
    if fallback.exists():
        return fallback.with_suffix("")
    raise FileNotFoundError(f"{_AFF_FILE} of {_DISTRIBUTION} is not installed")


@functools.cache
def dictionary_entries() -> dict[str, str]:
    """Each base form of the installed dictionary with its affix flags, read from its ``.dic`` as text.

    Cheaper than :func:`read_dictionary` (no affix rules are compiled), for word lists.
    """
    entries: dict[str, str] = {}
    with open(f"{dictionary_path()}.dic", encoding="utf-8") as dic:
        next(dic)  # the first line is the entry count
        for line in dic:
            word, _, flags = line.strip().partition("/")
            entries[word] = entries.get(word, "") + flags
    return entries


def read_dictionary(base: Path) -> tuple[Aff, Dic]:
    """Read ``base``.aff and ``base``.dic with spylls (imported here: only building a cache needs it)."""
    from spylls.hunspell import readers

    aff, context = readers.read_aff(readers.FileReader(f"{base}.aff"))
    dic = readers.read_dic(readers.FileReader(f"{base}.dic", encoding=context.encoding), aff=aff, context=context)
    return aff, dic


def suffixed_forms(aff: Aff, word: Word) -> Iterator[tuple[str, Suffix]]:
    """(form, suffix) for each suffix of the entry's flags whose condition its stem meets."""
    for flag in word.flags:
        for suffix in aff.SFX.get(flag, ()):
            if suffix.cond_regexp.search(word.stem):
                yield word.stem[: len(word.stem) - len(suffix.strip)] + suffix.add, suffix


def cache_path(name: str, cache_format: int) -> Path:
    """Where the cache ``name`` of the installed hunspell-sv, in ``cache_format``, lives."""
    version = metadata.version(_DISTRIBUTION)
    return cache_dir() / f"{name}-hunspell-sv-{version}-f{cache_format}.json.gz"


def trie_path(name: str, cache_format: int) -> Path:
    """Where the trie ``name`` made from a cache in ``cache_format`` lives (beside the cache)."""
    version = metadata.version(_DISTRIBUTION)
    return cache_dir() / f"{name}-hunspell-sv-{version}-f{cache_format}.marisa"


def cache_dir() -> Path:
    """``$PRESSARKIV_CACHE``, else ``$XDG_CACHE_HOME/pressarkiv``, else ``~/.cache/pressarkiv``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pressarkiv"


def load_cache(
    path: Path,
    cache_format: int,
    decode: Callable[[Payload], T],
    build: Callable[[Path], Payload],
    dictionary: Path | None = None,
) -> T:
    """Decode the cache at ``path``; when missing, unreadable or outdated, build and write it.

    ``build`` expands ``dictionary`` (default: ``dictionary_path()``) into the payload.
    """
    try:
        return decode(_read_cache(path, cache_format))
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as error:
        _log.info("building cache %s (%s)", path, error)
    source = dictionary or dictionary_path()
    payload = build(source)
    try:
        write_cache(path, cache_format, source, payload)
    except OSError as error:
        _log.warning("cannot write cache %s: %s", path, error)
    return decode(payload)


def build_cache(
    path: Path, cache_format: int, build: Callable[[Path], Payload], dictionary: Path | None = None
) -> Path:
    """Expand ``dictionary`` (default: ``dictionary_path()``) with ``build`` and write it to ``path``."""
    source = dictionary or dictionary_path()
    write_cache(path, cache_format, source, build(source))
    return path


def _read_cache(path: Path, cache_format: int) -> Payload:
    """A cache file's payload, raising ValueError unless it is in ``cache_format``."""
    with gzip.open(path, "rt", encoding="utf-8") as file:
        data = json.load(file)
    if data["format"] != cache_format:
        raise ValueError(f"cache format {data['format']!r}, expected {cache_format}")
    return data


def write_cache(path: Path, cache_format: int, source: Path, payload: Payload) -> None:
    """Write ``payload`` as gzipped JSON to a temporary file beside ``path``, then rename it."""
    data = {"format": cache_format, "source": str(source), **payload}
    compressed = gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(compressed)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
