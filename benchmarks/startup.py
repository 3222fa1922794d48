"""Measure what a program that only searches pays to start: imports, opening an index, one search.

Run ``python -m benchmarks.startup --index DIR [--query WORDS] [--runs N]``. Each run is a
fresh Python process (so nothing is cached between runs) that imports ``indexer``, opens the
index and runs one search; the table gives the median of each step, the process's peak RSS,
and which heavy modules the search imported (none of trafilatura, tqdm, click, flask,
waitress, lxml and jinja2 should be).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence

#: Modules an embedding program that only searches should not have to load.
HEAVY = ("trafilatura", "tqdm", "click", "flask", "waitress", "lxml", "jinja2", "spylls")

_PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
import indexer
t1 = time.perf_counter()
index = indexer.open_index(sys.argv[1])
t2 = time.perf_counter()
results = index.search(sys.argv[2])
t3 = time.perf_counter()
print(json.dumps({
    "import_ms": (t1 - t0) * 1000, "open_ms": (t2 - t1) * 1000, "search_ms": (t3 - t2) * 1000,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "hits": results.total, "modules": len(sys.modules),
    "heavy": sorted(name for name in json.loads(sys.argv[3]) if name in sys.modules),
}))
"""


def measure(index_dir: str, query: str) -> dict[str, object]:
    """One fresh process: import, open, search; its timings, peak RSS and heavy imports."""
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, index_dir, query, json.dumps(HEAVY)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(completed.stdout)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Print the median of ``--runs`` fresh-process measurements."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__)
    parser.add_argument("--index", required=True, help="a built index directory")
    parser.add_argument("--query", default="upphandling")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    runs = [measure(args.index, args.query) for _ in range(args.runs)]
    for key in ("import_ms", "open_ms", "search_ms", "peak_rss_mb"):
        print(f"{key:>12}: {statistics.median(float(run[key]) for run in runs):8.1f}")  # type: ignore[arg-type]
    print(f"{'modules':>12}: {runs[-1]['modules']}")
    print(f"{'hits':>12}: {runs[-1]['hits']}")
    print(f"{'heavy':>12}: {', '.join(runs[-1]['heavy']) or 'none'}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
