"""Reading a data directory of release files into ``Release`` records.

The format follows the extension (``.txt``, ``.html``/``.htm``, ``.json``, and
``.jsonl`` with one release per line; a ``.txt`` file that holds a saved web page
is read as HTML). A sidecar ``NAME.meta.toml`` corrects a release's metadata.
Every file either becomes releases or a :class:`Problem` naming the file (and
line), what is wrong and what to do, so that one bad file never stops a run.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from indexer.ingest import sidecar
from indexer.ingest.encoding import decode
from indexer.errors import ParseError
from indexer.ingest.validate import safe_id
from indexer.ingest.htmlformat import parse_html
from indexer.ingest.jsonformat import parse_json, parse_json_lines
from indexer.release import Release
from indexer.ingest.textformat import parse_text

Parser = Callable[..., Release]
Severity = Literal["error", "warning"]

#: The parser for each extension of a file that holds one release.
PARSERS: dict[str, Parser] = {
    ".txt": parse_text, ".html": parse_html, ".htm": parse_html, ".json": parse_json,
}  # fmt: skip
#: The extension of files that hold one release per line.
JSON_LINES = ".jsonl"

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file or record, and what to do (in Swedish).

    An ``"error"`` means the file (or record, or sidecar) is not taken; a
    ``"warning"`` means it is taken, or its content is already indexed.
    """

    source: str
    reason: str
    severity: Severity = "error"
    #: The release file it concerns, which an update reads again; empty for a stray sidecar.
    file: str = ""

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Entry:
    """A release read from the corpus, with what an update needs to know about its file."""

    release: Release
    #: The file, or ``file.jsonl:12`` for a record of a JSON Lines file.
    where: str
    #: Hash of the file and its sidecar: it changes when either changes.
    digest: str
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fingerprint", content_fingerprint(self.release))

    @property
    def id(self) -> str:
        """The release's id."""
        return self.release.id

    @property
    def source(self) -> str:
        """The release's file, relative to the data directory."""
        return self.release.source

    def facts(self) -> dict[str, str]:
        """What an update compares later: where the release stood and the hashes."""
        return {"where": self.where, "digest": self.digest, "fingerprint": self.fingerprint}


class Candidate(Protocol):
    """A release up for admission: read now (:class:`Entry`) or recorded in the index."""

    @property
    def id(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def where(self) -> str: ...

    @property
    def fingerprint(self) -> str: ...


class Registry:
    """Admits releases in corpus order: the first of each id and of each content wins."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._contents: dict[str, str] = {}

    def admit(self, item: Candidate) -> Problem | None:
        """None if the release is taken, else the Problem that says why not."""
        if first := self._contents.get(item.fingerprint):
            reason = f"samma innehåll som {first}: indexeras bara en gång; ta bort en av dem"
            return Problem(item.where, reason, "warning", item.source)
        if first := self._ids.get(item.id):
            reason = f"samma id ({item.id}) som {first}: byt namn på en av filerna eller ändra id"
            return Problem(item.where, reason, "error", item.source)
        self._ids[item.id] = self._contents[item.fingerprint] = item.where
        return None

    def sift(self, items: Iterable[Entry | Problem]) -> Iterator[Entry | Problem]:
        """The items, with each entry that is not admitted replaced by its Problem."""
        for item in items:
            problem = self.admit(item) if isinstance(item, Entry) else None
            yield problem or item


def release_id(path: Path) -> str:
    """The stable id of the release in ``path``: its file name without extension."""
    return safe_id(path.stem)


def content_fingerprint(release: Release) -> str:
    """A hash of the release's title and text, ignoring case, punctuation and layout."""
    words = _WORD.findall(f"{release.title}\n{release.lead}\n{release.body_text}".casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:32]


def release_files(data_dir: Path) -> list[Path]:
    """The files below ``data_dir`` that may hold releases (not sidecars), in a stable order."""
    return [path for path in _visible_files(data_dir) if not sidecar.is_sidecar(path)]


def file_digest(path: Path) -> str:
    """The hash of a release file and its sidecar, as :class:`Entry` records it."""
    return _digest(path.read_bytes(), _sidecar_bytes(path))


def read_file(path: Path, data_dir: Path) -> list[Entry | Problem]:
    """The releases in one file (sidecar applied) and the problems found in it."""
    source = path.relative_to(data_dir).as_posix()
    if path.suffix.lower() not in (*PARSERS, JSON_LINES):
        known = ", ".join(sorted((*PARSERS, JSON_LINES)))
        reason = f"okänt filformat {path.suffix or '(inget)'}: använd något av {known}"
        return [Problem(source, reason, file=source)]
    try:
        data, extra = path.read_bytes(), _sidecar_bytes(path)
    except OSError as error:
        reason = f"kan inte läsas ({error.strerror}): kontrollera filens rättigheter"
        return [Problem(source, reason, file=source)]
    try:
        decoded = decode(data)
        if not decoded.text.strip():
            raise ParseError("filen är tom: lägg till en titel och texten, eller ta bort filen")
        records = list(_records(path, source, decoded.text))
    except ParseError as error:
        return [Problem(source, str(error), file=source)]
    problems = [
        Problem(where, str(item), file=source) for where, item in records if isinstance(item, ParseError)
    ]
    if decoded.repaired:
        reason = f"var felkodad ({decoded.encoding} med Ã¥ för å), nu reparerad: spara filen som UTF-8"
        problems.append(Problem(source, reason, "warning", source))
    values = _overrides(path, data_dir, extra, problems)
    digest = _digest(data, extra)
    entries = [
        Entry(sidecar.apply(item, values), where, digest)
        for where, item in records
        if isinstance(item, Release)
    ]
    return [*problems, *entries]


def read_release(path: Path, data_dir: Path) -> Release:
    """The release in a one-release file; raises :class:`ParseError` with the reason."""
    items = read_file(path, data_dir)
    entry = next((item for item in items if isinstance(item, Entry)), None)
    if entry is None:
        raise ParseError(next(item.reason for item in items if isinstance(item, Problem)))
    return entry.release


def read_entries(data_dir: Path) -> Iterator[Entry | Problem]:
    """Every release in ``data_dir`` with its file's facts, or a Problem for what was not taken."""
    if not data_dir.is_dir():
        yield missing_data_dir(data_dir)
        return
    registry = Registry()
    files = release_files(data_dir)
    for path in files:
        yield from registry.sift(read_file(path, data_dir))
    yield from orphan_sidecars(data_dir, files)


def read_corpus(data_dir: Path) -> Iterator[Release | Problem]:
    """Every release in ``data_dir``, or a Problem for each file that could not be taken."""
    for item in read_entries(data_dir):
        yield item.release if isinstance(item, Entry) else item


def missing_data_dir(data_dir: Path) -> Problem:
    """The Problem of a data directory that does not exist."""
    return Problem(str(data_dir), "datakatalogen finns inte: ange en katalog med pressmeddelanden")


def orphan_sidecars(data_dir: Path, files: list[Path]) -> Iterator[Problem]:
    """A Problem for each sidecar file without a release file of the same name beside it."""
    owned = {sidecar.sidecar_path(path) for path in files}
    for path in _visible_files(data_dir):
        if sidecar.is_sidecar(path) and path not in owned:
            name = path.name[: -len(sidecar.SUFFIX)]
            yield Problem(
                path.relative_to(data_dir).as_posix(),
                f"ingen pressmeddelandefil {name}.* bredvid: byt namn på metadatafilen eller ta bort den",
            )


def _visible_files(data_dir: Path) -> list[Path]:
    """Every file below ``data_dir`` whose path has no part starting with ``.``, sorted.

    A link to a file that is gone counts, so that it is reported as unreadable.
    """
    found = []
    for folder, subfolders, names in os.walk(data_dir):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += (Path(folder, name) for name in names if not name.startswith("."))
    return sorted((path for path in found if path.is_file() or not path.exists()), key=lambda path: path.parts)


def _records(path: Path, source: str, text: str) -> Iterator[tuple[str, Release | ParseError]]:
    """Each release in a file's text, with where it stands; a one-release file raises instead."""
    suffix = path.suffix.lower()
    if suffix == JSON_LINES:
        records = [(f"{source}:{number}", item) for number, item in parse_json_lines(text, source=source)]
        if not records:
            raise ParseError("innehåller inga poster: skriv ett JSON-objekt per rad")
        yield from records
        return
    parser = parse_html if _HTML_START.match(text) else PARSERS[suffix]
    yield source, parser(text, release_id=release_id(path), source=source)


def _overrides(path: Path, data_dir: Path, data: bytes | None, problems: list[Problem]) -> dict[str, Any]:
    """The sidecar's values for the release in ``path``; a problem with it is added to ``problems``."""
    if data is None:
        return {}
    where = sidecar.sidecar_path(path).relative_to(data_dir).as_posix()
    source = path.relative_to(data_dir).as_posix()
    if path.suffix.lower() == JSON_LINES:
        reason = "gäller en fil med flera pressmeddelanden: skriv värdena i posterna i stället"
        problems.append(Problem(where, reason, file=source))
        return {}
    try:
        return sidecar.parse_sidecar(data)
    except ParseError as error:
        problems.append(Problem(where, f"{error}; metadatafilen används inte", file=source))
        return {}


def _sidecar_bytes(path: Path) -> bytes | None:
    side = sidecar.sidecar_path(path)
    return side.read_bytes() if side.is_file() else None


def _digest(data: bytes, extra: bytes | None) -> str:
    digest = hashlib.sha256(data)
    if extra is not None:
        digest.update(b"\0sidecar\0" + extra)
    return digest.hexdigest()[:32]
