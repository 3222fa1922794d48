"""Waiting between requests, so that a harvest never asks one host more often than it may."""

from __future__ import annotations

import time
from collections.abc import Callable


class Throttle:
    """Keeps the requests to each host at least ``delay`` seconds apart (more where a host asks).

    ``clock`` and ``sleep`` are :func:`time.monotonic` and :func:`time.sleep`, replaceable in tests.
    """

    def __init__(
        self, delay: float, *, clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:  # fmt: skip
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._delays: dict[str, float] = {}
        self._last: dict[str, float] = {}

    def slow_down(self, host: str, seconds: float) -> None:
        """Wait at least ``seconds`` between requests to ``host`` from now on (its ``Crawl-delay``)."""
        self._delays[host] = max(seconds, self.delay)

    def gap(self, host: str) -> float:
        """The seconds kept between two requests to ``host``."""
        return self._delays.get(host, self.delay)

    def wait(self, host: str, at_least: float = 0.0) -> None:
        """Sleep until a request to ``host`` may go: the gap (or ``at_least``, a back-off) since the last."""
        last = self._last.get(host)
        if last is not None:
            remaining = last + max(self.gap(host), at_least) - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        elif at_least > 0:
            self._sleep(at_least)
        self._last[host] = self._clock()
