"""Building the index: a new generation for every change, swapped in when complete.

An index directory holds generations (``gen-*`` folders, each a whole Whoosh
index with its word list) and a ``current`` symlink to the one in service. A
rebuild writes a new generation from every release, in full pipelines that each
write their own segments (:mod:`indexer.index.segments`); an update copies the
current one (segment files as hard links), deletes and adds only what changed,
and commits. Either way the symlink is replaced atomically only after the commit,
so readers keep a consistent view and a failed or interrupted build leaves the
previous index serving. A lock file keeps two writers apart; worker processes
die with the process that holds it.
A build also makes sure that the dictionary's known forms are cached
(:mod:`indexer.language.known`), which only searches read: no search waits for the
dictionary to be expanded.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tqdm import tqdm
from whoosh import index as whoosh_index
from whoosh.analysis import Analyzer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import IndexWriter

from indexer.config import Settings
from indexer.enrich.topics import Taxonomy, TaxonomyError
from indexer.errors import BuildError
from indexer.index.generations import (
    CURRENT,
    INDEX_FORMAT,
    META_FILE,
    current_generation,
    index_format,
    linked_generation,
    read_meta,
)  # fmt: skip
from indexer.index.pipeline import analysed
from indexer.index.recovery import recover
from indexer.index.schema import build_schema
from indexer.index.segments import build_segments, commit_segments, relaxed_gc
from indexer.index.update_plan import indexed_releases, plan_update
from indexer.index.wordlist import read_counts, release_words, write_words
from indexer.ingest.corpus import Entry, Problem, release_files
from indexer.language import known
from indexer.release import Release

LOCK_FILE = ".lock"
#: The files Whoosh writes once and never changes: each segment's files (``MAIN_<segment id>.<kind>``;
#: deletions are recorded in the table of contents) and each commit's table of contents
#: (``_MAIN_<generation>.toc``). Not its lock file ``MAIN_WRITELOCK``, nor :data:`META_FILE`.
_WRITTEN_ONCE = re.compile(r"_MAIN_\d+\.toc|MAIN_[a-z0-9]+\.[\w.]+")
#: Memory for the postings of an update's segment before Whoosh writes them out (its default).
UPDATE_WRITER_MB = 128


@dataclass
class BuildReport:
    """What a rebuild did: releases indexed, files skipped and warnings with reasons, seconds."""

    indexed: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    generation: Path | None = None

    def summary(self) -> str:
        """One line for a person: counts and time."""
        n = len(self.warnings)
        warnings = f", {n} varning{'' if n == 1 else 'ar'}" if n else ""
        return (
            f"{self.indexed} pressmeddelanden indexerade, {len(self.skipped)} överhoppade{warnings}, "
            f"{self.seconds:.1f} s"
        )

    def note(self, problem: Problem) -> None:
        """Record a problem: an error as a skipped file, else as a warning."""
        (self.skipped if problem.severity == "error" else self.warnings).append(problem)


@dataclass
class UpdateReport(BuildReport):
    """What an update did: releases added, changed, removed and left as they were."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    #: Why the whole index was built instead (no index yet, a new taxonomy …), if it was.
    rebuilt: str | None = None

    def summary(self) -> str:
        """One line for a person: what changed, what was skipped, and the time."""
        counts = (
            f"{self.added} nya, {self.changed} ändrade, {self.removed} borttagna, "
            f"{self.unchanged} oförändrade, {len(self.skipped)} överhoppade, {self.seconds:.1f} s"
        )
        return f"{self.rebuilt}: {counts}" if self.rebuilt else counts


@dataclass(frozen=True)
class _Job:
    """One write to the index: its settings and taxonomy, and the generation it may create."""

    settings: Settings
    taxonomy: Taxonomy
    topics_digest: str
    generation: Path
    stamp: dt.datetime


Report = TypeVar("Report", bound=BuildReport)


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index directory's write lock, or fail at once if another writer has it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BuildError(f"{index_dir}: ett annat bygge av indexet pågår; vänta tills det är klart") from error
        yield


def rebuild(
    settings: Settings,
    *,
    show_progress: bool = False,
    analyzer: Analyzer | None = None,
    pipelines: int | None = None,
) -> BuildReport:
    """Build the whole index from the data directory and swap it in when complete.

    Raises :class:`BuildError` when nothing could be indexed; the previous index
    (if any) keeps serving. ``analyzer`` replaces the Swedish analyzer, for
    measuring what each analysis step gains; ``pipelines`` sets how many worker
    processes build it (default: one per core, see :mod:`indexer.index.segments`).
    """
    return _publish(settings, lambda job: _write_all(job, BuildReport(), show_progress, analyzer, pipelines))


def update(settings: Settings, *, show_progress: bool = False) -> UpdateReport:
    """Bring the index in line with the data directory: add, re-index and delete releases.

    Unchanged files are not read again. Without a usable index (none yet, one
    from an older version, or a changed taxonomy) the whole index is built and
    the report says why. Raises :class:`BuildError` like :func:`rebuild`.
    """
    return _publish(settings, lambda job: _update(job, show_progress))


def ensure_index(settings: Settings, *, show_progress: bool = False) -> BuildReport | None:
    """Build the index if none exists, or the one there is of another format; None when it is usable."""
    current = current_generation(settings.index_dir)
    if current is not None and index_format(current) == INDEX_FORMAT:
        return None
    return rebuild(settings, show_progress=show_progress)


def _publish(settings: Settings, write: Callable[[_Job], Report]) -> Report:
    """Run ``write`` under the writer lock and swap in the generation it made, if any."""
    started = time.perf_counter()
    try:
        taxonomy = Taxonomy.load(settings.topics_file)
    except TaxonomyError as error:
        raise BuildError(str(error)) from error
    index_dir = settings.index_dir
    known.load_known(known.cache_path())  # for spelling help, built now if missing
    try:
        with writer_lock(index_dir):
            recover(index_dir)  # what a killed writer left
            stamp = dt.datetime.now(dt.UTC)
            generation = index_dir / f"gen-{stamp:%Y%m%dT%H%M%S%f}"
            report = write(_Job(settings, taxonomy, _file_digest(settings.topics_file), generation, stamp))
            if report.generation is not None:
                _swap_in(index_dir, report.generation)
                _remove_stale_generations(index_dir)
    except OSError as error:
        raise BuildError(
            f"{index_dir}: kan inte skriva indexet ({error.strerror or error}); "
            "kontrollera rättigheter och ledigt diskutrymme"
        ) from error
    report.seconds = time.perf_counter() - started
    return report


def _write_all(
    job: _Job, report: Report, show_progress: bool, analyzer: Analyzer | None, pipelines: int | None = None
) -> Report:
    """Index every release into a new generation folder, in ``pipelines`` pipelines (default: one per core)."""
    data_dir = job.settings.data_dir
    with _new_generation(job.generation) as generation:
        ix = whoosh_index.create_in(str(generation), build_schema(analyzer))
        total = len(release_files(data_dir)) if data_dir.is_dir() else 0
        with tqdm(total=total, unit=" filer", disable=not show_progress, desc="Indexerar") as bar:

            def progress(done: int) -> None:
                bar.update(done - bar.n)

            built = build_segments(ix, data_dir, job.taxonomy, progress, job.settings.max_release_bytes, pipelines)
        for problem in built.problems:
            report.note(problem)
        report.indexed = built.indexed
        if report.indexed == 0:
            _nothing_indexed(job, report)
        commit_segments(ix, built.segments)
        write_words(generation, built.words)
        _write_meta(job, report, writer_mb=round(built.writer_mb, 1))
    report.generation = job.generation
    return report


def _update(job: _Job, show_progress: bool) -> UpdateReport:
    """Apply the changes in the data directory to a copy of the current generation."""
    current = current_generation(job.settings.index_dir)
    reason = _why_rebuild(current, job.topics_digest)
    if reason is not None:
        report = _write_all(job, UpdateReport(rebuilt=reason), show_progress, None)
        report.added = report.indexed
        return report
    assert current is not None  # _why_rebuild gives a reason when there is no index
    with whoosh_index.open_dir(str(current)).reader() as reader:
        indexed = indexed_releases(reader) or []
    recheck = {problem["file"] for problem in read_meta(current)["problems"]}
    plan = plan_update(job.settings.data_dir, indexed, recheck, job.taxonomy.labels, job.settings.max_release_bytes)
    report = UpdateReport(
        indexed=len(plan.keep), added=plan.added, changed=plan.changed, removed=plan.removed,
        unchanged=len(plan.keep),
    )  # fmt: skip
    for problem in plan.problems:
        report.note(problem)
    if not plan.add and not plan.delete:
        return report
    with _new_generation(job.generation, copy_of=current) as generation, relaxed_gc():
        ix = whoosh_index.open_dir(str(generation))
        words = read_counts(generation)
        with ix.searcher() as searcher:
            for release_id in plan.delete:
                stored = searcher.document(id=release_id)
                if stored is not None:
                    words.subtract(release_words(Release.from_dict(json.loads(stored["record"]))))
        writer = ix.writer(limitmb=UPDATE_WRITER_MB, codec=W3Codec(), compound=False)
        _commit(job, writer, sorted(plan.delete), plan.add, report, words)
    report.generation = job.generation
    return report


def _why_rebuild(current: Path | None, topics_digest: str) -> str | None:
    """Why an update must build the whole index, or None when it can update the current one."""
    if current is None:
        return "Inget index fanns, så hela indexet byggdes"
    meta = read_meta(current)
    if "problems" not in meta or index_format(current) != INDEX_FORMAT:
        return "Indexet var byggt av en äldre version, så hela indexet byggdes om"
    if meta.get("topics_digest") != topics_digest:
        return "Ämnesfilen har ändrats, så hela indexet byggdes om"
    return None


def _commit(
    job: _Job,
    writer: IndexWriter,
    delete: Iterable[str],
    add: Iterable[Entry],
    report: BuildReport,
    words: Counter[str],
) -> None:
    """Delete and add releases with one writer, commit, and write the word list and the build facts."""
    try:
        for release_id in delete:
            writer.delete_by_term("id", release_id)
        with analysed(job.taxonomy, add) as documents:
            for item in documents:
                if isinstance(item, Problem):  # analysis failed on this release
                    report.note(item)
                    continue
                fields, spelling = item
                writer.add_document(**fields)
                words.update(spelling)
                report.indexed += 1
    except BaseException:
        writer.cancel()
        raise
    if report.indexed == 0:
        writer.cancel()
        _nothing_indexed(job, report)
    writer.commit()
    write_words(job.generation, words)
    _write_meta(job, report)


def _nothing_indexed(job: _Job, report: BuildReport) -> None:
    """Raise the BuildError of a build that indexed no release, with the reasons."""
    reasons = "; ".join(str(problem) for problem in report.skipped) or "katalogen är tom"
    raise BuildError(f"{job.settings.data_dir}: inget pressmeddelande kunde indexeras ({reasons})")


def _write_meta(job: _Job, report: BuildReport, **facts: Any) -> None:
    """Finish a generation with its build facts: written last, after its commit."""
    meta = {
        "format": INDEX_FORMAT,
        "built_at": job.stamp.isoformat(),
        "indexed": report.indexed,
        "topics_digest": job.topics_digest,
        "problems": [asdict(problem) for problem in (*report.skipped, *report.warnings)],
        **facts,
    }
    (job.generation / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


@contextmanager
def _new_generation(path: Path, *, copy_of: Path | None = None) -> Iterator[Path]:
    """A new generation folder (empty, or a copy of ``copy_of``), removed again on failure."""
    if copy_of is None:
        path.mkdir(parents=True)
    else:
        shutil.copytree(copy_of, path, copy_function=_link_or_copy)
    try:
        yield path
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise


def _link_or_copy(source: str, target: str) -> None:
    """Hard-link the files Whoosh never rewrites once written (segments, tables of contents); copy
    the rest (its lock file, the build facts), or everything where links cannot be made."""
    if _WRITTEN_ONCE.fullmatch(os.path.basename(source)):
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copy2(source, target)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _swap_in(index_dir: Path, generation: Path) -> None:
    """Point ``current`` at the new generation in one atomic rename."""
    temporary = index_dir / f".{CURRENT}-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(generation.name)
    os.replace(temporary, index_dir / CURRENT)


def _remove_stale_generations(index_dir: Path) -> None:
    """Keep the current and the previous generation (readers may still use it)."""
    current = linked_generation(index_dir)
    older = sorted(path for path in index_dir.glob("gen-*") if path != current)
    for path in older[:-1]:
        shutil.rmtree(path, ignore_errors=True)
