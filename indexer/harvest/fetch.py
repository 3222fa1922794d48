"""HTTP for a harvest: one site, politely, tried again when the site is busy, never beyond it.

Every request names Pressarkiv and its contact address in the User-Agent, waits its turn
(:class:`~indexer.harvest.throttle.Throttle`), has a timeout and may be conditional
(``If-None-Match``, ``If-Modified-Since``). Redirects are followed step by step so that
each step is checked: it must stay on the site and be allowed by ``robots.txt``. A 429 or
5xx answer, a timeout or a broken connection is tried again after a back-off (the
server's ``Retry-After`` when it gives one), a few times; then the address fails with a
reason and the harvest goes on with the next one.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

import httpx

from indexer.errors import HarvestError
from indexer.harvest.addresses import absolute, same_site, site_of
from indexer.harvest.robots import Robots
from indexer.harvest.throttle import Throttle

#: The answer that says "too many requests"; it and every 5xx are tried again after a back-off.
TOO_MANY_REQUESTS = 429
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
#: The largest answer read (a sitemap may hold 50 MB); a larger one fails its address.
MAX_BYTES = 50 * 2**20
#: Seconds before a request without any answer is given up (and tried again).
TIMEOUT = 20.0
#: Attempts at one address before it fails for this run.
TRIES = 3
#: The longest back-off waited for; a server that asks for more is asked again next run.
MAX_WAIT = 120.0

_SECONDS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Response:
    """A final answer: the address asked for, where the redirects ended, status, headers and body."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    content: bytes = b""

    @property
    def etag(self) -> str | None:
        """The ``ETag`` validator, for a conditional request next time."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The ``Last-Modified`` validator, sent back as it came."""
        return self.headers.get("last-modified")

    @property
    def media_type(self) -> str:
        """The ``Content-Type`` without parameters, lower case ('' when the server sent none)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Fetcher:
    """GET requests to one site with its ``robots.txt`` applied, counted for the report."""

    def __init__(
        self, site: str, *, user_agent: str, throttle: Throttle, timeout: float = TIMEOUT,
        tries: int = TRIES, max_wait: float = MAX_WAIT, backoff: float = 1.0,
    ) -> None:  # fmt: skip
        self.site = site
        self.throttle = throttle
        self.tries = tries
        self.max_wait = max_wait
        self.backoff = backoff
        self.robots = Robots.allow_all()
        #: Requests sent, and how many of them were conditional.
        self.requests = 0
        self.conditional = 0
        self._client = httpx.Client(headers={"User-Agent": user_agent}, timeout=timeout, follow_redirects=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The final answer for ``url`` (any status but 429/5xx and redirects); raises :class:`HarvestError`.

        ``etag`` and ``last_modified`` make the request conditional (a 304 answers it).
        """
        headers = {name: value for name, value in (("If-None-Match", etag),
                   ("If-Modified-Since", last_modified)) if value}  # fmt: skip
        target, redirects, failures, wait = url, 0, 0, 0.0
        while True:
            self._check(url, target)
            try:
                status, answer, content = self._request(target, headers, wait)
            except httpx.HTTPError as error:  # no answer: timeout, refused, broken
                problem, asked = f"fick inget svar ({type(error).__name__}: {error})", None
            else:
                location = answer.get("location")
                if status in REDIRECT_STATUSES and location:
                    redirects += 1
                    if redirects > MAX_REDIRECTS:
                        raise HarvestError(f"{url}: fler än {MAX_REDIRECTS} omdirigeringar; hoppas över")
                    target, wait = absolute(location, target), 0.0
                    continue
                if status != TOO_MANY_REQUESTS and status < 500:
                    return Response(url, target, status, answer, content)
                problem, asked = f"svarade {status}", retry_after(answer.get("retry-after"))
            failures += 1
            if failures >= self.tries:
                raise HarvestError(f"{url}: {problem} {failures} gånger; ger upp för den här gången")
            wait = asked if asked is not None else self.backoff * 2 ** (failures - 1)
            if wait > self.max_wait:
                raise HarvestError(f"{url}: {problem} och bad om {wait:.0f} s paus; försöker igen nästa körning")

    def _check(self, url: str, target: str) -> None:
        """Refuse an address off the site or forbidden by ``robots.txt``, naming the one asked for."""
        if not same_site(target, self.site):
            where = "" if target == url else f" (omdirigeras till {target})"
            raise HarvestError(f"{url}: ligger utanför webbplatsen {self.site}{where}; hämtas inte")
        if not self.robots.allows(target):
            where = "" if target == url else f" (omdirigeras till {target})"
            raise HarvestError(f"{url}: förbjuden i robots.txt{where}; hämtas inte")

    def _request(self, url: str, headers: dict[str, str], wait: float) -> tuple[int, httpx.Headers, bytes]:
        """One request after its wait: status, headers and at most :data:`MAX_BYTES` of body."""
        self.throttle.wait(site_of(url)[0], at_least=wait)
        self.requests += 1
        self.conditional += bool(headers)
        with self._client.stream("GET", url, headers=headers) as response:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise HarvestError(f"{url}: större än {MAX_BYTES // 2**20} MB; hoppas över")
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """The seconds a ``Retry-After`` header asks for (seconds or an HTTP date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())
