"""A synthetic corpus with a share of broken files of every kind, and proof that the rest is indexed.

:func:`write_corpus` writes the generator's releases one per file in every format
and encoding the ingestion reads (text in UTF-8, UTF-8 with BOM, UTF-16 and
Windows-1252; HTML; JSON; JSON Lines), then spoils a share of them in each way an
archive goes wrong. It returns the :class:`Expected` outcome: the ids a correct
ingestion indexes and the place of every problem it must report. :func:`verify`
compares a ``check`` report and a rebuilt index with it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from benchmarks.speed.generate import SYNTHETIC, Generator, Synthetic
from indexer.config import Settings
from indexer.enrich.topics import Taxonomy
from indexer.index.build import rebuild
from indexer.ingest.check import check_corpus
from indexer.ingest.dates import format_swedish_date
from indexer.ingest.ids import disambiguated
from indexer.ingest.sidecar import SUFFIX, is_sidecar
from indexer.search.searching import SearchIndex, open_index

#: The encodings that good text files are written in, in turn.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252")
#: How many records the JSON Lines file with a broken line holds.
LINES_PER_FILE = 5


@dataclass
class Expected:
    """What a correct ingestion makes of the corpus: ids indexed, and problems by place and severity."""

    ids: set[str] = field(default_factory=set)
    problems: dict[str, str] = field(default_factory=dict)
    #: How many files of each defect were written.
    defects: dict[str, int] = field(default_factory=dict)
    files: int = 0


@dataclass(frozen=True)
class Findings:
    """How the reports of ``check`` and ``rebuild`` and the rebuilt index compare with :class:`Expected`."""

    expected: Expected
    #: The problems each command reported, by place, with their severity.
    reports: dict[str, dict[str, str]]
    indexed: set[str]
    seconds: float

    @property
    def unreported(self) -> list[str]:
        """Expected problems that a command did not report (command, place: severity)."""
        return sorted(f"{command}: {where}: {severity}" for command, reported in self.reports.items()
                      for where, severity in self.expected.problems.items()
                      if reported.get(where) != severity)  # fmt: skip

    @property
    def unexpected(self) -> list[str]:
        """Problems that a command reported for good files."""
        return sorted(f"{command}: {where}: {severity}" for command, reported in self.reports.items()
                      for where, severity in reported.items() if where not in self.expected.problems)  # fmt: skip

    @property
    def missing(self) -> list[str]:
        """Good releases the rebuild did not index."""
        return sorted(self.expected.ids - self.indexed)

    @property
    def extra(self) -> list[str]:
        """Releases indexed that a correct ingestion leaves out."""
        return sorted(self.indexed - self.expected.ids)

    @property
    def ok(self) -> bool:
        """Whether every good release is indexed and every bad place reported, nothing else."""
        return not (self.unreported or self.unexpected or self.missing or self.extra)

    def table(self) -> str:
        """The findings as text lines for a person."""
        expected = self.expected
        lines = [f"{'defect':<24}{'files':>7}"]
        lines += [f"{name:<24}{count:>7}" for name, count in expected.defects.items()]
        errors = sum(severity == "error" for severity in expected.problems.values())
        lines += [
            "",
            f"files written            {expected.files}",
            f"problems expected        {len(expected.problems)} ({errors} errors)",
            *(f"problems reported        {len(reported)} by {command}" for command, reported in self.reports.items()),
            f"releases expected        {len(expected.ids)}",
            f"releases indexed         {len(self.indexed)}",
            f"rebuild seconds          {self.seconds:.1f}",
        ]
        for label, items in (("unreported", self.unreported), ("reported for a good file", self.unexpected),
                             ("good release missing", self.missing), ("indexed but broken", self.extra)):  # fmt: skip
            lines += [f"{label}: {item}" for item in items[:20]]
        lines.append("OK: every good release indexed, every broken file reported" if self.ok else "FAILED")
        return "\n".join(lines)


class _Writer:
    """Writes releases into ``data`` and records what a correct ingestion must make of them."""

    def __init__(self, data: Path, generator: Generator) -> None:
        self.data = data
        self.generator = generator
        self.expected = Expected()
        self.spare = itertools.count(10**6)  # release numbers for content nobody else uses

    def put(self, name: str, content: bytes | str, encoding: str = "utf-8") -> Path:
        """Write one file (text in ``encoding``) and count it."""
        path = self.data / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        self.expected.files += not is_sidecar(path)
        return path

    def good(self, release: Synthetic, number: int) -> None:
        """Write a release in the next format and encoding, and expect it indexed."""
        stem = release.record["id"]
        form = number % 4
        if form == 0:
            text = as_text(release)
            self.put(f"{stem}.txt", text, _encoding(text, ENCODINGS[number // 4 % 4]))
        elif form == 1:
            self.put(f"{stem}.html", as_html(release))
        elif form == 2:
            self.put(f"{stem}.json", json.dumps(release.record, ensure_ascii=False))
        else:
            self.put(f"{stem}.jsonl", release.line())
        self.expected.ids.add(stem)

    def problem(self, where: str, severity: str = "error") -> None:
        """Expect a problem reported at ``where``."""
        self.expected.problems[where] = severity

    def other(self) -> Synthetic:
        """A release whose content appears nowhere else in the corpus."""
        return self.generator.release(next(self.spare))


def _encoding(text: str, wanted: str) -> str:
    """``wanted``, or UTF-8 when the text has characters that ``wanted`` cannot hold."""
    try:
        text.encode(wanted)
    except UnicodeEncodeError:
        return "utf-8"
    return wanted


def as_text(release: Synthetic) -> str:
    """A release in the plain-text form of the seeds: title, kind, date, lead, paragraphs.

    The kind is written as the agency writes it; the id still says the release is synthetic.
    """
    record = release.record
    kind = record["kind"].removesuffix(f" {SYNTHETIC}")
    return f"{record['title']}\n\n{kind}\n\n{_date_line(record)}\n\n{record['lead']}\n\n{record['body']}\n"


def as_html(release: Synthetic) -> str:
    """A release as a page saved from a website, with title, date and canonical address in its head."""
    record = release.record
    paragraphs = "\n".join(f"<p>{escape(part)}</p>" for part in record["body"].split("\n\n"))
    return (
        f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>{escape(record['title'])}</title>"
        f'<meta property="article:published_time" content="{record["published"]}T09:00:00+01:00">'
        f'<link rel="canonical" href="{record["url"]}"></head>\n'
        f'<body><header><nav><a href="/">Start</a> <a href="/aktuellt/">Aktuellt</a></nav></header>\n'
        f"<main><article><h1>{escape(record['title'])}</h1>\n<p>{escape(record['lead'])}</p>\n"
        f"{paragraphs}\n</article></main></body></html>\n"
    )


def _date_line(record: dict[str, Any]) -> str:
    """The line that dates a release in the plain-text form: ``Publicerad 3 mars 2022``."""
    return f"Publicerad {format_swedish_date(dt.date.fromisoformat(record['published']))}"


Defect = Callable[[_Writer, Synthetic], None]


def _empty(w: _Writer, release: Synthetic) -> None:
    w.problem(w.put(f"{release.record['id']}.txt", b"").name)


def _unreadable(w: _Writer, release: Synthetic) -> None:
    path = w.data / f"{release.record['id']}.txt"
    path.symlink_to(w.data / "finns-inte" / path.name)  # a link whose target is gone
    w.expected.files += 1
    w.problem(path.name)


def _no_title(w: _Writer, release: Synthetic) -> None:
    w.problem(w.put(f"{release.record['id']}.txt", "Start\n\nDela\nSkriv ut\n\nRelaterade länkar\n").name)


def _no_date(w: _Writer, release: Synthetic) -> None:
    text = as_text(release).replace(_date_line(release.record), "")
    w.problem(w.put(f"{release.record['id']}.txt", text).name, "warning")
    w.expected.ids.add(release.record["id"])


def _binary(w: _Writer, release: Synthetic) -> None:
    w.problem(w.put(f"{release.record['id']}.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x01\x02").name)


def _undecodable(w: _Writer, release: Synthetic) -> None:
    content = as_text(release).encode("utf-8").replace(b"\xc3\xa4", b"\x81", 1) + b"\x81\x8d"
    w.problem(w.put(f"{release.record['id']}.txt", content).name)


def _mojibake(w: _Writer, release: Synthetic) -> None:
    # UTF-8 read as Windows-1252; a byte it leaves undefined is kept as Latin-1 keeps it.
    garbled = "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte)
                      for byte in as_text(release).encode("utf-8"))  # fmt: skip
    w.problem(w.put(f"{release.record['id']}.txt", garbled).name, "warning")
    w.expected.ids.add(release.record["id"])


def _html_without_content(w: _Writer, release: Synthetic) -> None:
    page = as_html(release)
    w.problem(w.put(f"{release.record['id']}.html", page[: page.index("<body>")]).name)


def _broken_json(w: _Writer, release: Synthetic) -> None:
    text = json.dumps(release.record, ensure_ascii=False)
    w.problem(w.put(f"{release.record['id']}.json", text[: len(text) // 2]).name)


def _misspelt_field(w: _Writer, release: Synthetic) -> None:
    record = {("publicerad" if key == "published" else key): value for key, value in release.record.items()}
    w.problem(w.put(f"{release.record['id']}.json", json.dumps(record, ensure_ascii=False)).name)


def _broken_line(w: _Writer, release: Synthetic) -> None:
    others = [w.other() for _ in range(LINES_PER_FILE - 1)]
    lines = [other.line() for other in others]
    lines.insert(2, release.line()[:40] + "\n")
    name = f"{release.record['id']}.jsonl"
    w.put(name, "".join(lines))
    w.problem(f"{name}:3")
    w.expected.ids.update(other.record["id"] for other in others)


def _unknown_format(w: _Writer, release: Synthetic) -> None:
    w.problem(w.put(f"{release.record['id']}.docx", b"PK\x03\x04\x14\x00\x06\x00").name)


def _duplicate_id(w: _Writer, release: Synthetic) -> None:
    stem = release.record["id"]
    w.put(f"{stem}.html", as_html(release))
    w.put(f"{stem}.txt", as_text(w.other()))
    w.problem(f"{stem}.txt", "warning")  # the .html file comes first and keeps the id
    w.expected.ids.update((stem, disambiguated(stem, f"{stem}.txt", {stem})))


def _duplicate_content(w: _Writer, release: Synthetic) -> None:
    stem = release.record["id"]
    w.put(f"{stem}.txt", as_text(release))
    w.put(f"{stem}-kopia.html", as_html(release))
    w.problem(f"{stem}.txt", "warning")  # same words as the copy, which comes first
    w.expected.ids.add(f"{stem}-kopia")


def _sidecar(content: str, severity: str = "error") -> Defect:
    def defect(w: _Writer, release: Synthetic) -> None:
        w.good(release, 0)
        name = f"{release.record['id']}{SUFFIX}"
        w.put(name, content)
        w.problem(name, severity)

    return defect


def _deep_json(w: _Writer, release: Synthetic) -> None:
    w.problem(w.put(f"{release.record['id']}.json", "[" * 100_000).name)


def _long_number(w: _Writer, release: Synthetic) -> None:
    line = json.dumps({**release.record, "id": "TAL"}, ensure_ascii=False).replace('"TAL"', "9" * 5000)
    name = f"{release.record['id']}.jsonl"
    w.put(name, line + "\n")
    w.problem(f"{name}:1")


def _special_file(w: _Writer, release: Synthetic) -> None:
    path = w.data / f"{release.record['id']}.txt"
    if release.record["id"].endswith(("0", "2", "4", "6", "8")):
        os.mkfifo(path)  # a reader that opened it would wait for a writer forever
    else:
        path.symlink_to("/dev/zero")  # one that read it would never reach its end
    w.expected.files += 1
    w.problem(path.name)


def _orphan_sidecar(w: _Writer, release: Synthetic) -> None:
    w.problem(w.put(f"{release.record['id']}{SUFFIX}", 'kind = "Nyhet"\n').name)


#: Every kind of broken file the ingestion must report, by name.
DEFECTS: dict[str, Defect] = {
    "empty file": _empty,
    "unreadable file": _unreadable,
    "no title": _no_title,
    "no date": _no_date,
    "binary file": _binary,
    "unknown encoding": _undecodable,
    "mojibake": _mojibake,
    "HTML without content": _html_without_content,
    "broken JSON": _broken_json,
    "misspelt JSON field": _misspelt_field,
    "broken JSON Lines line": _broken_line,
    "unknown format": _unknown_format,
    "duplicate id": _duplicate_id,
    "duplicate content": _duplicate_content,
    "sidecar not TOML": _sidecar("published = 2018-02-\n"),
    "sidecar unknown key": _sidecar("publiserad = 2018-02-22\n"),
    "sidecar bad date": _sidecar('published = "31 februari 2019"\n'),
    "sidecar unknown topic": _sidecar('topics = ["Rymdfart"]\n'),
    "sidecar nested deep": _sidecar("topics = " + "[" * 5000 + "]" * 5000 + "\n"),
    "sidecar 0x and 10000 f": _sidecar("published = 0x" + "f" * 10_000 + "\n"),
    "JSON nested deep": _deep_json,
    "number of 5000 digits": _long_number,
    "FIFO or device link": _special_file,
    "sidecar alone": _orphan_sidecar,
}  # fmt: skip


def write_corpus(data: Path, n: int, seed: int = 1, share: float = 0.01) -> Expected:
    """Write ``n`` releases into ``data``, ``share`` of them broken in each way of :data:`DEFECTS`."""
    data.mkdir(parents=True)
    writer = _Writer(data, Generator(seed))
    per_defect = max(1, round(n * share))
    releases: Iterator[Synthetic] = writer.generator.releases(n)
    for name, defect in DEFECTS.items():
        for release in itertools.islice(releases, per_defect):
            defect(writer, release)
        writer.expected.defects[name] = per_defect
    for number, release in enumerate(releases):
        writer.good(release, number)
    return writer.expected


def verify(data: Path, index: Path, topics: Path, expected: Expected) -> Findings:
    """Check and rebuild the corpus in ``data`` and compare both with ``expected``."""
    report = check_corpus(data, Taxonomy.load(topics).labels)
    started = time.perf_counter()
    built = rebuild(Settings(data, index, topics))
    seconds = time.perf_counter() - started
    with open_index(index) as opened:
        indexed = _all_ids(opened)
    reports = {
        "check": {problem.source: problem.severity for problem in report.problems},
        "rebuild": {problem.source: problem.severity for problem in (*built.skipped, *built.warnings)},
    }
    return Findings(expected, reports, indexed, seconds)


def _all_ids(index: SearchIndex) -> set[str]:
    """Every id in the index, read page by page from an empty query."""
    ids: set[str] = set()
    for page in itertools.count(1):
        results = index.search("", page=page, per_page=100)
        ids.update(hit.id for hit in results.hits)
        if not results.hits or len(ids) >= results.total:
            return ids
