"""A cap on expensive requests, so that ordinary searches keep a thread and a core while downloads run.

A download, a feed or a person's, organisation's or topic's page reads hundreds of
releases: several searches' worth of work. The whole server (all the processes of
``python -m searchui``) runs at most ``PRESSARKIV_HEAVY_REQUESTS`` of them at once (0: no
cap): each slot is a lock file that a request holds with ``flock`` while it runs, in a
folder the processes share. A request over the cap waits up to
:data:`indexer.config.HEAVY_WAIT_SECONDS` for a slot, then gets a 503 with
``Retry-After`` and a Swedish message (JSON under ``/api`` and for ``.json``), never a
traceback. A process holds at most as many threads for expensive requests (running or
waiting) as the cap, so with more threads than the cap (``--threads``, 2 by default) every
process keeps a thread for searches; the rest are refused at once.
"""

from __future__ import annotations

import fcntl
import functools
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, ParamSpec, TypeVar

from flask import Flask, current_app, make_response
from werkzeug.wrappers import Response

import indexer.config
from searchui.errors import error_response

_EXTENSION = "pressarkiv-heavy"

#: What a refused request is told, and when to try again (seconds, in ``Retry-After``).
BUSY = (
    "Servern har många tunga förfrågningar just nu (nedladdningar, flöden och sidor för personer, "
    "organisationer och ämnen). Försök igen om några sekunder."
)
RETRY_AFTER = 5
#: How often, in seconds, a waiting request tries the slots again.
POLL_SECONDS = 0.02

P = ParamSpec("P")
R = TypeVar("R")


class RequestCap:
    """At most ``slots`` holders at once over every process sharing ``folder`` (0: no cap); one
    that finds none free waits up to ``wait`` seconds. A process admits at most ``slots`` holders
    and waiters."""

    def __init__(self, slots: int, wait: float, folder: Path) -> None:
        self.slots, self.wait = slots, wait
        self._files = [folder / f"slot-{number}.lock" for number in range(slots)]
        self._admitted = threading.BoundedSemaphore(max(slots, 1))

    @contextmanager
    def slot(self) -> Iterator[bool]:
        """Hold a slot while the block runs: yields True, or False when none came free in time."""
        if not self.slots:
            yield True
            return
        if not self._admitted.acquire(blocking=False):
            yield False
            return
        try:
            held = self._take()
            if held is None:
                yield False
                return
            try:
                yield True
            finally:
                held.close()  # and with it the lock
        finally:
            self._admitted.release()

    def _take(self) -> IO[bytes] | None:
        """An open slot file locked for this request, or None when none came free within the wait."""
        deadline = time.monotonic() + self.wait
        while True:
            for path in self._files:
                handle = open(path, "ab")
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return handle
                except BlockingIOError:
                    handle.close()
            if time.monotonic() >= deadline:
                return None
            time.sleep(POLL_SECONDS)


def init_app(app: Flask) -> None:
    """Give ``app`` its cap: ``PRESSARKIV_HEAVY_REQUESTS`` from its config, else the environment; its
    slots in ``HEAVY_LOCK_DIR`` (shared by the server's processes), else in a folder of its own."""
    slots = indexer.config.heavy_requests(app.config.get("PRESSARKIV_HEAVY_REQUESTS"))
    wait = app.config.get("HEAVY_WAIT_SECONDS", indexer.config.HEAVY_WAIT_SECONDS)
    folder = app.config.get("HEAVY_LOCK_DIR")
    if folder is None:
        own = tempfile.TemporaryDirectory(prefix="pressarkiv-slots-")
        app.extensions[_EXTENSION + "-folder"] = own  # removed with the app
        folder = own.name
    app.config.update(PRESSARKIV_HEAVY_REQUESTS=slots, HEAVY_LOCK_DIR=folder)
    app.extensions[_EXTENSION] = RequestCap(slots, wait, Path(folder))


def expensive(view: Callable[P, R]) -> Callable[P, R | Response]:
    """Run ``view`` only in a slot of the app's cap; a 503 with ``Retry-After`` when none comes free."""

    @functools.wraps(view)
    def capped(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        cap: RequestCap = current_app.extensions[_EXTENSION]
        with cap.slot() as admitted:
            if admitted:
                return view(*args, **kwargs)
        refused = make_response(error_response(503, BUSY))
        refused.headers["Retry-After"] = str(RETRY_AFTER)
        return refused

    return capped
