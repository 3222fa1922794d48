"""A load test on loopback: ``python -m searchui`` under simulated users driven by Locust.

Each simulated user searches with a query from the benchmark's query set, then
refines it as a person would: ticks a value the answer's facets offer, turns
to the next page, or sorts by date; now and then it loads the HTML page
instead of its JSON twin. Beside them, ``heavy`` users may fetch the most
expensive addresses (downloads of a broad query, the feed, the biggest person's,
organisation's and topic's pages) without pause, to see what they do to the
searches: :func:`heavy_comparison` runs the searchers alone, with heavy users and no
cap on expensive requests, and with the cap, in turn. Locust (``pip install
'pressarkiv[load]'``) runs headless in its own process (it patches the standard
library with gevent) with the users of :mod:`benchmarks.speed.locustfile`.
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
import indexer.config
from benchmarks.speed.measure import MB, free_port, percentiles, tree_rss
from benchmarks.speed.queries import BenchQuery, load_queries
from benchmarks.speed.run import _wait_until_serving
from searchui.formatting import slugify

PYTHON = sys.executable
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
#: Prefixes of common words: joined with ELLER they match nearly every release, at the cost of
#: expanding each prefix (as the issue's download with 30 prefixes did).
BROAD_PREFIXES = (
    "upp", "kom", "avt", "lev", "ram", "kli", "reg", "hål", "sko", "dig", "inn", "kon", "anb", "sta", "sto",
    "kor", "mil", "eko", "för", "off", "ans", "kra", "ton", "pri", "nat", "län", "myn", "utv", "arb", "mål",
)  # fmt: skip
#: The names of the ordinary requests (see the locustfile), whose latencies the comparison reports.
ORDINARY = ("search", "refine", "page")


def load_test(
    index: Path,
    seconds: float,
    clients: int,
    threads: int,
    workers: int,
    log: Callable[[str], None] = lambda message: None,
    heavy: int = 0,
    cap: int | None = None,
) -> dict[str, Any]:
    """Serve ``index`` with ``workers`` processes of ``threads`` threads; load it with ``clients`` users
    and ``heavy`` users of :func:`heavy_paths`; ``cap`` sets ``PRESSARKIV_HEAVY_REQUESTS`` (0: no cap)."""
    with indexer.open_index(index) as opened:
        queries = load_queries(lambda group: [value.value for value in opened.values(group)])
        expensive = heavy_paths(opened)
    port = free_port()
    argv = [PYTHON, "-m", "searchui", "--index", str(index), "--port", str(port), "--threads", str(threads),
            "--workers", str(workers)]  # fmt: skip
    environment = dict(os.environ)
    if cap is not None:
        environment[indexer.config.HEAVY_REQUESTS_ENV] = str(cap)
    server = subprocess.Popen(argv, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_serving(port, "/api/search?" + urlencode(queries[0].params()), server)
        rss_start = tree_rss(server.pid) / MB
        log(f"serving {index} on port {port} with {workers} × {threads} threads (cap {_cap_name(cap)}); "
            f"{clients} users and {heavy} heavy users for {seconds:.0f} s")  # fmt: skip
        figures = _swarm(f"http://127.0.0.1:{port}", queries, seconds, clients, expensive, heavy)
        figures.update(
            cap=cap, threads=threads, workers=workers, server_rss_start_mb=rss_start,
            server_rss_end_mb=tree_rss(server.pid) / MB,
            server_peak_rss_mb=tree_rss(server.pid, "VmHWM") / MB,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def heavy_paths(opened: indexer.SearchIndex) -> list[str]:
    """The most expensive addresses of ``opened``: downloads and the feed of a query of 30 prefixes
    and of everything, and the pages of the biggest person, organisation and topic."""
    broad = urlencode({"q": " ELLER ".join(f"{prefix}*" for prefix in BROAD_PREFIXES)})
    biggest = {group: slugify(opened.values(group)[0].value) for group in ("person", "organisation", "topic")}
    return [
        f"/sok.json?{broad}", f"/sok.csv?{broad}", "/sok.json", f"/sok.atom?{broad}",
        f"/person/{biggest['person']}", f"/api/persons/{biggest['person']}",
        f"/organisation/{biggest['organisation']}", f"/amne/{biggest['topic']}",
    ]  # fmt: skip


def _swarm(
    host: str, queries: list[BenchQuery], seconds: float, clients: int, expensive: list[str], heavy: int
) -> dict[str, Any]:
    """Run ``clients`` searching and ``heavy`` downloading Locust users (headless) against ``host`` for
    ``seconds``; the totals, and the searches' and the expensive requests' own figures."""
    with tempfile.TemporaryDirectory(prefix="pressarkiv-locust-") as scratch:
        queries_file, heavy_file, times_file = (Path(scratch) / name for name in ("queries", "heavy", "times"))
        queries_file.write_text(json.dumps([query.params() for query in queries], ensure_ascii=False), "utf-8")
        heavy_file.write_text(json.dumps(expensive, ensure_ascii=False), "utf-8")
        users = clients + heavy
        argv = [PYTHON, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", host,
                "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds:.0f}s",
                "--only-summary", "--csv", f"{scratch}/stats",
                "Searcher", *(["Downloader"] if heavy else [])]  # fmt: skip
        environment = {
            **os.environ, "PRESSARKIV_LOAD_QUERIES": str(queries_file), "PRESSARKIV_LOAD_HEAVY": str(heavy_file),
            "PRESSARKIV_LOAD_HEAVY_USERS": str(heavy), "PRESSARKIV_LOAD_TIMES": str(times_file),
        }  # fmt: skip
        subprocess.run(argv, env=environment, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(f"{scratch}/stats_stats.csv", encoding="utf-8", newline="") as stats:
            total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
        times = json.loads(times_file.read_text("utf-8"))
    ordinary = [(ms, status) for name, ms, status in times if name in ORDINARY]
    downloads = [(ms, status) for name, ms, status in times if name == "heavy"]
    return {
        "clients": clients, "heavy": heavy, "seconds": seconds, "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]), "requests_per_second": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]), "p99_ms": float(total["99%"]),
        "ordinary": {"requests": len(ordinary), "errors": sum(status != 200 for _, status in ordinary),
                     **_percentiles([ms for ms, _ in ordinary])},
        "expensive": {"requests": len(downloads), "answered": sum(status == 200 for _, status in downloads),
                      "refused": sum(status == 503 for _, status in downloads),
                      **_percentiles([ms for ms, status in downloads if status == 200])},
    }  # fmt: skip


def _percentiles(milliseconds: list[float]) -> dict[str, float]:
    """p50, p95 and p99 of response times in ms (none when there are fewer than two)."""
    return percentiles([ms / 1000 for ms in milliseconds]) if len(milliseconds) > 1 else {}


def heavy_comparison(
    index: Path,
    seconds: float,
    clients: int,
    threads: int,
    workers: int,
    heavy: int,
    cap: int,
    rounds: int,
    log: Callable[[str], None] = lambda message: None,
) -> list[dict[str, Any]]:
    """The searchers alone, beside ``heavy`` heavy users with no cap, and beside them with ``cap``:
    the three in turn, ``rounds`` times, each on a fresh server."""
    runs = []
    for _ in range(rounds):
        for users, limit in ((0, cap), (heavy, 0), (heavy, cap)):
            figures = load_test(index, seconds, clients, threads, workers, log, heavy=users, cap=limit)
            figures["load_average"] = os.getloadavg()
            log(f"heavy {users}, cap {_cap_name(limit)}: {figures}")
            runs.append(figures)
    return runs


def _cap_name(cap: int | None) -> str:
    if cap is None:
        return f"default {indexer.config.heavy_requests()}"
    return "none" if cap == 0 else str(cap)


def comparison_table(runs: list[dict[str, Any]]) -> str:
    """One row per run: the searches' latencies and the expensive requests answered and refused."""
    rows = [
        "| heavy users | cap (whole server) | searches | searches p50 / p95 / p99 | search errors "
        "| expensive answered / refused | expensive p50 / p95 | load (1 min) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        ordinary, expensive = run["ordinary"], run["expensive"]
        heavy_times = f"{expensive['p50_ms']:.0f} / {expensive['p95_ms']:.0f} ms" if "p50_ms" in expensive else "–"
        rows.append(
            f"| {run['heavy']} | {_cap_name(run['cap']) if run['heavy'] else '–'} | {ordinary['requests']} "
            f"| {ordinary['p50_ms']:.0f} / {ordinary['p95_ms']:.0f} / {ordinary['p99_ms']:.0f} ms "
            f"| {ordinary['errors']} | {expensive['answered']} / {expensive['refused']} | {heavy_times} "
            f"| {run['load_average'][0]:.2f} |"
        )
    return "\n".join(rows)


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
