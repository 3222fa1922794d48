"""Checking a corpus without touching the index: every problem, with what to do.

Errors are what keeps a file (or record, or sidecar) out of the index, or a
sidecar topic the taxonomy does not know; warnings (no date, a duplicate, a
repaired encoding) leave the release indexed and need no action to build.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.config import MAX_RELEASE_BYTES
from indexer.ingest.corpus import Entry, Problem, read_entries, release_files
from indexer.ingest.sidecar import sidecar_path

SEVERITY_LABELS = {"error": "fel", "warning": "varning"}


@dataclass
class CheckReport:
    """The outcome of a check: files and releases seen, and the problems found."""

    files: int = 0
    releases: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(problem.severity == "error" for problem in self.problems)

    @property
    def ok(self) -> bool:
        """Whether the corpus has no errors (warnings allowed)."""
        return self.errors == 0

    def lines(self) -> list[str]:
        """One line per problem (file, severity, what is wrong and what to do), then a summary."""
        found = [f"{p.source}: {SEVERITY_LABELS[p.severity]}: {p.reason}" for p in self.problems]
        n = len(self.problems) - self.errors
        warnings = f"{n} varning{'' if n == 1 else 'ar'}"
        return [*found, f"{self.releases} pressmeddelanden i {self.files} filer: {self.errors} fel, {warnings}"]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "files": self.files, "releases": self.releases, "errors": self.errors,
            "warnings": len(self.problems) - self.errors, "problems": [asdict(p) for p in self.problems],
        }  # fmt: skip


def check_corpus(data_dir: Path, topics: Collection[str], max_bytes: int = MAX_RELEASE_BYTES) -> CheckReport:
    """Check every file in ``data_dir``; ``topics`` are the taxonomy's labels, ``max_bytes`` the size
    limit of a release."""
    report = CheckReport(files=len(release_files(data_dir)) if data_dir.is_dir() else 0)
    for item in read_entries(data_dir, max_bytes):
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        report.releases += 1
        report.problems += release_problems(item, topics)
    return report


def release_problems(entry: Entry, topics: Collection[str]) -> list[Problem]:
    """What is wrong with a release that was read: no date, topics the taxonomy lacks.

    A build reports these too, and leaves the unknown topics out.
    """
    release, sidecar = entry.release, sidecar_path(Path(entry.source)).as_posix()
    problems = []
    if release.published is None:
        remedy = (
            "lägg till published i posten" if release.provenance.get("title") == "json"
            else f"lägg till raden Publicerad <datum> i texten eller published = 2021-02-17 i {sidecar}"
        )  # fmt: skip
        reason = f"inget publiceringsdatum: {remedy}; till dess visas det under Okänt år"
        problems.append(Problem(entry.where, reason, "warning", entry.source))
    given = release.topics if release.given("topics") else ()
    where = sidecar if release.provenance.get("topics") == "sidecar" else entry.where
    problems += [_unknown_topic(where, "topics", label, entry.source) for label in given if label not in topics]
    problems += [
        _unknown_topic(sidecar, "remove_topics", label, entry.source)
        for label in release.removed_topics
        if label not in topics
    ]
    return problems


def _unknown_topic(where: str, key: str, label: str, source: str) -> Problem:
    reason = f"{key}: okänt ämne ”{label}”: använd en etikett ur ämnesfilen (topics.toml) eller lägg till ämnet där"
    return Problem(where, reason, "error", source)
