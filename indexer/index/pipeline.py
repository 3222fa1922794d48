"""From releases to Whoosh documents and their spelling words: for an update, in worker processes.

Analysis (persons, organisations, topics) is pure Python and the heaviest part of
indexing a release (:func:`indexable`). A rebuild runs it in full pipelines, each
writing its own segments (:mod:`indexer.index.segments`); an update adding many
releases runs it in worker processes while this process feeds Whoosh. Documents
come back in input order, a few chunks in flight at a time, so an update gives the
same index either way and its memory stays bounded.
A release whose analysis fails comes back as the :class:`Problem` that says so,
and the build goes on without it.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from indexer.enrich.annotate import enrich
from indexer.enrich.topics import Taxonomy
from indexer.index.schema import document
from indexer.index.wordlist import release_words
from indexer.ingest.corpus import Entry, Problem, unexpected

#: Releases below which a build stays in one process: starting workers would cost more than they save.
MIN_PARALLEL = 200
#: Releases a worker analyses at a time.
CHUNK_SIZE = 25
#: Chunks waiting per worker: enough to keep it busy, few enough to bound the memory they take.
IN_FLIGHT = 4
#: ``prctl`` option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1

Document = dict[str, Any]
#: A document to index and the spelling words of its release.
Indexable = tuple[Document, set[str]]
#: A release's document and words, or why it could not be analysed.
Analysed = Indexable | Problem


@contextmanager
def analysed(taxonomy: Taxonomy, entries: Iterable[Entry]) -> Iterator[Iterator[Analysed]]:
    """The Whoosh document and spelling words of each entry (or its Problem), in order: analysed by worker processes
    once there are :data:`MIN_PARALLEL` entries and a spare core, else in this process."""
    entries = iter(entries)
    first = list(itertools.islice(entries, MIN_PARALLEL))
    workers = worker_count()
    if len(first) < MIN_PARALLEL or workers < 1:
        yield (analyse(entry, taxonomy) for entry in itertools.chain(first, entries))
        return
    start_methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in start_methods else None)
    with ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(taxonomy,)) as pool:
        try:
            yield _in_order(pool, itertools.chain(first, entries), workers)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def worker_count() -> int:
    """How many worker processes to analyse releases in: one per core beside this one's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) - 1
    return (os.cpu_count() or 1) - 1


def _in_order(pool: Executor, entries: Iterable[Entry], workers: int) -> Iterator[Analysed]:
    """The documents of ``entries`` from ``pool``, in order, with a few chunks in flight at a time."""
    pending: deque[Future[list[Analysed]]] = deque()
    for chunk in _chunks(entries, CHUNK_SIZE):
        pending.append(pool.submit(_documents_of, chunk))
        if len(pending) > IN_FLIGHT * workers:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _chunks(items: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


#: The taxonomy a worker process matches releases against (set once by :func:`_start_worker`).
_worker_taxonomy: Taxonomy | None = None


def _start_worker(taxonomy: Taxonomy) -> None:
    """Ready a worker: its taxonomy; Ctrl-C left to the main process; it dies with its parent."""
    global _worker_taxonomy
    _worker_taxonomy = taxonomy
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()  # a worker must not outlive a killed writer and keep its lock


def _documents_of(entries: list[Entry]) -> list[Analysed]:
    """The documents of a chunk of entries (run in a worker)."""
    assert _worker_taxonomy is not None
    return [analyse(entry, _worker_taxonomy) for entry in entries]


def indexable(entry: Entry, taxonomy: Taxonomy) -> Indexable:
    """The Whoosh document of an entry, with its persons, organisations and topics, and the
    spelling words of its release."""
    release = enrich(entry.release, taxonomy)
    return document(release, entry.facts()), release_words(release)


def analyse(entry: Entry, taxonomy: Taxonomy) -> Analysed:
    """:func:`indexable`, or the Problem that its analysis failed, so that one release never stops a build."""
    try:
        return indexable(entry, taxonomy)
    except Exception as error:
        return Problem(entry.where, unexpected(error, "kunde inte analyseras"), file=entry.source)


def die_with_parent() -> None:
    """Have the kernel kill this worker process when its parent dies (Linux; elsewhere nothing).

    A forked worker inherits the writer lock's file, so a worker outliving a
    killed writer would keep the index locked for good.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
