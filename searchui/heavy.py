"""A cap on expensive requests, so that ordinary searches keep a thread while downloads run.

A download, a feed or a person's, organisation's or topic's page reads hundreds of
releases: several searches' worth of work. Each server process runs at most
``PRESSARKIV_HEAVY_REQUESTS`` of them at once (0: no cap). One over the cap waits up to
:data:`indexer.config.HEAVY_WAIT_SECONDS` for a slot; as many may wait as may run, and the
rest are refused at once. A refused request gets a 503 with ``Retry-After`` and a Swedish
message (JSON under ``/api`` and for ``.json``), never a traceback.

The cap is per process: ``python -m searchui --workers W --threads T`` runs at most
W × cap expensive requests at once, and each process keeps at least T - 2 × cap threads
for everything else (waiting for a slot holds a thread too).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

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

P = ParamSpec("P")
R = TypeVar("R")


class RequestCap:
    """At most ``slots`` holders at once (none: no cap), and as many waiting up to ``wait`` seconds."""

    def __init__(self, slots: int, wait: float) -> None:
        self.slots, self.wait = slots, wait
        self._running = threading.BoundedSemaphore(max(slots, 1))
        self._admitted = threading.BoundedSemaphore(max(2 * slots, 1))

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
            if not self._running.acquire(timeout=self.wait):
                yield False
                return
            try:
                yield True
            finally:
                self._running.release()
        finally:
            self._admitted.release()


def init_app(app: Flask) -> None:
    """Give ``app`` its cap: ``PRESSARKIV_HEAVY_REQUESTS`` from its config, else the environment."""
    slots = indexer.config.heavy_requests(app.config.get("PRESSARKIV_HEAVY_REQUESTS"))
    wait = app.config.get("HEAVY_WAIT_SECONDS", indexer.config.HEAVY_WAIT_SECONDS)
    app.config["PRESSARKIV_HEAVY_REQUESTS"] = slots
    app.extensions[_EXTENSION] = RequestCap(slots, wait)


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
