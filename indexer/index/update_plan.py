"""Planning an update: what must change in the index for it to match the data directory.

A file whose hash (file and sidecar) is the one the index recorded is not read
again, unless it gave problems last time (then it is read for them, but its
releases are not indexed again). Every release, read now or recorded,
passes the same :class:`~indexer.ingest.corpus.Registry` in the same file order as in a
rebuild, so an update indexes exactly the releases a rebuild would.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.reading import IndexReader

from indexer.config import MAX_RELEASE_BYTES
from indexer.errors import ParseError
from indexer.ingest.check import release_problems
from indexer.ingest.corpus import (
    Admission,
    Entry,
    Problem,
    Registry,
    file_digest,
    missing_data_dir,
    orphan_sidecars,
    read_file,
    release_files,
)  # fmt: skip

#: The index column that records where each release was read from (see ``schema``).
COLUMN = "ingest"


@dataclass(frozen=True)
class Indexed:
    """A release in the index, as its ``ingest`` column recorded it."""

    id: str
    source: str
    where: str
    digest: str
    fingerprint: str
    own_id: str
    legacy_id: str
    alias: str

    def admitted_as(self, admission: Admission) -> bool:
        """Whether the registry gives this release the id and alias it has in the index."""
        return admission.problem is not None or (admission.id, admission.alias) == (self.id, self.alias)


@dataclass
class Plan:
    """The changes an update makes: releases to add, ids to delete, and the problems found."""

    previous: set[str]
    add: list[Entry] = field(default_factory=list)
    keep: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @property
    def delete(self) -> set[str]:
        """Ids to delete: every release in the index that is not kept as it is."""
        return self.previous - self.keep

    @property
    def added(self) -> int:
        """New releases: added, and not in the index before."""
        return len({entry.id for entry in self.add} - self.previous)

    @property
    def changed(self) -> int:
        """Releases indexed again because their file or sidecar changed."""
        return len(self.add) - self.added

    @property
    def removed(self) -> int:
        """Releases deleted and not indexed again."""
        return len(self.delete - {entry.id for entry in self.add})


def indexed_releases(reader: IndexReader) -> list[Indexed] | None:
    """The releases in an index, or None when it records no sources (built by an older version)."""
    if COLUMN not in reader.schema or not reader.has_column(COLUMN):
        return None
    column = reader.column_reader(COLUMN)
    return [Indexed(**json.loads(column[docnum])) for docnum in reader.all_doc_ids()]


def plan_update(
    data_dir: Path,
    indexed: Iterable[Indexed],
    recheck: set[str],
    topics: Collection[str],
    max_bytes: int = MAX_RELEASE_BYTES,
) -> Plan:
    """Compare the data directory with the index; ``recheck`` are files to read in any case.

    ``topics`` are the taxonomy's labels, for the problems of each release read;
    ``max_bytes`` is the size limit of a release. An unchanged file is read again
    when its releases would now get other ids (another file took or left an id).
    """
    by_source: dict[str, list[Indexed]] = defaultdict(list)
    for release in indexed:
        by_source[release.source].append(release)
    plan = Plan(previous={release.id for releases in by_source.values() for release in releases})
    if not data_dir.is_dir():
        plan.problems.append(missing_data_dir(data_dir))
        return plan
    registry = Registry()
    paths = release_files(data_dir)
    for path in paths:
        source = path.relative_to(data_dir).as_posix()
        known = by_source.get(source, [])
        admitted: dict[str, Admission] = {}
        if known and source not in recheck and _unchanged(path, known[0].digest, max_bytes):
            admitted = {release.where: registry.admit(release) for release in known}
            if all(release.admitted_as(admitted[release.where]) for release in known):
                plan.keep.update(release.id for release in known if _noted(plan, admitted[release.where]))
                continue
        as_indexed = {(r.id, r.alias, r.where, r.digest, r.fingerprint) for r in known}
        for item in read_file(path, data_dir, max_bytes):
            if isinstance(item, Problem):
                plan.problems.append(item)
                continue
            admission = admitted.get(item.where) or registry.admit(item)
            if not _noted(plan, admission):
                continue
            entry = item.placed(admission)
            plan.problems += release_problems(entry, topics)
            if (entry.id, entry.alias, entry.where, entry.digest, entry.fingerprint) in as_indexed:
                plan.keep.add(entry.id)  # read again for its problems, but indexed as it is
            else:
                plan.add.append(entry)
    plan.problems += orphan_sidecars(data_dir, paths)
    return plan


def _noted(plan: Plan, admission: Admission) -> bool:
    """Add the admission's problem or note to the plan's problems; whether the release is taken."""
    if admission.problem:
        plan.problems.append(admission.problem)
        return False
    if admission.note:
        plan.problems.append(admission.note)
    return True


def _unchanged(path: Path, digest: str, max_bytes: int) -> bool:
    try:
        return file_digest(path, max_bytes) == digest
    except ParseError:
        return False
