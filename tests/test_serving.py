"""Serving through changes: waitress answers every request while updates and rebuilds swap generations.

Generation A holds every release of a synthetic corpus, generation B lacks one
file's releases; each answer must be A's or B's whole, never a mix, and the
server must show the index in service without a restart.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

import indexer
from benchmarks.speed.generate import Generator
from benchmarks.speed.measure import free_port
from indexer.config import DEFAULT_TOPICS, Settings
from searchui import SERVER_THREADS, SERVER_WORKERS, create_app, serving
from searchui.__main__ import parse_args

from support import live_server

QUERIES = ["", "upphandling", "klimat*", "kommunen ELLER regeringen", "ramavtal"]
CLIENTS = 3


def fingerprint(answer: dict) -> tuple:
    """What must come from one generation: the total, every facet count, and the ids of small results."""
    facets = tuple(
        (group, tuple((v["value"], v["count"]) for v in values)) for group, values in answer["facets"].items()
    )
    ids = tuple(sorted(hit["id"] for hit in answer["hits"])) if answer["total"] <= 10 else ()
    return answer["total"], facets, ids


def fetch(url: str, query: str) -> tuple[int, dict]:
    with urllib.request.urlopen(f"{url}/api/search?{urlencode({'q': query})}", timeout=30) as response:
        return response.status, json.loads(response.read())


def writer(command: str, settings: Settings) -> list[str]:
    return [sys.executable, "-m", "indexer", command, "--data", str(settings.data_dir),
            "--index", str(settings.index_dir), "--topics", str(settings.topics_file)]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path, str]:
    """Settings over a 60-release corpus in six files; the file B lacks, and its text."""
    root = tmp_path_factory.mktemp("serving")
    data = root / "data"
    data.mkdir()
    for number, release in enumerate(Generator(5).releases(60)):
        with open(data / f"del-{number % 6}.jsonl", "a", encoding="utf-8") as part:
            part.write(release.line())
    settings = indexer.resolve(data_dir=data, index_dir=root / "index", topics_file=DEFAULT_TOPICS)
    indexer.rebuild(settings)
    removed = data / "del-0.jsonl"
    return settings, removed, removed.read_text("utf-8")


def test_every_request_is_answered_from_one_generation_while_writers_swap(corpus) -> None:
    settings, removed, text = corpus
    app = create_app({"INDEX_DIR": settings.index_dir, "TESTING": True})
    with live_server(app) as url:
        a = {q: fingerprint(fetch(url, q)[1]) for q in QUERIES}
        removed.unlink()
        assert subprocess.run(writer("update", settings)).returncode == 0
        b = {q: fingerprint(fetch(url, q)[1]) for q in QUERIES}  # picked up with no restart
        assert a != b
        failures: list[str] = []
        served = [0]
        stop = threading.Event()

        def client(offset: int) -> None:
            n = offset
            while not stop.is_set():
                query = QUERIES[n % len(QUERIES)]
                n += 1
                try:
                    status, answer = fetch(url, query)
                except OSError as error:
                    failures.append(f"{query!r}: {error}")
                    continue
                served[0] += 1
                if status != 200 or fingerprint(answer) not in (a[query], b[query]):
                    failures.append(f"{query!r}: status {status}, a mixed or unknown answer")

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            for step, command in enumerate(["update", "rebuild", "update", "rebuild"]):
                expected = a if step % 2 == 0 else b
                if expected is a:
                    removed.write_text(text, encoding="utf-8")
                else:
                    removed.unlink()
                assert subprocess.run(writer(command, settings), capture_output=True).returncode == 0
                assert _within_a_second(
                    lambda: {q: fingerprint(fetch(url, q)[1]) for q in QUERIES} == expected  # noqa: B023 (called at once)
                )
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
            removed.write_text(text, encoding="utf-8")
    print(f"{served[0]} requests served during 4 swaps, {len(failures)} failed")
    assert served[0] > 0
    assert not failures, failures[:5]


def _within_a_second(check) -> bool:
    deadline = time.monotonic() + 1.0
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_second_writer_exits_with_a_clear_message(corpus) -> None:
    settings, _, _ = corpus
    index_dir = settings.index_dir
    known = set(index_dir.glob("gen-*"))
    first = subprocess.Popen(writer("rebuild", settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not set(index_dir.glob("gen-*")) - known and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the first writer holds the lock once it makes its generation
    second = subprocess.run(writer("update", settings), capture_output=True, text=True)
    assert first.wait(timeout=120) == 0
    assert second.returncode == 1
    assert "pågår" in second.stderr


def test_the_server_runs_the_measured_thread_and_process_counts_and_refuses_nonsense(capsys) -> None:
    assert parse_args([]).threads == SERVER_THREADS == 2
    assert parse_args([]).workers == SERVER_WORKERS == (os.cpu_count() or 1)
    assert parse_args(["--threads", "8", "--workers", "3"]).threads == 8
    for option in ("--threads", "--workers"):
        for wrong in ("0", "-1", "två"):
            with pytest.raises(SystemExit):
                parse_args([option, wrong])
            assert f"{option}: ska vara ett heltal från 1" in capsys.readouterr().err


def server_processes(pid: int) -> list[int]:
    """The worker processes of a ``python -m searchui`` parent."""
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_worker_processes_share_one_port_are_restarted_and_stop_with_the_server(corpus) -> None:
    settings, _, _ = corpus
    port = free_port()
    argv = [sys.executable, "-m", "searchui", "--index", str(settings.index_dir), "--data", str(settings.data_dir),
            "--port", str(port), "--workers", "2"]  # fmt: skip
    server = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert fetch(url, "upphandling")[0] == 200
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.2)
        workers = server_processes(server.pid)
        assert len(workers) == 2
        time.sleep(serving.MIN_LIFETIME)
        os.kill(workers[0], signal.SIGKILL)  # a worker dies: another takes its place
        deadline = time.monotonic() + 30
        while len(set(server_processes(server.pid)) - {workers[0]}) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        statuses = {fetch(url, query)[0] for query in QUERIES * 4}
        assert statuses == {200}
        replaced = server_processes(server.pid)
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in replaced)


def test_a_taken_port_is_a_clear_message(corpus) -> None:
    settings, _, _ = corpus
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        for workers in ("1", "2"):
            answer = subprocess.run(
                [sys.executable, "-m", "searchui", "--index", str(settings.index_dir), "--port", str(port),
                 "--workers", workers],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert answer.returncode == 1
            assert f"kan inte ta emot anrop på 127.0.0.1:{port}" in answer.stderr
            assert "Traceback" not in answer.stderr


def test_a_process_with_no_thread_free_leaves_new_connections_to_the_others() -> None:
    class Waiting:
        """A task that holds its thread until let go, as a long request would."""

        def __init__(self) -> None:
            self.started, self.done = threading.Event(), threading.Event()

        def service(self) -> None:
            self.started.set()
            self.done.wait(30)

        def cancel(self) -> None:
            self.done.set()

    app = create_app({"TESTING": True, "INDEX_DIR": "/nonexistent", "DATA_DIR": "/nonexistent"})
    server = serving.create_server(app, serving.listening_socket("127.0.0.1", 0), threads=1)
    try:
        assert server.readable()
        task = Waiting()
        server.add_task(task)
        assert task.started.wait(30)
        assert not server.readable()  # the kernel hands new connections to another process
        task.done.set()
        server.task_done()  # what the channel does when its requests are answered
        assert server.readable()
    finally:
        server.task_dispatcher.shutdown()
        server.close()
