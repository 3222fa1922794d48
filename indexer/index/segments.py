"""A rebuild as full pipelines in parallel: each reads, enriches, analyses and writes its own segments.

The release files are cut into contiguous parts of about equal size, one per core (at
most :data:`MAX_PIPELINES`). A forked worker process builds each part from its files
to finished Whoosh segments (:class:`~indexer.index.writer.SegmentBuilder`), and this
process lists every segment in corpus order in the index's table of contents, so that
the documents stand in the order one process gives them. With one core, or a corpus
under :data:`MIN_PARALLEL_BYTES`, the one part is built in this process.

A release is taken once per content, under an id of its own, the first in corpus order
winning (:class:`~indexer.ingest.corpus.Registry`). A worker sees only its part and admits
its releases with a registry of its own; this process, replaying one registry over all
parts in corpus order, deletes from the segments those that a single pass refuses. Should
a part have placed a release under another id than a single pass gives it (two files with
one id in different parts), the corpus is indexed again in one pipeline. Each release's
spelling words are counted as it is indexed (those of a deleted one taken off again).

The garbage collector runs seldom during a build: nearly every object a build makes
lives until the end of its release or of the build.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.index import TOC, FileIndex, clean_files
from whoosh.reading import SegmentReader

from indexer.config import MAX_RELEASE_BYTES
from indexer.enrich.topics import Taxonomy
from indexer.errors import BuildError
from indexer.index.pipeline import analyse, die_with_parent
from indexer.index.wordlist import release_words
from indexer.index.writer import BUILD_MB, SegmentBuilder
from indexer.ingest.check import release_problems
from indexer.ingest.corpus import (
    Entry,
    Problem,
    Registry,
    missing_data_dir,
    orphan_sidecars,
    read_file,
    release_files,
)
from indexer.release import Release

#: Corpus bytes below which a rebuild stays in one process: starting workers would cost more.
MIN_PARALLEL_BYTES = 512 * 1024
#: The most pipelines a rebuild runs at once.
MAX_PIPELINES = 4
#: Allocations between the garbage collector's youngest collections during a build (Python: 700).
GC_THRESHOLD = 100_000
#: How often the progress shown is brought up to date, in seconds.
PROGRESS_EVERY = 0.5


@dataclass
class _Candidate:
    """A release a part read, as the registry sees it, with its problems and where it was indexed."""

    own_id: str
    legacy_id: str
    source: str
    where: str
    fingerprint: str
    problems: list[Problem]
    #: (segment of the part, document number in it), or None when the part did not index it.
    document: tuple[int, int] | None = None
    #: The id and alias the part indexed it under (its own registry's admission).
    placed: tuple[str, str] = ("", "")
    #: The registry's note on the id it was given, if any.
    note: Problem | None = None


class _Replan(Exception):
    """The parts placed a release under another id or alias than the whole corpus gives it."""


@dataclass
class _Part:
    """What a worker built from its part: every problem and release in order, its segments, its words."""

    items: list[_Candidate | Problem] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)
    #: The most memory its postings held at once, in bytes.
    writer_bytes: int = 0


@dataclass
class Built:
    """A rebuild's segments in corpus order, its problems, the releases indexed and their words."""

    segments: list[Segment]
    problems: list[Problem]
    indexed: int
    words: Counter[str]
    #: The memory the postings of all pipelines held at their peaks, in MB.
    writer_mb: float


def build_segments(
    ix: FileIndex,
    data_dir: Path,
    taxonomy: Taxonomy,
    progress: Callable[[int], None] = lambda files: None,
    max_bytes: int = MAX_RELEASE_BYTES,
    count: int | None = None,
) -> Built:
    """Read, analyse and index every release file below ``data_dir`` into new segments of ``ix``, in
    ``count`` pipelines (default: :func:`pipelines`).

    A file over ``max_bytes`` is reported and skipped. ``progress`` hears how many files are
    done now and then. The segments are not yet listed in the index: :func:`commit_segments`
    does that.
    """
    if not data_dir.is_dir():
        return Built([], [missing_data_dir(data_dir)], 0, Counter(), 0.0)
    files = release_files(data_dir)
    parts = split(files, count or pipelines(files))
    orphans = list(orphan_sidecars(data_dir, files))
    if len(parts) >= 2:
        built = _in_workers(ix.storage.folder, data_dir, parts, taxonomy, progress, max_bytes)
        try:
            return _assemble(ix, built, orphans)
        except _Replan:
            _remove_segments(ix, [segment for part in built for segment in part.segments])
    with relaxed_gc():
        built = [_build_part(ix.storage.folder, data_dir, files, taxonomy, progress, max_bytes, _share(1))]
    return _assemble(ix, built, orphans)


def _remove_segments(ix: FileIndex, segments: list[Segment]) -> None:
    """Delete the files of segments that will not be committed."""
    prefixes = tuple(f"{segment.segment_id()}." for segment in segments)
    for name in list(ix.storage.list()):
        if name.startswith(prefixes):
            ix.storage.delete_file(name)


def pipelines(files: list[Path]) -> int:
    """How many pipelines to build ``files`` in: one per core (at most :data:`MAX_PIPELINES`), or one
    for a small corpus."""
    if sum(_size(path) for path in files) < MIN_PARALLEL_BYTES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_PIPELINES))


def split(files: list[Path], count: int) -> list[list[Path]]:
    """``files`` in at most ``count`` contiguous parts of about equal size (in bytes)."""
    sizes = [_size(path) for path in files]
    total, done = sum(sizes), 0
    parts: list[list[Path]] = []
    current: list[Path] = []
    for path, size in zip(files, sizes):
        current.append(path)
        done += size
        if len(parts) < count - 1 and done * count >= total * (len(parts) + 1):
            parts.append(current)
            current = []
    return [*parts, current] if current else parts


def commit_segments(ix: FileIndex, segments: list[Segment]) -> None:
    """List ``segments`` in the index's table of contents, as a Whoosh commit does, and tidy up."""
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, segments)
    shutil.rmtree(Path(ix.storage.folder) / f"{ix.indexname}.tmp", ignore_errors=True)


@contextmanager
def relaxed_gc() -> Iterator[None]:
    """Collect garbage seldom while the block runs: the objects that exist now are left alone
    (frozen) and the youngest generation is collected every :data:`GC_THRESHOLD` allocations."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _build_part(
    folder: str,
    data_dir: Path,
    files: list[Path],
    taxonomy: Taxonomy,
    progress: Callable[[int], None],
    max_bytes: int,
    segment_bytes: int,
) -> _Part:
    """Index the releases of ``files`` into new segments of the index in ``folder``, each holding
    postings of at most about ``segment_bytes`` in memory.

    Each part admits its releases with a registry of its own (ids, aliases, duplicate
    content); :func:`_assemble` replays one registry over all parts in corpus order.
    """
    ix = whoosh_index.open_dir(folder)
    registry, labels, part = Registry(), taxonomy.labels, _Part()
    builder = SegmentBuilder(ix)
    for done, path in enumerate(files, 1):
        for item in read_file(path, data_dir, max_bytes):
            if not isinstance(item, Entry):
                part.items.append(item)
                continue
            candidate = _Candidate(item.own_id, item.legacy_id, item.source, item.where, item.fingerprint,
                                   release_problems(item, labels))  # fmt: skip
            admission = registry.admit(item)
            if admission.problem is not None:
                part.items.append(candidate)
                continue
            item = item.placed(admission)
            candidate.placed, candidate.note = (admission.id, admission.alias), admission.note
            analysed = analyse(item, taxonomy)
            if isinstance(analysed, Problem):  # its analysis failed: reported, not indexed
                part.items.append(analysed)
                continue
            part.items.append(candidate)
            document, words = analysed
            builder.add_document(**document)
            part.words.update(words)
            candidate.document = (len(part.segments), builder.documents - 1)
            if builder.pool.size > segment_bytes:
                part.writer_bytes = max(part.writer_bytes, builder.pool.size)
                part.segments.append(builder.finish())
                builder = SegmentBuilder(ix)
        progress(done)
    part.writer_bytes = max(part.writer_bytes, builder.pool.size)
    segment = builder.finish()
    if builder.documents:
        part.segments.append(segment)
    return part


#: What a worker builds with, set once by :func:`_start_worker`: the taxonomy and the files done.
_worker_taxonomy: Taxonomy | None = None
_files_done: multiprocessing.sharedctypes.Synchronized | None = None


def _in_workers(
    folder: str,
    data_dir: Path,
    parts: list[list[Path]],
    taxonomy: Taxonomy,
    progress: Callable[[int], None],
    max_bytes: int,
) -> list[_Part]:
    """Build each part in a forked worker process; their results in part order."""
    context = multiprocessing.get_context("fork")
    files_done = context.Value("l", 0)
    with ProcessPoolExecutor(len(parts), context, initializer=_start_worker, initargs=(taxonomy, files_done)) as pool:
        share = _share(len(parts))
        futures = [pool.submit(_worker_part, folder, data_dir, files, max_bytes, share) for files in parts]
        try:
            _wait_all(futures, lambda: progress(files_done.value))
            return [future.result() for future in futures]
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()  # a worker must not go on writing into a generation being removed
            raise


def _wait_all(futures: list[Future[_Part]], progress: Callable[[], None]) -> None:
    """Wait until every future is done or one has failed (raising its error), telling ``progress``
    now and then; a worker that died is a :class:`BuildError`."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=PROGRESS_EVERY, return_when=FIRST_EXCEPTION)
        progress()
        for future in done:
            try:
                future.result()
            except BrokenProcessPool as error:
                raise BuildError(f"en indexeringsprocess avslutades oväntat ({error}); bygg om igen") from error


def _share(pipelines: int) -> int:
    """The bytes of postings each of ``pipelines`` may hold in memory: its part of :data:`BUILD_MB`."""
    return int(BUILD_MB * 1024 * 1024) // pipelines


def _start_worker(taxonomy: Taxonomy, files_done: multiprocessing.sharedctypes.Synchronized) -> None:
    """Ready a worker: its taxonomy and progress counter; Ctrl-C left to the parent; it dies with it."""
    global _worker_taxonomy, _files_done
    _worker_taxonomy, _files_done = taxonomy, files_done
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()  # a worker must not outlive a killed writer and keep its lock
    gc.freeze()  # what the parent made stays as it is: collecting it would copy its pages
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _worker_part(folder: str, data_dir: Path, files: list[Path], max_bytes: int, segment_bytes: int) -> _Part:
    """Build one part in a worker, counting the files done for the parent's progress."""
    assert _worker_taxonomy is not None and _files_done is not None
    counter, last = _files_done, [0]

    def progress(done: int) -> None:
        with counter.get_lock():
            counter.value += done - last[0]
        last[0] = done

    return _build_part(folder, data_dir, files, _worker_taxonomy, progress, max_bytes, segment_bytes)


def _assemble(ix: FileIndex, parts: list[_Part], orphans: list[Problem]) -> Built:
    """Replay the registry over every part in corpus order: the problems in order, the releases
    taken, and the documents of those it refuses deleted from their segments.

    Raises :class:`_Replan` when a part placed a release under an id or alias that the
    whole corpus gives another (two files with one id in different parts): rare, and then
    the corpus is indexed again in one pipeline.
    """
    registry, problems, indexed = Registry(), [], 0
    words: Counter[str] = Counter()
    for part in parts:
        words.update(part.words)
        for item in part.items:
            if isinstance(item, Problem):
                problems.append(item)
                continue
            admission = registry.admit(item)
            if admission.problem is None:
                if item.document is None or (admission.id, admission.alias) != item.placed:
                    raise _Replan(item.where)
                problems += [*([admission.note] if admission.note else []), *item.problems]
                indexed += 1
                continue
            problems.append(admission.problem)
            if item.document is not None:
                segment, docnum = item.document
                words.subtract(_stored_words(ix, part.segments[segment], docnum))
                part.segments[segment].delete_document(docnum)
    segments = [segment for part in parts for segment in part.segments]
    writer_mb = sum(part.writer_bytes for part in parts) / (1024 * 1024)
    return Built(segments, problems + orphans, indexed, +words, writer_mb)


def _stored_words(ix: FileIndex, segment: Segment, docnum: int) -> set[str]:
    """The spelling words of a document, from the release stored with it."""
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        return release_words(Release.from_dict(json.loads(reader.stored_fields(docnum)["record"])))
    finally:
        reader.close()
