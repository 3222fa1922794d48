"""A load test on loopback: ``python -m searchui`` under simulated users driven by Locust.

Each simulated user searches with a query from the benchmark's query set, then
refines it as a person would: ticks a value the answer's facets offer, turns
to the next page, or sorts by date; now and then it loads the HTML page
instead of its JSON twin. Locust (``pip install 'pressarkiv[load]'``) runs
headless in its own process (it patches the standard library with gevent) with
the users of :mod:`benchmarks.speed.locustfile`.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import indexer
from benchmarks.speed.measure import MB, free_port, tree_rss
from benchmarks.speed.queries import BenchQuery, load_queries
from benchmarks.speed.run import _wait_until_serving

PYTHON = sys.executable
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def load_test(
    index: Path,
    seconds: float,
    clients: int,
    threads: int,
    workers: int,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Serve ``index`` with ``workers`` processes of ``threads`` threads; load it with ``clients`` users."""
    with indexer.open_index(index) as opened:
        queries = load_queries(lambda group: [value.value for value in opened.values(group)])
    port = free_port()
    argv = [PYTHON, "-m", "searchui", "--index", str(index), "--port", str(port), "--threads", str(threads),
            "--workers", str(workers)]  # fmt: skip
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_serving(port, "/api/search?" + urlencode(queries[0].params()), server)
        rss_start = tree_rss(server.pid) / MB
        log(f"serving {index} on port {port} with {workers} × {threads} threads; {clients} users for {seconds:.0f} s")
        figures = _swarm(f"http://127.0.0.1:{port}", queries, seconds, clients)
        figures.update(
            threads=threads, workers=workers, server_rss_start_mb=rss_start,
            server_rss_end_mb=tree_rss(server.pid) / MB,
            server_peak_rss_mb=tree_rss(server.pid, "VmHWM") / MB,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def _swarm(host: str, queries: list[BenchQuery], seconds: float, clients: int) -> dict[str, Any]:
    """Run ``clients`` Locust users (headless) against ``host`` for ``seconds``; the totals."""
    with tempfile.TemporaryDirectory(prefix="pressarkiv-locust-") as scratch:
        queries_file = Path(scratch) / "queries.json"
        queries_file.write_text(json.dumps([query.params() for query in queries], ensure_ascii=False), "utf-8")
        argv = [PYTHON, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", host,
                "--users", str(clients), "--spawn-rate", str(clients), "--run-time", f"{seconds:.0f}s",
                "--only-summary", "--csv", f"{scratch}/stats"]  # fmt: skip
        environment = {**os.environ, "PRESSARKIV_LOAD_QUERIES": str(queries_file)}
        subprocess.run(argv, env=environment, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(f"{scratch}/stats_stats.csv", encoding="utf-8", newline="") as stats:
            total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    return {
        "clients": clients, "seconds": seconds, "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]), "requests_per_second": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]), "p99_ms": float(total["99%"]),
    }  # fmt: skip


def table(figures: dict[str, Any]) -> str:
    """The figures as a Markdown table."""
    rows = [
        ("clients / server processes × threads", f"{figures['clients']} / {figures['workers']} × {figures['threads']}"),
        ("seconds", f"{figures['seconds']:.0f}"),
        ("requests", f"{figures['requests']}"),
        ("errors", f"{figures['errors']}"),
        ("throughput", f"{figures['requests_per_second']:.1f} req/s"),
        ("latency p50 / p95 / p99", f"{figures['p50_ms']:.0f} / {figures['p95_ms']:.0f} / {figures['p99_ms']:.0f} ms"),
        ("server RSS start / end (peak)",
         f"{figures['server_rss_start_mb']:.0f} / {figures['server_rss_end_mb']:.0f} "
         f"({figures['server_peak_rss_mb']:.0f}) MB"),
    ]  # fmt: skip
    return "\n".join(["| figure | value |", "| --- | --- |", *(f"| {name} | {value} |" for name, value in rows)])
