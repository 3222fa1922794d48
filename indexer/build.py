"""Building the index: every release into a new generation, swapped in when complete.

An index directory holds generations (``gen-*`` folders, each a whole Whoosh
index) and a ``current`` symlink to the one in service. A rebuild writes a new
generation and replaces the symlink atomically only after the commit, so a
failed or interrupted rebuild leaves the previous index serving. A lock file
keeps two writers apart.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index
from whoosh.analysis import Analyzer

from .config import Settings
from .corpus import Problem, read_corpus, release_files
from .enrich import enrich
from .schema import build_schema, document
from .topics import Taxonomy, TaxonomyError

CURRENT = "current"
META_FILE = "pressarkiv.json"
LOCK_FILE = ".lock"


class BuildError(RuntimeError):
    """A build that could not be done; the message says why and what to do."""


@dataclass
class BuildReport:
    """What a rebuild did: releases indexed, files skipped with reasons, seconds taken."""

    indexed: int = 0
    skipped: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    generation: Path | None = None

    def summary(self) -> str:
        """One line for a person: counts and time."""
        return (
            f"{self.indexed} pressmeddelanden indexerade, {len(self.skipped)} överhoppade, "
            f"{self.seconds:.1f} s"
        )


def current_generation(index_dir: Path) -> Path | None:
    """The generation in service, or None when no complete index exists."""
    link = index_dir / CURRENT
    target = link.resolve() if link.is_symlink() else None
    if target is None or not whoosh_index.exists_in(str(target)):
        return None
    return target


def read_meta(generation: Path) -> dict:
    """The build facts stored with a generation (``built_at``, counts)."""
    return json.loads((generation / META_FILE).read_text(encoding="utf-8"))


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index directory's write lock, or fail at once if another writer has it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BuildError(
                f"{index_dir}: ett annat bygge av indexet pågår; vänta tills det är klart"
            ) from error
        yield


def rebuild(
    settings: Settings, *, show_progress: bool = False, analyzer: Analyzer | None = None
) -> BuildReport:
    """Build the whole index from the data directory and swap it in when complete.

    Raises :class:`BuildError` when nothing could be indexed; the previous index
    (if any) keeps serving. ``analyzer`` replaces the Swedish analyzer, for
    measuring what each analysis step gains.
    """
    started = time.perf_counter()
    try:
        taxonomy = Taxonomy.load(settings.topics_file)
    except TaxonomyError as error:
        raise BuildError(str(error)) from error
    index_dir = settings.index_dir
    try:
        with writer_lock(index_dir):
            stamp = dt.datetime.now(dt.timezone.utc)
            generation = index_dir / f"gen-{stamp:%Y%m%dT%H%M%S%f}"
            report = _write_generation(settings, taxonomy, generation, stamp, show_progress, analyzer)
            _swap_in(index_dir, generation)
            _remove_stale_generations(index_dir)
    except OSError as error:
        raise BuildError(
            f"{index_dir}: kan inte skriva indexet ({error.strerror or error}); "
            "kontrollera rättigheter och ledigt diskutrymme"
        ) from error
    report.seconds = time.perf_counter() - started
    return report


def ensure_index(settings: Settings, *, show_progress: bool = False) -> BuildReport | None:
    """Build the index if none exists; None when one was already there."""
    if current_generation(settings.index_dir) is not None:
        return None
    return rebuild(settings, show_progress=show_progress)


def _write_generation(
    settings: Settings,
    taxonomy: Taxonomy,
    generation: Path,
    stamp: dt.datetime,
    show_progress: bool,
    analyzer: Analyzer | None,
) -> BuildReport:
    """Index every release into a new generation folder; remove it again on failure."""
    report = BuildReport(generation=generation)
    generation.mkdir(parents=True)
    try:
        ix = whoosh_index.create_in(str(generation), build_schema(analyzer))
        writer = ix.writer(limitmb=256)
        try:
            total = len(release_files(settings.data_dir)) if settings.data_dir.is_dir() else 0
            items = tqdm(read_corpus(settings.data_dir), total=total, unit=" filer",
                         disable=not show_progress, desc="Indexerar")
            for item in items:
                if isinstance(item, Problem):
                    report.skipped.append(item)
                    continue
                writer.add_document(**document(enrich(item, taxonomy)))
                report.indexed += 1
        except BaseException:
            writer.cancel()
            raise
        if report.indexed == 0:
            writer.cancel()
            reasons = "; ".join(str(problem) for problem in report.skipped) or "katalogen är tom"
            raise BuildError(f"{settings.data_dir}: inget pressmeddelande kunde indexeras ({reasons})")
        writer.commit()
        meta = {
            "built_at": stamp.isoformat(),
            "indexed": report.indexed,
            "skipped": [{"source": p.source, "reason": p.reason} for p in report.skipped],
        }
        (generation / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    return report


def _swap_in(index_dir: Path, generation: Path) -> None:
    """Point ``current`` at the new generation in one atomic rename."""
    temporary = index_dir / f".{CURRENT}-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(generation.name)
    os.replace(temporary, index_dir / CURRENT)


def _remove_stale_generations(index_dir: Path) -> None:
    """Keep the current and the previous generation (readers may still use it)."""
    current = (index_dir / CURRENT).resolve()
    older = sorted(path for path in index_dir.glob("gen-*") if path != current)
    for path in older[:-1]:
        shutil.rmtree(path, ignore_errors=True)
