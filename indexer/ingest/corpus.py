"""Reading a data directory of release files into ``Release`` records.

The format follows the extension (``.txt``, ``.html``/``.htm``, ``.json``, and
``.jsonl`` with one release per line; a ``.txt`` file that holds a saved web page
is read as HTML). A sidecar ``NAME.meta.toml`` corrects a release's metadata.
Every file either becomes releases or a :class:`Problem` naming the file (and
line), what is wrong and what to do, so that one bad file never stops a run:
whatever goes wrong while reading a file, even an error no check foresaw, is
that file's problem. Files over the size limit, FIFOs, devices and other things
that are no regular file are reported, never read.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from indexer.config import MAX_RELEASE_BYTES
from indexer.errors import ParseError
from indexer.ingest import files, ids, sidecar
from indexer.ingest.bounded import clipped
from indexer.ingest.encoding import decode
from indexer.ingest.htmlformat import parse_html
from indexer.ingest.jsonformat import parse_json, parse_json_lines
from indexer.ingest.textformat import parse_text
from indexer.release import Release

Parser = Callable[..., Release]
Severity = Literal["error", "warning"]

#: The parser for each extension of a file that holds one release.
PARSERS: dict[str, Parser] = {
    ".txt": parse_text, ".html": parse_html, ".htm": parse_html, ".json": parse_json,
}  # fmt: skip
#: The extension of files that hold one release per line.
JSON_LINES = ".jsonl"
#: A JSON Lines file may be this many times the size limit of a release (each record within it),
#: and hold this many records (lines with text); the rest of a longer one is not read.
JSON_LINES_FACTOR = 20
MAX_RECORDS = 100_000
#: The problems of one file listed one by one; more are counted in one more line.
MAX_PROBLEMS = 100

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

    def __post_init__(self) -> None:  # a file's name may be no UTF-8, or hold a line break
        for name in ("source", "reason", "file"):
            object.__setattr__(self, name, files.printable(getattr(self, name)))

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
    #: The id an older version gave the release, where it differs (see ``ids.legacy_id``), else "".
    legacy_id: str = ""
    #: The legacy id when this release answers links that use it (the first to have it), else "".
    alias: str = ""
    #: The id the file name or the record asks for (by default the release's); the release's id
    #: differs when another release had it first.
    own_id: str = ""
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "own_id", self.own_id or self.release.id)
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
        """What an update compares later: where the release stood, the hashes and the ids."""
        return {
            "where": self.where, "digest": self.digest, "fingerprint": self.fingerprint,
            "own_id": self.own_id, "legacy_id": self.legacy_id, "alias": self.alias,
        }  # fmt: skip

    def placed(self, admission: Admission) -> Entry:
        """The entry under the id and alias the registry gave it."""
        return replace(self, release=replace(self.release, id=admission.id), alias=admission.alias, own_id=self.own_id)


class Candidate(Protocol):
    """A release up for admission: read now (:class:`Entry`) or recorded in the index."""

    @property
    def own_id(self) -> str: ...

    @property
    def legacy_id(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def where(self) -> str: ...

    @property
    def fingerprint(self) -> str: ...


@dataclass(frozen=True)
class Admission:
    """What the registry made of a release: its id and alias, or the problem that keeps it out.

    ``note`` is a warning for a release taken under another id than it asked for.
    """

    id: str = ""
    alias: str = ""
    problem: Problem | None = None
    note: Problem | None = None


class Registry:
    """Admits releases in corpus order: the first of each content wins, and each gets an id of its own.

    A release that asks for an id another has is taken under the id with a hash of
    its place added (``ids.disambiguated``), with a warning; the first release with a
    legacy id answers the links that use it.
    """

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._contents: dict[str, str] = {}
        self._aliases: set[str] = set()

    def admit(self, item: Candidate) -> Admission:
        """The id and alias ``item`` is taken under, or the problem that keeps it out."""
        if first := self._contents.get(item.fingerprint):
            reason = f"samma innehåll som {first}: indexeras bara en gång; ta bort en av dem"
            return Admission(problem=Problem(item.where, reason, "warning", item.source))
        release_id, note = item.own_id, None
        if first := self._ids.get(release_id):
            release_id = ids.disambiguated(item.own_id, item.where, self._ids)
            reason = (
                f"samma id ({item.own_id}) som {first}: indexeras som {release_id}; "
                "byt namn på en av filerna eller ändra id"
            )
            note = Problem(item.where, reason, "warning", item.source)
        alias = item.legacy_id if item.legacy_id and item.legacy_id not in self._aliases else ""
        self._ids[release_id] = self._contents[item.fingerprint] = item.where
        if alias:
            self._aliases.add(alias)
        return Admission(release_id, alias, note=note)

    def sift(self, items: Iterable[Entry | Problem]) -> Iterator[Entry | Problem]:
        """The items, each entry under the id it is taken as (after its note), or its Problem."""
        for item in items:
            if isinstance(item, Problem):
                yield item
                continue
            admission = self.admit(item)
            if admission.problem:
                yield admission.problem
                continue
            if admission.note:
                yield admission.note
            yield item.placed(admission)


def content_fingerprint(release: Release) -> str:
    """A hash of the release's title and text, ignoring case, punctuation and layout."""
    words = _WORD.findall(f"{release.title}\n{release.lead}\n{release.body_text}".casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:32]


def release_files(data_dir: Path) -> list[Path]:
    """The paths below ``data_dir`` that may hold releases (not sidecars), in a stable order.

    Besides files, they are the paths that look like files and are none (FIFOs,
    devices, links to directories), so that reading them reports what they are.
    """
    return [path for path in _visible_files(data_dir) if not sidecar.is_sidecar(path)]


def file_digest(path: Path, max_bytes: int = MAX_RELEASE_BYTES) -> str:
    """The hash of a release file and its sidecar, as :class:`Entry` records it.

    Raises :class:`ParseError` when the file cannot be read (see ``files.read_bytes``).
    """
    return _digest(files.read_bytes(path, _file_limit(path, max_bytes)), _sidecar_data(path)[0])


def read_file(path: Path, data_dir: Path, max_bytes: int = MAX_RELEASE_BYTES) -> list[Entry | Problem]:
    """The releases in one file (sidecar applied) and the problems found in it.

    ``max_bytes`` is the size limit of a release: a larger file (or JSON Lines record)
    is reported and not read. No error escapes: what goes wrong is a Problem.
    """
    source = path.relative_to(data_dir).as_posix()
    if files.printable(source) != source:
        reason = "filnamnet är inte UTF-8 eller har styrtecken: byt namn på filen"
        return [Problem(source, reason, file=source)]
    try:
        return _read_file(path, data_dir, source, max_bytes)
    except ParseError as error:
        return [Problem(source, str(error), file=source)]
    except Exception as error:  # a failure no check foresaw stays this file's problem
        return [Problem(source, unexpected(error), file=source)]


def unexpected(error: BaseException, failed: str = "kunde inte läsas") -> str:
    """The reason of a Problem for an error that no check foresaw, and what to do."""
    return (
        f"{failed} ({type(error).__name__}: {clipped(str(error), 100)}): "
        "rätta eller ta bort filen; ser den riktig ut, rapportera felet"
    )


def _read_file(path: Path, data_dir: Path, source: str, max_bytes: int) -> list[Entry | Problem]:
    if path.is_symlink() and path.is_dir():
        raise ParseError("är en länk till en katalog, och sådana följs inte: flytta in filerna eller ta bort länken")
    if path.is_dir():
        reason = "är en katalog med ett filnamn (filerna i den läses ändå): byt namn på katalogen"
        return [Problem(source, reason, "warning", source)]
    if path.suffix.lower() not in (*PARSERS, JSON_LINES):
        files.check_regular(path)
        known = ", ".join(sorted((*PARSERS, JSON_LINES)))
        raise ParseError(f"okänt filformat {path.suffix or '(inget)'}: använd något av {known}")
    data = files.read_bytes(path, _file_limit(path, max_bytes))
    extra, sidecar_error = _sidecar_data(path)
    decoded = decode(data)
    if not decoded.text.strip():
        raise ParseError("filen är tom: lägg till en titel och texten, eller ta bort filen")
    records = list(_records(path, source, decoded.text, max_bytes))
    problems = [Problem(where, str(item), file=source) for where, item in records if isinstance(item, ParseError)]
    if decoded.repaired:
        reason = f"var felkodad ({decoded.encoding} med Ã¥ för å), nu reparerad: spara filen som UTF-8"
        problems.append(Problem(source, reason, "warning", source))
    if sidecar_error is not None:
        where = sidecar.sidecar_path(path).relative_to(data_dir).as_posix()
        problems.append(Problem(where, f"{sidecar_error}; metadatafilen används inte", file=source))
    values = _overrides(path, data_dir, extra, problems)
    digest = _digest(data, extra)
    own, legacy = ids.release_id(path.stem), ids.legacy_id(path.stem)
    entries = [
        Entry(sidecar.apply(item, values), where, digest, legacy if item.id == own != legacy else "")
        for where, item in records
        if isinstance(item, Release)
    ]
    return [*problems, *entries]


def read_release(path: Path, data_dir: Path, max_bytes: int = MAX_RELEASE_BYTES) -> Release:
    """The release in a one-release file; raises :class:`ParseError` with the reason."""
    items = read_file(path, data_dir, max_bytes)
    entry = next((item for item in items if isinstance(item, Entry)), None)
    if entry is None:
        raise ParseError(next(item.reason for item in items if isinstance(item, Problem)))
    return entry.release


def read_entries(data_dir: Path, max_bytes: int = MAX_RELEASE_BYTES) -> Iterator[Entry | Problem]:
    """Every release in ``data_dir`` with its file's facts, or a Problem for what was not taken."""
    if not data_dir.is_dir():
        yield missing_data_dir(data_dir)
        return
    registry = Registry()
    paths = release_files(data_dir)
    for path in paths:
        yield from registry.sift(read_file(path, data_dir, max_bytes))
    yield from orphan_sidecars(data_dir, paths)


def read_corpus(data_dir: Path, max_bytes: int = MAX_RELEASE_BYTES) -> Iterator[Release | Problem]:
    """Every release in ``data_dir``, or a Problem for each file that could not be taken."""
    for item in read_entries(data_dir, max_bytes):
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
    """Every path below ``data_dir`` with no part starting with ``.`` that is not a folder walked, sorted.

    A link to a file that is gone counts, so that it is reported as unreadable, and
    so do a link to a folder (not followed) and a folder named like a release file.
    """
    found: list[Path] = []
    for folder, subfolders, names in os.walk(data_dir):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += (Path(folder, name) for name in names if not name.startswith("."))
        found += (
            Path(folder, name) for name in subfolders
            if Path(folder, name).is_symlink() or _named_like_a_file(name)
        )  # fmt: skip
    return sorted(found, key=lambda path: path.parts)


def _named_like_a_file(name: str) -> bool:
    return name.endswith(sidecar.SUFFIX) or Path(name).suffix.lower() in (*PARSERS, JSON_LINES)


def _records(path: Path, source: str, text: str, max_bytes: int) -> Iterator[tuple[str, Release | ParseError]]:
    """Each release in a file's text, with where it stands; a one-release file raises instead."""
    suffix = path.suffix.lower()
    if suffix == JSON_LINES:
        yield from _lines(source, text, max_bytes)
        return
    parser = parse_html if _HTML_START.match(text) else PARSERS[suffix]
    yield source, parser(text, release_id=ids.release_id(path.stem), source=source)


def _lines(source: str, text: str, max_bytes: int) -> Iterator[tuple[str, Release | ParseError]]:
    """Each record of a JSON Lines file's text, at most :data:`MAX_RECORDS`, and at most
    :data:`MAX_PROBLEMS` problems one by one (then how many more); raises when there is none."""
    records = errors = 0
    for number, item in parse_json_lines(text, source=source, max_bytes=max_bytes):
        if records == MAX_RECORDS:
            reason = f"har fler än {MAX_RECORDS} poster: dela upp filen; raderna från {number} läses inte"
            yield source, ParseError(reason)
            break
        records += 1
        errors += isinstance(item, ParseError)
        if errors <= MAX_PROBLEMS or isinstance(item, Release):
            yield f"{source}:{number}", item
    if errors > MAX_PROBLEMS:
        yield source, ParseError(f"{errors - MAX_PROBLEMS} rader till har fel: rätta dem som raderna ovan")
    if not records:
        raise ParseError("innehåller inga poster: skriv ett JSON-objekt per rad")


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
        reason = f"{error}; metadatafilen används inte"
    except Exception as error:  # a failure no check foresaw leaves the release without its sidecar
        reason = f"{unexpected(error)}; metadatafilen används inte"
    problems.append(Problem(where, reason, file=source))
    return {}


def _sidecar_data(path: Path) -> tuple[bytes | None, ParseError | None]:
    """The bytes of the sidecar of ``path`` (None when there is none), or why it cannot be read."""
    side = sidecar.sidecar_path(path)
    if not os.path.lexists(side):
        return None, None
    try:
        return files.read_bytes(side, sidecar.MAX_BYTES), None
    except ParseError as error:
        return None, error


def _file_limit(path: Path, max_bytes: int) -> int:
    """The size limit of the file ``path``: a release's, or many times that for JSON Lines."""
    return max_bytes * JSON_LINES_FACTOR if path.suffix.lower() == JSON_LINES else max_bytes


def _digest(data: bytes, extra: bytes | None) -> str:
    digest = hashlib.sha256(data)
    if extra is not None:
        digest.update(b"\0sidecar\0" + extra)
    return digest.hexdigest()[:32]
