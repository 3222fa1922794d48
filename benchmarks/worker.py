"""Measure what search server workers hold in memory, and how fast one has its language data ready.

Run ``python -m benchmarks.worker --index DIR [--workers N]``. Like the server, it starts N
worker processes, each a fresh Python that creates the web app over the index; each loads
the language data (lexicon and compound forms, timed), then gets the search page for every
query of the speed benchmark's query set. With all workers alive, their RSS and PSS are read
from ``/proc/<pid>/smaps_rollup`` after loading and after the queries: pages that the
workers share (the memory-mapped language data) count once in the PSS sum.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks.speed.measure import MB, pss_bytes, status_bytes

_WORKER = """
import json, sys, time
from urllib.parse import urlencode
from searchui import create_app
from benchmarks.speed.queries import load_queries
from indexer.language.compounds import compound_parts
from indexer.language.lexicon import normalise
import indexer
app = create_app({"INDEX_DIR": sys.argv[1]})
client = app.test_client()
started = time.perf_counter()
compound_parts("klimatkravet"), normalise("klimatkravet")
language_ms = (time.perf_counter() - started) * 1000
with indexer.open_index(sys.argv[1]) as index:
    queries = load_queries(lambda group: [value.value for value in index.values(group)])
print(json.dumps({"language_ms": language_ms}), flush=True)
sys.stdin.readline()
for query in queries:
    assert client.get("/?" + urlencode(query.params())).status_code == 200
print(json.dumps({"queries": len(queries)}), flush=True)
sys.stdin.readline()
"""


def stage(workers: list[subprocess.Popen[str]]) -> list[dict[str, float]]:
    """Each worker's report of its next stage, with its RSS and PSS now (all alive), in MB."""
    reports = [json.loads(worker.stdout.readline()) for worker in workers if worker.stdout]
    for worker, report in zip(workers, reports):
        report["rss_mb"] = status_bytes(worker.pid, "VmRSS") / MB
        report["pss_mb"] = pss_bytes(worker.pid) / MB
    return reports


def measure(index: Path, count: int) -> dict[str, list[dict[str, float]]]:
    """Start ``count`` workers; their reports after loading and after the query set."""
    workers = [
        subprocess.Popen([sys.executable, "-c", _WORKER, str(index)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
        for _ in range(count)
    ]  # fmt: skip
    try:
        stages = {"loaded": stage(workers)}
        for worker in workers:
            if worker.stdin:
                worker.stdin.write("\n")
                worker.stdin.flush()
        stages["queried"] = stage(workers)
    finally:
        for worker in workers:
            worker.communicate("\n", timeout=60)
    if any(worker.returncode for worker in workers):
        raise RuntimeError("a worker failed")
    return stages


def main(argv: Sequence[str] | None = None) -> int:
    """Print the median worker's figures and the sums over all workers at each stage."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker", description=__doc__)
    parser.add_argument("--index", required=True, type=Path, help="a built index directory")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    stages = measure(args.index, args.workers)
    print(f"language data loaded in {statistics.median(r['language_ms'] for r in stages['loaded']):.1f} ms (median)")
    for name, reports in stages.items():
        rss = [report["rss_mb"] for report in reports]
        pss = [report["pss_mb"] for report in reports]
        print(f"{name:>8}: worker RSS {statistics.median(rss):6.1f} MB, PSS {statistics.median(pss):6.1f} MB; "
              f"{len(reports)} workers: RSS {sum(rss):6.1f} MB, PSS {sum(pss):6.1f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
