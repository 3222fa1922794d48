"""How indexing one release scales with its size: time and peak memory at 1, 4 and 16 MB.

Each size is one text release made of the synthetic generator's bodies (real
Swedish sentences, quoted persons with roles, organisations) until it reaches the
size, rebuilt alone by ``python -m indexer rebuild`` in a subprocess, with the
size limit raised above it. Linear cost shows as a steady time per MB::

    python -m benchmarks.sizes --sizes 1 4 16 --workdir /tmp/pressarkiv-sizes
    python -m benchmarks.sizes --sizes 1 --profile     # where the time goes at 1 MB
"""

from __future__ import annotations

import argparse
import cProfile
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import indexer
from benchmarks.speed.generate import Generator
from benchmarks.speed.measure import MB, Measured, run_measured
from benchmarks.speed.profile import shares
from indexer.config import DEFAULT_TOPICS, MAX_RELEASE_BYTES_ENV

TOPICS = DEFAULT_TOPICS


def write_release(path: Path, megabytes: float, seed: int = 1) -> int:
    """Write one text release of about ``megabytes`` MB to ``path``; its size in bytes."""
    generator = Generator(seed)
    parts = ["Syntetiskt jättepressmeddelande [Syntetiskt]", "Publicerad 2021-02-17", "Pressmeddelande"]
    size, number = 0, 0
    while size < megabytes * 1_000_000:
        record = generator.release(number).record
        for part in (record["lead"], record["body"]):
            parts.append(part)
            size += len(part.encode("utf-8")) + 2
        number += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path.stat().st_size


def measure(workdir: Path, megabytes: float, timeout: float) -> tuple[int, Measured | None]:
    """Rebuild an index of one release of ``megabytes`` MB; its size, and the figures (None: timed out)."""
    data, index = workdir / f"data-{megabytes:g}", workdir / f"index-{megabytes:g}"
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(index, ignore_errors=True)
    size = write_release(data / "stor.txt", megabytes)
    os.environ[MAX_RELEASE_BYTES_ENV] = str(2 * size)
    argv = [sys.executable, "-m", "indexer", "rebuild", "--data", str(data), "--index", str(index),
            "--topics", str(TOPICS)]  # fmt: skip
    try:
        return size, run_measured(argv, timeout=timeout)
    except subprocess.TimeoutExpired:
        return size, None


def main() -> None:
    """Measure each size; print a table (or, with ``--profile``, where the time goes)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16], help="sizes in MB")
    parser.add_argument("--workdir", type=Path, help="scratch directory (default: a temporary one)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a rebuild is given up")
    parser.add_argument("--profile", action="store_true", help="cProfile each rebuild in this process")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pressarkiv-sizes-"))
    write_release(workdir / "warm" / "liten.txt", 0.01)  # fills the dictionary caches, untimed
    indexer.rebuild(indexer.resolve(workdir / "warm", workdir / "warm-index", TOPICS))
    print("| size | rebuild wall | CPU | s per MB | peak RSS |")
    print("| --- | --- | --- | --- | --- |")
    for megabytes in args.sizes:
        if args.profile:
            size = write_release(workdir / f"profile-{megabytes:g}" / "stor.txt", megabytes)
            data, index = workdir / f"profile-{megabytes:g}", workdir / f"profile-index-{megabytes:g}"
            settings = indexer.Settings(data, index, TOPICS, max_release_bytes=2 * size)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.runcall(indexer.rebuild, settings)
            print(f"{size / MB:.1f} MB: {time.perf_counter() - started:.1f} s")
            print(shares(profiler, f"rebuild of one {megabytes:g} MB release", 25))
            continue
        size, measured = measure(workdir, megabytes, args.timeout)
        if measured is None:
            print(f"| {size / 1e6:.1f} MB | > {args.timeout:.0f} s (stopped) | | | |", flush=True)
            continue
        per_mb = measured.seconds / (size / 1e6)
        print(
            f"| {size / 1e6:.1f} MB | {measured.seconds:.1f} s | {measured.cpu_seconds:.1f} s "
            f"| {per_mb:.2f} | {measured.peak_rss / MB:.0f} MB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
