"""Crash safety: writers killed with SIGKILL at random moments never damage the index in service.

Each test kills ``python -m indexer rebuild``/``update`` subprocesses part-way and
checks that the index still answers a fixed query set exactly as before, that
the next writer cleans up what the killed one left, and that disk and
permission errors are reported without damage.
"""

from __future__ import annotations

import errno
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import indexer
from benchmarks.speed.generate import Generator
from benchmarks.speed.run import write_corpus
from indexer.config import DEFAULT_TOPICS, Settings
from indexer.index.build import BuildError, current_generation
from indexer.index.recovery import interrupted_generations, leftover_links

RELEASES = 220
QUERIES = ["", "upphandling", "klimat*", '"offentliga affärer"', "kommunen ELLER regeringen"]
KILLS = 8


def answers(index_dir: Path) -> list[tuple]:
    """What the index says to the fixed query set: ids, totals and every facet count."""
    with indexer.open_index(index_dir) as index:
        return [_answer(index, query) for query in QUERIES]


def _answer(index: indexer.SearchIndex, query: str) -> tuple:
    """Total, every id found (a set: an update may rank ties apart from a rebuild) and facet counts."""
    first = index.search(query, per_page=100)
    ids = {
        hit.id for page in range(1, first.total // 100 + 2) for hit in index.search(query, page=page, per_page=100).hits
    }
    facets = {group: [(v.value, v.count) for v in values] for group, values in first.facets.items()}
    return first.total, sorted(ids), facets


def writer(command: str, settings: Settings) -> list[str]:
    """The command line of an index writer over ``settings``."""
    return [sys.executable, "-m", "indexer", command, "--data", str(settings.data_dir),
            "--index", str(settings.index_dir), "--topics", str(settings.topics_file)]  # fmt: skip


def kill_after(argv: list[str], delay: float) -> int | None:
    """Start ``argv``, SIGKILL it after ``delay`` seconds; its exit code if it ended first."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None


def copied(settings: indexer.Settings, tmp_path: Path) -> indexer.Settings:
    """Settings like ``settings`` over a copy of its index in ``tmp_path``, for a test to damage."""
    index_dir = tmp_path / "index"
    shutil.copytree(settings.index_dir, index_dir, symlinks=True)
    return indexer.resolve(data_dir=settings.data_dir, index_dir=index_dir, topics_file=settings.topics_file)


def assert_clean(index_dir: Path) -> None:
    """Only the generation in service and at most one older remain; no leftover links."""
    assert not interrupted_generations(index_dir)
    assert not leftover_links(index_dir)
    assert len(list(index_dir.glob("gen-*"))) <= 2


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, list[tuple], float]:
    """A synthetic corpus in several files, its index, its answers and a rebuild's wall time."""
    root = tmp_path_factory.mktemp("crash")
    write_corpus(Generator(3).releases(RELEASES), root / "whole", root / "planted.json")
    data = root / "data"
    data.mkdir()
    for number, line in enumerate((root / "whole" / "syntetisk-0001.jsonl").read_text("utf-8").splitlines()):
        with open(data / f"del-{number % 8}.jsonl", "a", encoding="utf-8") as part:
            part.write(line + "\n")
    settings = indexer.resolve(data_dir=data, index_dir=root / "index", topics_file=DEFAULT_TOPICS)
    started = time.perf_counter()
    completed = subprocess.run(writer("rebuild", settings), capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    return settings, answers(settings.index_dir), time.perf_counter() - started


def test_killed_rebuilds_leave_the_index_answering_as_before(built) -> None:
    settings, before, seconds = built
    rng = random.Random(11)
    delays = sorted(rng.uniform(0.2, seconds) for _ in range(KILLS))
    for delay in delays:
        code = kill_after(writer("rebuild", settings), delay)
        assert code in (None, 0), f"rebuild killed at {delay:.1f} s exited with {code}"
        assert answers(settings.index_dir) == before, f"answers changed after a kill at {delay:.1f} s"
    completed = subprocess.run(writer("rebuild", settings), capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert answers(settings.index_dir) == before
    assert_clean(settings.index_dir)


def test_killed_updates_leave_the_old_or_the_new_answers(built) -> None:
    settings, before, _ = built
    changed = settings.data_dir / "del-0.jsonl"
    whole = changed.read_text("utf-8")
    cut = whole.splitlines(keepends=True)[0]
    try:
        changed.write_text(cut, encoding="utf-8")
        assert subprocess.run(writer("update", settings), capture_output=True).returncode == 0
        after = answers(settings.index_dir)
        assert after != before
        state = {whole: before, cut: after}
        in_service = cut
        for delay in sorted(random.Random(12).uniform(0.2, 4.0) for _ in range(KILLS)):
            target = whole if in_service == cut else cut
            changed.write_text(target, encoding="utf-8")
            code = kill_after(writer("update", settings), delay)
            now = answers(settings.index_dir)
            assert now in (before, after), f"a mix after a kill at {delay:.1f} s"
            assert code is None or (code == 0 and now == state[target])
            in_service = target if now == state[target] else in_service
    finally:
        changed.write_text(whole, encoding="utf-8")
    completed = subprocess.run(writer("update", settings), capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert answers(settings.index_dir) == before
    assert_clean(settings.index_dir)


def test_leftovers_of_a_killed_writer_are_removed_with_a_message(built, tmp_path: Path) -> None:
    settings, before, _ = built
    copy = copied(settings, tmp_path)
    index_dir = copy.index_dir
    (index_dir / "gen-99991231T000000000000").mkdir()  # newer than any: never swapped in
    (index_dir / "gen-00000101T000000000000").mkdir()  # older, but never finished
    (index_dir / ".current-4242").symlink_to("gen-99991231T000000000000")
    assert answers(index_dir) == before
    completed = subprocess.run(writer("update", copy), capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert "Tog bort ofullständigt bygge gen-99991231T000000000000 (avbrutet)" in completed.stderr
    assert "Tog bort ofullständigt bygge gen-00000101T000000000000 (avbrutet)" in completed.stderr
    assert ".current-4242" in completed.stderr
    assert_clean(index_dir)
    assert answers(index_dir) == before


def test_a_full_disk_is_a_clear_error_and_no_damage(built, tmp_path: Path, monkeypatch) -> None:
    settings, before, _ = built
    copy = copied(settings, tmp_path)
    index_dir = copy.index_dir
    in_service = current_generation(index_dir)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("whoosh.filedb.structfile.StructFile.write", full)
    with pytest.raises(BuildError, match="ledigt diskutrymme"):
        indexer.rebuild(copy)
    monkeypatch.undo()
    assert current_generation(index_dir) == in_service
    assert_clean(index_dir)
    assert answers(index_dir) == before


def test_a_read_only_index_directory_is_a_clear_error_and_no_damage(built, tmp_path: Path, monkeypatch) -> None:
    settings, before, _ = built
    copy = copied(settings, tmp_path)
    index_dir = copy.index_dir
    real_open = open

    def read_only(file, mode="r", *args, **kwargs):
        if str(file).startswith(str(index_dir)) and any(flag in mode for flag in "wax+"):
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", read_only)
    with pytest.raises(BuildError, match="kan inte skriva indexet"):
        indexer.rebuild(copy)
    monkeypatch.undo()
    assert answers(index_dir) == before
    assert_clean(index_dir)
