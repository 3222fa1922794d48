"""Reading the files of a data directory that anyone may have put things in.

Only regular files are read. A FIFO, a device (a link to ``/dev/zero`` or
``/dev/urandom``), a socket or a directory with a release's name is refused by
what ``stat`` says, before it is opened; the file is then opened without blocking
and checked again, so that one swapped in meanwhile is refused too. A file over
the size limit is refused unread, and no more than the limit is ever read.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from indexer.config import MAX_RELEASE_BYTES_ENV
from indexer.errors import ParseError

#: What a path is, in Swedish, for each kind of file that is not read.
_KINDS = (
    (stat.S_ISDIR, "en katalog"),
    (stat.S_ISFIFO, "en namngiven rörledning (FIFO)"),
    (stat.S_ISCHR, "en teckenenhet (som /dev/zero)"),
    (stat.S_ISBLK, "en blockenhet"),
    (stat.S_ISSOCK, "ett uttag (socket)"),
)
_NOT_A_FILE = "är ingen vanlig fil utan {kind}: ta bort den eller ersätt den med pressmeddelandets fil"
#: Bytes of a file name that are no UTF-8, as Python keeps them (``os.fsdecode``).
_UNDECODED = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`ParseError` saying why not (in Swedish): no such file, not a
    regular file, not readable, or larger than ``limit``.
    """
    _check_size(check_regular(path), limit)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            _check_size(_check_kind(os.fstat(fd)), limit)  # the file that stat saw, or one as harmless
            data = handle.read(limit + 1)
    except OSError as error:
        raise ParseError(unreadable(error)) from error
    if len(data) > limit:  # it grew after fstat
        raise ParseError(too_large(len(data), limit))
    return data


def check_regular(path: Path) -> os.stat_result:
    """What ``stat`` says of ``path`` (links followed) when it is a regular file; never opens it.

    Raises :class:`ParseError` saying what it is instead, or why it cannot be looked at.
    """
    try:
        return _check_kind(os.stat(path))
    except OSError as error:
        raise ParseError(unreadable(error)) from error


def printable(text: str) -> str:
    """``text`` (a message naming files) as one printable line of UTF-8: the bytes of a file name
    that are no UTF-8 as ``\\xff``, control characters such as a line break as ``\\n``."""
    if _UNDECODED.search(text):
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda char: char[0].encode("unicode_escape").decode("ascii"), text)


def unreadable(error: OSError) -> str:
    """Why a file could not be read, and what to do, for an ``OSError``."""
    if isinstance(error, FileNotFoundError):
        return (
            "kan inte läsas (filen finns inte; en länk till en fil som saknas?): "
            "ta bort länken eller lägg tillbaka filen"
        )
    return f"kan inte läsas ({error.strerror or type(error).__name__}): kontrollera filens rättigheter"


def too_large(size: int, limit: int) -> str:
    """Why a file (or record) of ``size`` bytes is not read, and what to do."""
    return (
        f"är {_amount(size)}, större än gränsen för ett pressmeddelande ({_amount(limit)}): "
        f"kontrollera innehållet, eller höj gränsen med {MAX_RELEASE_BYTES_ENV}; läses inte"
    )


def _check_kind(info: os.stat_result) -> os.stat_result:
    if stat.S_ISREG(info.st_mode):
        return info
    kind = next((kind for test, kind in _KINDS if test(info.st_mode)), "något annat")
    raise ParseError(_NOT_A_FILE.format(kind=kind))


def _check_size(info: os.stat_result, limit: int) -> None:
    if info.st_size > limit:
        raise ParseError(too_large(info.st_size, limit))


def _amount(size: int) -> str:
    """A number of bytes for a reader: ``3,8 kB``, ``12,3 MB``."""
    shown = f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"
    return shown.replace(".", ",")
