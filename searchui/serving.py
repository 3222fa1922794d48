"""Serving with waitress, in one process or in several that share one listening socket.

Searching is pure Python, so the threads of one process share one core. To use
more cores, the parent binds the socket once and starts worker processes
(``python -m searchui --listen-fd N``) that each run waitress on it; the kernel
hands each new connection to one of them. The parent restarts a worker that
dies and stops them all when it is stopped (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

import waitress
from flask import Flask

#: A worker that dies sooner than this after its start is not restarted (it would die again).
MIN_LIFETIME = 5.0


def serve(app: Flask, host: str, port: int, threads: int) -> None:
    """Serve ``app`` in this process until interrupted."""
    waitress.serve(app, host=host, port=port, threads=threads)


def serve_socket(app: Flask, fd: int, threads: int) -> None:
    """Serve ``app`` on the listening socket inherited as file descriptor ``fd`` (a worker).

    Ctrl-C is left to the parent, which stops its workers with SIGTERM.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    waitress.serve(app, sockets=[socket.socket(fileno=fd)], threads=threads)


def supervise(host: str, port: int, workers: int, worker_argv: Callable[[int], Sequence[str]]) -> int:
    """Bind ``host``:``port`` and keep ``workers`` processes serving on it until stopped.

    ``worker_argv(fd)`` is the command line of a worker given the socket's file descriptor.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=1024)
    fd = listener.fileno()

    def start() -> tuple[subprocess.Popen, float]:
        return subprocess.Popen(worker_argv(fd), pass_fds=[fd]), time.monotonic()

    running = [start() for _ in range(workers)]
    stopping = failed = False

    def stop(signum: int, frame: object) -> None:  # SIGTERM: stop as on Ctrl-C
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and running:
            time.sleep(0.5)
            for number, (process, started) in enumerate(running):
                if process.poll() is None:
                    continue
                if time.monotonic() - started < MIN_LIFETIME:
                    print(f"Pressarkiv: en serverprocess avslutades direkt (kod {process.returncode}); "
                          "se felet ovan.", file=sys.stderr)  # fmt: skip
                    stopping = failed = True
                    break
                running[number] = start()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process, _ in running:
            process.terminate()
        for process, _ in running:
            process.wait()
        listener.close()
    return 1 if failed else 0
