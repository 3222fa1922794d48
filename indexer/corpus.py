"""Reading a data directory of release files into ``Release`` records.

Every file either becomes a release or a :class:`Problem` naming the file, what
is wrong and what to do, so that one bad file never stops a whole run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .release import Release
from .textformat import ParseError, parse_text

Parser = Callable[..., Release]

#: The parser for each accepted file extension.
PARSERS: dict[str, Parser] = {".txt": parse_text}

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Problem:
    """A file that could not be taken, and why (in Swedish, with what to do)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def release_id(path: Path) -> str:
    """The stable id of the release in ``path``: its file name without extension."""
    return _UNSAFE_ID_CHARS.sub("-", path.stem).strip("-.") or "release"


def release_files(data_dir: Path) -> list[Path]:
    """The files below ``data_dir`` that may hold releases, in a stable order."""
    return sorted(
        path
        for path in data_dir.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(data_dir).parts)
    )


def read_release(path: Path, data_dir: Path) -> Release:
    """Read and parse one file; raises :class:`ParseError` with a reason to show."""
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        known = ", ".join(sorted(PARSERS))
        raise ParseError(f"okänt filformat {path.suffix or '(inget)'}: använd något av {known}")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ParseError(f"kan inte läsas ({error.strerror}): kontrollera filens rättigheter") from error
    except UnicodeDecodeError as error:
        raise ParseError(
            f"är inte UTF-8 (fel vid byte {error.start}): spara filen som UTF-8"
        ) from error
    return parser(text, release_id=release_id(path), source=path.relative_to(data_dir).as_posix())


def read_corpus(data_dir: Path) -> Iterator[Release | Problem]:
    """Every release in ``data_dir``, or a Problem for each file that could not be taken."""
    if not data_dir.is_dir():
        yield Problem(str(data_dir), "datakatalogen finns inte: ange en katalog med pressmeddelanden")
        return
    seen: dict[str, str] = {}
    for path in release_files(data_dir):
        source = path.relative_to(data_dir).as_posix()
        try:
            release = read_release(path, data_dir)
        except ParseError as error:
            yield Problem(source, str(error))
            continue
        if release.id in seen:
            yield Problem(source, f"samma id ({release.id}) som {seen[release.id]}: byt namn på en av filerna")
            continue
        seen[release.id] = source
        yield release
