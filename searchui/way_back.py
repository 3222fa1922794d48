"""The way back to a search: pages reached from one carry it, so "Till sökningen" returns there.

Links from a search to a release, person, organisation or topic page add ``?sok=`` with
the search's canonical query string, and those pages pass it on in their own links. It
is read back through ``SearchRequest.from_args`` and written out again by ``search_url``,
so the link back always leads to this site's search page, with the same query, filters
and page, and never to an address taken from the request (no open redirect). It works
without JavaScript and survives bookmarks; a value that is not a search is ignored.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from flask import Flask, g, request

from indexer.errors import SearchError
from indexer.search.request import SearchRequest

#: The query-string name of the search a page was reached from.
PARAMETER = "sok"
#: Longer values are not read: no search's canonical query string is this long.
MAX_CHARS = 8000


def remember(params: SearchRequest | None) -> None:
    """Let this response's links to releases and value pages carry the search ``params``."""
    g.way_back = params if params is not None and params.to_args() else None


def from_request() -> SearchRequest | None:
    """The search the request's ``sok`` names, or None (none given, or not a valid search)."""
    raw = request.args.get(PARAMETER, "")
    if not raw or len(raw) > MAX_CHARS:
        return None
    try:
        return SearchRequest.from_args(parse_qs(raw))
    except SearchError:
        return None


def back_search() -> SearchRequest | None:
    """The search this response leads back to, if any (see :func:`remember`)."""
    return g.get("way_back")


def carry(url: str) -> str:
    """``url`` with the remembered search added as ``sok``; unchanged when there is none."""
    if "way_back_suffix" not in g:
        params = back_search()
        g.way_back_suffix = urlencode({PARAMETER: urlencode(params.to_args(), doseq=True)}) if params else ""
    if not g.way_back_suffix:
        return url
    return f"{url}{'&' if '?' in url else '?'}{g.way_back_suffix}"


def init_app(app: Flask) -> None:
    """Offer ``carry`` and ``back_search`` to the templates."""
    app.add_template_global(carry)
    app.add_template_global(back_search)
