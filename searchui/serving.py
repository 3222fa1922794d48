"""Serving with waitress, in one process or in several that share one listening socket.

Searching is pure Python, so the threads of one process share one core. To use
more cores, the parent binds the socket once and starts worker processes
(``python -m searchui --listen-fd N``) that each run waitress on it; the kernel
hands each new connection to one of them. The parent restarts a worker that
dies and stops them all when it is stopped (Ctrl-C or SIGTERM). A process takes
new connections only while it has a thread free: left to the kernel, one process
often took most of the clients' keep-alive connections and served them on one
core while the other idled (75 % and 23 % of the samples of a profile under 8 clients).

Connections cost no thread until a whole request has arrived, so idle or slow
clients cannot starve the searches; but each holds one of waitress's connection
slots. So there are many slots (polled, not ``select``-ed), an idle connection is
closed after :data:`IDLE_SECONDS`, and one whose request has not arrived whole
:data:`REQUEST_SECONDS` after its first byte is closed too: 250 clients that each
send one header line every 2 seconds no longer hold up ordinary requests.
"""

from __future__ import annotations

import logging
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

#: A worker that dies sooner than this after its start is not restarted (it would die again).
MIN_LIFETIME = 5.0
#: Connections waiting to be accepted (the listening socket's backlog).
BACKLOG = 1024
#: Open connections a server process holds at most (waitress's default is 100).
CONNECTIONS = 1000
#: Seconds a connection may stay silent between requests before it is closed (default 120).
IDLE_SECONDS = 30
#: Seconds from the first byte of a request until all of it (head and body) must have arrived.
REQUEST_SECONDS = 10
#: How often, in seconds, the server looks for connections to close.
CHECK_SECONDS = 2
#: The largest request body: the UI takes no uploads (waitress's default is 1 GB).
MAX_BODY_BYTES = 1_000_000
#: File descriptors kept beside the connections (index files, logs, the listening socket).
SPARE_FILES = 100

#: Waitress settings for a public server (see the module's docstring).
TUNING: dict[str, Any] = {
    "backlog": BACKLOG,
    "connection_limit": CONNECTIONS,
    "channel_timeout": IDLE_SECONDS,
    "cleanup_interval": CHECK_SECONDS,
    "max_request_body_size": MAX_BODY_BYTES,
    "asyncore_use_poll": True,  # select() fails beyond 1024 descriptors
}


class _TimedRequest(HTTPRequestParser):
    """A request being read, with the time its first byte arrived."""

    def __init__(self, adj: Adjustments) -> None:
        super().__init__(adj)
        self.started = time.time()


class _Channel(HTTPChannel):
    parser_class = _TimedRequest

    def service(self) -> None:
        """Answer the channel's requests, then tell the server that a thread is free again."""
        try:
            super().service()
        finally:
            server: Any = self.server  # our Server (the stubs say a dispatcher)
            server.task_done()


class Server(TcpWSGIServer):
    """Waitress's TCP server that also closes connections whose request takes too long to arrive,
    and accepts new connections only while a thread is free to answer them."""

    channel_class = _Channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._tasks = 0  # requests being answered or waiting for a thread
        self._tasks_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def add_task(self, task: Any) -> None:
        """Hand a channel with a whole request to the threads, counting it."""
        with self._tasks_lock:
            self._tasks += 1
        super().add_task(task)

    def task_done(self) -> None:
        """A channel's requests are answered: count it off and wake the loop to accept again."""
        with self._tasks_lock:
            self._tasks -= 1
        self.pull_trigger()

    def readable(self) -> bool:
        """Whether to accept connections: within waitress's limits, and only with a thread free."""
        listening = bool(super().readable())
        return listening and self._tasks < self.adj.threads

    def maintenance(self, now: float) -> None:
        """Close idle connections (waitress) and those still sending a request after the deadline."""
        super().maintenance(now)  # type: ignore[arg-type]  # waitress passes time.time()
        cutoff = now - REQUEST_SECONDS
        channels: Any = self.active_channels  # a dict of channels (the stubs say otherwise)
        for channel in channels.values():
            request = channel.request
            if request is not None and not request.completed and request.started < cutoff:
                channel.will_close = True


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host``:``port`` (IPv6 when the host has a colon)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=BACKLOG)


def create_server(app: Flask, sock: socket.socket, threads: int) -> Server:
    """A tuned waitress server for ``app`` on the listening socket ``sock``, with ``threads`` threads."""
    _allow_open_files(CONNECTIONS + SPARE_FILES)
    adj = Adjustments(sockets=[sock], threads=threads, **TUNING)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(threads)
    sockinfo = (sock.family, sock.type, sock.proto, sock.getsockname())
    return Server(app, {}, _sock=sock, dispatcher=dispatcher, adj=adj, sockinfo=sockinfo, bind_socket=False)


def serve(app: Flask, host: str, port: int, threads: int) -> None:
    """Serve ``app`` in this process until interrupted."""
    _run(create_server(app, listening_socket(host, port), threads))


def serve_socket(app: Flask, fd: int, threads: int) -> None:
    """Serve ``app`` on the listening socket inherited as file descriptor ``fd`` (a worker).

    Ctrl-C is left to the parent, which stops its workers with SIGTERM.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _run(create_server(app, socket.socket(fileno=fd), threads))


def _run(server: Server) -> None:
    """Run ``server`` until interrupted, its warnings logged to stderr as ``waitress.serve`` does."""
    logging.basicConfig()
    server.print_listen("Serving on http://{}:{}")
    server.run()


def _allow_open_files(wanted: int) -> None:
    """Raise this process's limit of open files to ``wanted`` where the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def supervise(host: str, port: int, workers: int, worker_argv: Callable[[int], Sequence[str]]) -> int:
    """Bind ``host``:``port`` and keep ``workers`` processes serving on it until stopped.

    ``worker_argv(fd)`` is the command line of a worker given the socket's file descriptor.
    """
    listener = listening_socket(host, port)
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
