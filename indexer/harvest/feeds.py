"""Reading an RSS or Atom feed with feedparser: the pages it links to, with their dates.

A feed lists only the latest items, so a page missing from it is not taken to be gone.
Input that is no feed raises :class:`~indexer.errors.HarvestError` naming the address.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import feedparser

from indexer.errors import HarvestError
from indexer.harvest.addresses import absolute, is_web_address
from indexer.harvest.sitemaps import Listed


def parse_feed(data: bytes, where: str) -> tuple[Listed, ...]:
    """The entries of a feed fetched from ``where``: each link with its updated (else published) time."""
    # A file object, never bytes: feedparser opens a bytes value that names a file or URL.
    feed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": where},
                            sanitize_html=False)  # fmt: skip
    if not feed.get("version") and not feed.entries:
        reason = feed.get("bozo_exception") or "inga poster"
        raise HarvestError(
            f"{where}: är varken en sitemap eller ett RSS- eller Atom-flöde ({reason}): "
            "ange webbplatsens rot, en sitemap eller ett flöde"
        )
    found = []
    for entry in feed.entries:
        link = (entry.get("link") or "").strip()
        if link and is_web_address(absolute(link, where)):
            # dict.get: feedparser's get() maps a missing updated_parsed to published_parsed, with a warning
            when = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
            found.append(Listed(absolute(link, where), _time(when)))
    return tuple(found)


def _time(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's UTC time as an aware datetime."""
    if value is None:
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.UTC)
    except (TypeError, ValueError):
        return None
