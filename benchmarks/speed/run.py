"""The benchmark run: build, query and serve N synthetic releases, beside the plain-Whoosh baseline.

Builds run as subprocesses (``python -m indexer rebuild`` and the baseline's
build), so that each one's wall time and peak memory are its own. Queries run
in this process through the public API; the HTTP phase drives the real app,
``python -m searchui``, on a free port of 127.0.0.1 with concurrent clients.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import indexer
from benchmarks import REPOSITORY
from benchmarks.speed import baseline
from benchmarks.speed.generate import Generator, Synthetic
from benchmarks.speed.measure import (
    MB,
    checkout_environment,
    directory_size,
    free_port,
    percentiles,
    process_tree,
    pss_bytes,
    run_measured,
    status_bytes,
    tree_cpu_seconds,
    tree_pss,
    tree_rss,
)  # fmt: skip
from benchmarks.speed.queries import BenchQuery, load_queries
from indexer.config import DEFAULT_TOPICS
from indexer.index.build import current_generation
from indexer.index.generations import read_meta
from searchui import SERVER_THREADS, SERVER_WORKERS

#: Releases per generated ``.jsonl`` file.
FILE_SIZE = 1000
#: Releases of the untimed build that fills the dictionary caches first.
WARM_UP = 50
SERVER_START_SECONDS = 300
TOPICS = DEFAULT_TOPICS
PYTHON = sys.executable


def bench(
    workdir: Path,
    n: int,
    seed: int,
    rounds: int,
    http_seconds: float,
    clients: int,
    log: Callable[[str], None] = lambda message: None,
    build_rounds: int = 1,
) -> dict[str, Any]:
    """Every figure of one run, as JSON-ready data; ``log`` hears each phase's figures as it ends.

    The three builds (Pressarkiv, plain Whoosh as documented, plain Whoosh tuned by hand) run
    ``build_rounds`` times in turn, and each keeps its fastest round: on a shared machine a
    build may be slowed by what else runs during it.
    """
    data, planted, generator = workdir / "data", workdir / "planted.json", Generator(seed)
    write_corpus(generator.releases(n), data, planted)
    write_corpus(generator.releases(WARM_UP), workdir / "warm-data", workdir / "warm-planted.json")
    log(f"corpus: {n} releases, {directory_size(data) / MB:.1f} MB ({generator.source} sentences)")
    run_measured(_ours_build(workdir / "warm-data", workdir / "warm-index"))
    builds: dict[str, dict[str, Any]] = {}
    for number in range(build_rounds):
        ours = _build_figures(n, _ours_build(data, workdir / "index"))
        generation = current_generation(workdir / "index")
        ours["index_mb"] = directory_size(generation) / MB
        ours["writer_mb"] = read_meta(generation).get("writer_mb")
        _keep_fastest(builds, "ours", ours)
        log(f"pressarkiv build ({number + 1}/{build_rounds}): {ours}")
        for kind in baseline.WRITERS:
            index = workdir / f"baseline-{kind}"
            shutil.rmtree(index, ignore_errors=True)
            found = _build_figures(
                n,
                [
                    PYTHON,
                    "-m",
                    "benchmarks.speed",
                    "baseline",
                    "--data",
                    str(data),
                    "--index",
                    str(index),
                    "--planted",
                    str(planted),
                    "--writer",
                    kind,
                ],
            )
            found["index_mb"] = directory_size(index) / MB
            _keep_fastest(builds, kind, found)
            log(f"plain Whoosh ({kind}) build ({number + 1}/{build_rounds}): {found}")
    ours, base, tuned = builds["ours"], builds["documented"], builds["tuned"]
    with indexer.open_index(workdir / "index") as index:
        queries = load_queries(lambda group: [value.value for value in index.values(group)])
        ours["query"] = latencies(lambda q: index.search(q.text, filters=q.filters), queries, rounds)
    log(f"pressarkiv queries: {ours['query']}")
    searcher = baseline.BaselineIndex(workdir / "baseline-documented")
    try:
        base["query"] = latencies(lambda q: searcher.search(q.text, q.filters), queries, rounds)
    finally:
        searcher.close()
    log(f"plain Whoosh queries: {base['query']}")
    figures = {
        "n": n, "seed": seed, "sentences": generator.source, "queries": len(queries), "rounds": rounds,
        "corpus_mb": directory_size(data) / MB, "commit": _commit(), "python": platform.python_version(),
        "ours": ours, "baseline": base, "tuned": tuned, "ratios": ratios(ours, base),
        "tuned_ratios": ratios(ours, tuned, BUILD_FIGURES),
        "http": http_load(workdir / "index", data, queries, http_seconds, clients),
    }  # fmt: skip
    log(f"HTTP: {figures['http']}")
    figures["targets"] = targets(figures)
    return figures


def write_corpus(releases: Iterable[Synthetic], data: Path, planted: Path) -> None:
    """The releases as ``.jsonl`` files of :data:`FILE_SIZE`, and their planted facets as JSON."""
    data.mkdir(parents=True)
    facets = {}
    releases = iter(releases)
    for number in itertools.count(1):
        chunk = list(itertools.islice(releases, FILE_SIZE))
        if not chunk:
            break
        (data / f"syntetisk-{number:04d}.jsonl").write_text("".join(r.line() for r in chunk), encoding="utf-8")
        facets.update((r.record["id"], [r.persons, r.topics]) for r in chunk)
    planted.write_text(json.dumps(facets, ensure_ascii=False), encoding="utf-8")


def _ours_build(data: Path, index: Path) -> list[str]:
    return [PYTHON, "-m", "indexer", "rebuild", "--data", str(data), "--index", str(index), "--topics", str(TOPICS)]


def _build_figures(n: int, argv: list[str]) -> dict[str, Any]:
    measured = run_measured(argv)
    return {
        "rebuild_seconds": measured.seconds,
        "rebuild_cpu_seconds": measured.cpu_seconds,
        "releases_per_second": n / measured.seconds,
        "peak_rss_mb": measured.peak_rss / MB,
        "peak_pss_mb": measured.peak_pss / MB,
    }


def _keep_fastest(builds: dict[str, dict[str, Any]], name: str, found: dict[str, Any]) -> None:
    """Keep ``found`` as the figures of build ``name`` if it is its fastest round so far."""
    if name not in builds or found["rebuild_seconds"] < builds[name]["rebuild_seconds"]:
        builds[name] = found


def latencies(search: Callable[[BenchQuery], object], queries: list[BenchQuery], rounds: int) -> dict[str, float]:
    """Percentiles of ``search`` over the query set, ``rounds`` times after one warm-up round."""
    for query in queries:
        search(query)
    seconds = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            search(query)
            seconds.append(time.perf_counter() - started)
    return percentiles(seconds)


#: The figures of a build, compared with each baseline.
BUILD_FIGURES = (
    "rebuild_seconds", "rebuild_cpu_seconds", "releases_per_second", "peak_rss_mb", "peak_pss_mb", "index_mb",
)  # fmt: skip


def ratios(
    ours: dict[str, Any], base: dict[str, Any], names: tuple[str, ...] = (*BUILD_FIGURES, "query")
) -> dict[str, float]:
    """Ours divided by a baseline, figure by figure (the query percentiles as ``query_p50_ms`` …)."""
    found = {}
    for name in names:
        if name == "query":
            found.update({f"query_{p}": ours["query"][p] / base["query"][p] for p in ours["query"]})
        else:
            found[name] = ours[name] / base[name]
    return found


def http_load(
    index: Path, data: Path, queries: list[BenchQuery], seconds: float, clients: int, checkout: Path | None = None
) -> dict[str, Any]:
    """Serve the index with ``python -m searchui`` and query it from ``clients`` threads for ``seconds``.

    ``checkout`` serves with the code of another checkout of the repository (a commit to compare with).
    """
    port = free_port()
    argv = [PYTHON, "-m", "searchui", "--index", str(index), "--data", str(data), "--port", str(port)]
    environment = dict(os.environ) if checkout is None else checkout_environment(checkout)
    server = subprocess.Popen(argv, cwd=checkout, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        paths = ["/api/search?" + urlencode(query.params()) for query in queries]
        _wait_until_serving(port, paths[0], server)
        _warm_up(port, paths)
        workers = [_Client(port, paths[i * 7 % len(paths) :] + paths) for i in range(clients)]
        cpu_before = tree_cpu_seconds(server.pid)
        started = time.perf_counter()
        deadline = started + seconds
        threads = [threading.Thread(target=worker.run, args=(deadline,)) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = tree_cpu_seconds(server.pid) - cpu_before
        samples = [s for worker in workers for s in worker.seconds]
        figures = {
            "clients": clients, "seconds": elapsed, "requests": len(samples),
            "requests_per_second": len(samples) / elapsed, **percentiles(samples),
            "errors": sum(worker.errors for worker in workers),
            "server_cpu_ms_per_request": 1000 * cpu / max(len(samples), 1),
            **server_memory(server.pid),
        }  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def server_memory(pid: int) -> dict[str, float]:
    """The memory of a server and its worker processes now, in MB: RSS summed over them, their peaks
    summed, PSS summed (pages shared between them counted once), and the largest worker's RSS and PSS."""
    workers = process_tree(pid)[1:] or [pid]
    return {
        "server_rss_mb": tree_rss(pid) / MB,
        "server_peak_rss_mb": tree_rss(pid, "VmHWM") / MB,
        "server_pss_mb": tree_pss(pid) / MB,
        "worker_rss_mb": max(status_bytes(worker, "VmRSS") for worker in workers) / MB,
        "worker_pss_mb": max(pss_bytes(worker) for worker in workers) / MB,
        "server_processes": len(workers) + (workers != [pid]),
    }


def _warm_up(port: int, paths: list[str]) -> None:
    """Send the query set once from as many clients as the server has threads, so that every
    server process has seen it before the timed load."""
    clients = [_Client(port, paths) for _ in range(SERVER_WORKERS * SERVER_THREADS)]
    threads = [
        threading.Thread(target=client.run, args=(time.perf_counter() + SERVER_START_SECONDS,), kwargs={"once": True})
        for client in clients
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class _Client:
    """One keep-alive HTTP client going round the query paths until a deadline."""

    def __init__(self, port: int, paths: list[str]) -> None:
        self.port, self.paths = port, paths
        self.seconds: list[float] = []
        self.errors = 0

    def run(self, deadline: float, *, once: bool = False) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        paths = self.paths if once else itertools.cycle(self.paths)
        for path in paths:
            if time.perf_counter() >= deadline:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                self.errors += response.status != 200
            except (OSError, http.client.HTTPException):
                self.errors += 1
                connection.close()
            self.seconds.append(time.perf_counter() - started)
        connection.close()


def _wait_until_serving(port: int, path: str, server: subprocess.Popen) -> None:
    """Return once the server answers ``path``; raise if it exits or never answers."""
    deadline = time.perf_counter() + SERVER_START_SECONDS
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"python -m searchui exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise RuntimeError(f"python -m searchui did not answer on port {port} within {SERVER_START_SECONDS} s")


def _commit() -> str | None:
    """The repository's commit, to tell runs apart; None outside a checkout."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPOSITORY,
                              capture_output=True, text=True, check=True)  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


#: The releases up to which the targets for 10 000 apply; above, those for 100 000.
SMALL = 10_000
GB = 1024


def targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue: what it asks, the figure, and whether it is met."""
    ours, web, ratio, tuned = figures["ours"], figures["http"], figures["ratios"], figures["tuned_ratios"]
    small = figures["n"] <= SMALL
    p95_limit, server_limit = (25, 400) if small else (50, GB)
    at = "" if small else " (asked at 10 000)"
    checks = [
        ("rebuild wall ≤ 0.9 × plain Whoosh", f"{ratio['rebuild_seconds']:.2f}×", ratio["rebuild_seconds"] <= 0.9),
        ("rebuild CPU ≤ 1.3 × plain Whoosh", f"{ratio['rebuild_cpu_seconds']:.2f}×",
         ratio["rebuild_cpu_seconds"] <= 1.3),
        ("rebuild wall < hand-tuned plain Whoosh", f"{tuned['rebuild_seconds']:.2f}×", tuned["rebuild_seconds"] < 1),
        (f"query p95 ≤ {p95_limit} ms", f"{ours['query']['p95_ms']:.1f} ms", ours["query"]["p95_ms"] <= p95_limit),
        (f"HTTP ≥ 100 req/s{at}", f"{web['requests_per_second']:.0f}/s", web["requests_per_second"] >= 100),
        (f"HTTP p99 ≤ 200 ms{at}", f"{web['p99_ms']:.0f} ms", web["p99_ms"] <= 200),
        ("HTTP no errors", str(web["errors"]), web["errors"] == 0),
        (f"server, all processes (PSS) < {server_limit} MB", f"{web['server_pss_mb']:.0f} MB",
         web["server_pss_mb"] < server_limit),
        ("rebuild peak, all processes (PSS) < 1.5 GB", f"{ours['peak_pss_mb']:.0f} MB", ours["peak_pss_mb"] < 1.5 * GB),
        ("index ≤ 1.5 × plain Whoosh", f"{ratio['index_mb']:.2f}×", ratio["index_mb"] <= 1.5),
    ]  # fmt: skip
    return [{"target": name, "figure": figure, "met": met} for name, figure, met in checks]


def table(figures: dict[str, Any]) -> str:
    """The figures as one plain-text table, with ratios to both baselines."""
    ours, base, tuned, web = figures["ours"], figures["baseline"], figures["tuned"], figures["http"]
    ratio, tuned_ratio = figures["ratios"], figures["tuned_ratios"]
    rows = [("figure", "pressarkiv", "plain Whoosh", "ratio", "hand-tuned", "ratio")]
    for label, key, unit in (("rebuild", "rebuild_seconds", "s"), ("rebuild CPU", "rebuild_cpu_seconds", "s"),
                             ("releases/s", "releases_per_second", ""),
                             ("rebuild peak RSS, all processes", "peak_rss_mb", "MB"),
                             ("rebuild peak PSS, all processes", "peak_pss_mb", "MB"),
                             ("index size", "index_mb", "MB")):  # fmt: skip
        rows.append((label, f"{ours[key]:.1f} {unit}", f"{base[key]:.1f} {unit}", f"{ratio[key]:.2f}",
                     f"{tuned[key]:.1f} {unit}", f"{tuned_ratio[key]:.2f}"))  # fmt: skip
    if ours.get("writer_mb") is not None:
        rows.append(("writer memory (postings held)", f"{ours['writer_mb']:.1f} MB", "", "", "", ""))
    for p in ("p50", "p95", "p99"):
        key = f"{p}_ms"
        rows.append((f"query {p}", f"{ours['query'][key]:.1f} ms", f"{base['query'][key]:.1f} ms",
                     f"{ratio['query_' + key]:.2f}", "", ""))  # fmt: skip
    rows += [
        (f"HTTP ({web['clients']} clients, {web['seconds']:.0f} s)", f"{web['requests_per_second']:.1f} req/s"),
        ("HTTP p50 / p95 / p99", f"{web['p50_ms']:.0f} / {web['p95_ms']:.0f} / {web['p99_ms']:.0f} ms"),
        ("HTTP errors", f"{web['errors']} of {web['requests']}"),
        ("HTTP server CPU per request", f"{web['server_cpu_ms_per_request']:.1f} ms"),
        (f"server, {web['server_processes']} processes: RSS (peak) / PSS",
         f"{web['server_rss_mb']:.0f} ({web['server_peak_rss_mb']:.0f}) / {web['server_pss_mb']:.0f} MB"),
        ("server worker: RSS / PSS", f"{web['worker_rss_mb']:.0f} / {web['worker_pss_mb']:.0f} MB"),
    ]  # fmt: skip
    rows += [(f"target: {t['target']}", t["figure"], "met" if t["met"] else "NOT MET") for t in figures["targets"]]
    rows = [row + ("",) * (6 - len(row)) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    heading = (
        f"Pressarkiv benchmark: {figures['n']} releases (seed {figures['seed']}, {figures['sentences']} "
        f"sentences, {figures['corpus_mb']:.1f} MB), {figures['queries']} queries × {figures['rounds']}, "
        f"commit {figures['commit'] or '?'}; ratios are Pressarkiv ÷ plain Whoosh"
    )
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join([heading, *lines])
