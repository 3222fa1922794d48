"""Measuring tools for the benchmark: timed subprocesses with their peak memory, sizes, percentiles."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: How often the memory of a running process tree is sampled, in seconds.
SAMPLE_EVERY = 0.5
MB = 1024 * 1024


@dataclass(frozen=True)
class Measured:
    """A finished subprocess: wall time, CPU time and peak memory (bytes), children included: resident
    (RSS, pages shared between its processes counted in each) and proportional (PSS, counted once)."""

    seconds: float
    cpu_seconds: float
    peak_rss: int
    peak_pss: int


def checkout_environment(checkout: Path) -> dict[str, str]:
    """This process's environment with ``checkout`` first on ``PYTHONPATH``: a Python started with it
    imports that checkout's code (a commit to compare with)."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout.resolve()), environment.get("PYTHONPATH")]))
    return environment


class CommandError(RuntimeError):
    """A measured command that failed; the message holds the end of its error output."""


def run_measured(argv: Sequence[str], timeout: float | None = None) -> Measured:
    """Run ``argv``; its wall and CPU time and the peak RSS and PSS of its process tree.

    The RSS peak is the larger of the kernel's high-water mark for the process (and
    children it waited for) and the sampled sum over the running tree, so that
    parallel worker processes count together; the PSS peak is sampled. A command still
    running after ``timeout`` seconds is killed, and :class:`subprocess.TimeoutExpired` raised.
    """
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampled = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_EVERY):
            sampled[0] = max(sampled[0], tree_rss(process.pid))
            sampled[1] = max(sampled[1], tree_pss(process.pid))
            if timeout is not None and time.perf_counter() - started > timeout:
                process.kill()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if timeout is not None and seconds > timeout and process.returncode < 0:
        raise subprocess.TimeoutExpired(argv, timeout)
    if process.returncode != 0:
        tail = stderr.decode("utf-8", "replace")[-2000:]
        raise CommandError(f"{' '.join(argv)} failed ({process.returncode}):\n{tail}")
    return Measured(seconds, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss * 1024, sampled[0]), sampled[1])


def tree_rss(pid: int, key: str = "VmRSS") -> int:
    """The resident memory (bytes) of ``pid`` and all its descendants now (``VmHWM``: their peaks)."""
    return sum(status_bytes(each, key) for each in process_tree(pid))


def tree_cpu_seconds(pid: int) -> float:
    """The CPU time (user and system, in seconds) of ``pid`` and its descendants running now."""
    total = 0
    for each in process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)
    return total / os.sysconf("SC_CLK_TCK")


def tree_pss(pid: int) -> int:
    """The proportional memory (bytes) of ``pid`` and its descendants: pages shared between
    processes (mapped files, forked memory) are divided among them, so the sum counts them once."""
    return sum(pss_bytes(each) for each in process_tree(pid))


def process_tree(pid: int) -> list[int]:
    """``pid`` and the ids of all its descendants now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, ()))
    return found


def status_bytes(pid: int, key: str) -> int:
    """A memory figure (``VmRSS``, ``VmHWM``) of a running process, in bytes; 0 when gone."""
    return _kilobytes(Path(f"/proc/{pid}/status"), f"{key}:")


def pss_bytes(pid: int) -> int:
    """The proportional set size of a running process, in bytes; 0 when gone."""
    return _kilobytes(Path(f"/proc/{pid}/smaps_rollup"), "Pss:")


def _kilobytes(path: Path, label: str) -> int:
    """The figure on the line starting with ``label`` in a ``/proc`` file (kB), in bytes; 0 if none."""
    try:
        for line in path.read_text().splitlines():
            if line.startswith(label):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def directory_size(path: Path) -> int:
    """The bytes of all files below ``path``."""
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def percentiles(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95 and p99 of latencies, in milliseconds."""
    cuts = statistics.quantiles([s * 1000 for s in seconds], n=100, method="inclusive")
    return {"p50_ms": cuts[49], "p95_ms": cuts[94], "p99_ms": cuts[98]}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
