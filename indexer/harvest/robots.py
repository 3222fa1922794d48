"""``robots.txt``: what a site lets Pressarkiv fetch, how often, and where its sitemaps are.

The text is fetched by :mod:`indexer.harvest.fetch` (so that the request carries our
User-Agent, timeout and waits) and read with :mod:`urllib.robotparser`. As RFC 9309
says, a site without ``robots.txt`` (any 4xx answer) allows everything; one whose
``robots.txt`` cannot be fetched is not harvested (the caller decides that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

#: The product token that ``User-agent:`` lines name to give Pressarkiv its own rules.
AGENT = "Pressarkiv"

#: A rate line: robotparser converts its value with int() after str.isdigit(), which
#: non-ASCII digits such as ``²`` pass and int() refuses, so such lines are left out.
_RATE_LINE = re.compile(r"\s*(?:crawl-delay|request-rate)\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Robots:
    """A site's ``robots.txt`` as read for Pressarkiv."""

    parser: RobotFileParser

    @classmethod
    def parse(cls, text: str) -> Robots:
        """Read the text of a ``robots.txt``; lines it does not understand are ignored, as robots do."""
        parser = RobotFileParser()
        parser.parse(line for line in text.splitlines() if line.isascii() or not _RATE_LINE.match(line))
        return cls(parser)

    @classmethod
    def allow_all(cls) -> Robots:
        """The rules of a site without ``robots.txt``: everything may be fetched, at our own pace."""
        return cls.parse("")

    def allows(self, url: str) -> bool:
        """Whether Pressarkiv may fetch ``url``."""
        return self.parser.can_fetch(AGENT, url)

    @property
    def delay(self) -> float | None:
        """The seconds the site asks between requests (``Crawl-delay``, or ``Request-rate``), if any."""
        delay = self.parser.crawl_delay(AGENT)
        rate = self.parser.request_rate(AGENT)
        per_request = rate.seconds / rate.requests if rate and rate.requests else None
        asked = [float(value) for value in (delay, per_request) if value is not None]
        return max(asked) if asked else None

    @property
    def sitemaps(self) -> tuple[str, ...]:
        """The sitemaps that ``Sitemap:`` lines name, in their order."""
        return tuple(self.parser.site_maps() or ())
