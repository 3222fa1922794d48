"""Search request parameters: parsed and checked once, shared by the HTML and JSON views.

Bad input raises :class:`ParameterError` with a message a Swedish reader can act
on; the app turns it into a 400 page or a 400 JSON error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from werkzeug.datastructures import MultiDict

from indexer.results import FACETS, MAX_PAGE, MAX_QUERY_LENGTH, SORTS, UNKNOWN_YEAR

DEFAULT_SORT = "relevance"
PER_PAGE = 10
MAX_FILTER_VALUES = 20
MAX_FILTER_CHARS = 200

_PAGE_PATTERN = re.compile(r"[0-9]{1,9}")
_YEAR_PATTERN = re.compile(r"[0-9]{4}")

#: How the sort orders are named to users, in the order they are offered.
SORT_LABELS: dict[str, str] = {
    "relevance": "Relevans",
    "newest": "Nyast först",
    "oldest": "Äldst först",
}


class ParameterError(ValueError):
    """A request parameter that cannot be used; the message is shown to the user."""


@dataclass(frozen=True)
class SearchParams:
    """A checked search request: query, filters, page and sort order."""

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    sort: str = DEFAULT_SORT

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """Arguments for ``url_for`` that give this search (with ``changes``) a stable URL.

        Default values are left out so that equal searches get equal URLs.
        """
        params = replace(self, **changes)
        args: dict[str, Any] = {}
        if params.query:
            args["q"] = params.query
        for key in FACETS:
            if params.filters.get(key):
                args[key] = list(params.filters[key])
        if params.sort != DEFAULT_SORT:
            args["sort"] = params.sort
        if params.page != 1:
            args["page"] = params.page
        return args

    def without(self, key: str, value: str) -> SearchParams:
        """This search without one filter value, back on page one."""
        filters = {k: [v for v in vs if (k, v) != (key, value)] for k, vs in self.filters.items()}
        return replace(self, filters={k: vs for k, vs in filters.items() if vs}, page=1)


def parse_search_args(args: MultiDict[str, str] | Mapping[str, str]) -> SearchParams:
    """Read ``q``, ``year``, ``person``, ``topic``, ``page`` and ``sort`` from a query string."""
    multi = args if isinstance(args, MultiDict) else MultiDict(args)
    return SearchParams(
        query=_query(multi.get("q", "")),
        filters=_filters(multi),
        page=_page(multi.get("page", "")),
        sort=_sort(multi.get("sort", "")),
    )


def _query(raw: str) -> str:
    normalized = unicodedata.normalize("NFC", raw)
    printable = "".join(ch for ch in normalized if ch.isprintable() or ch.isspace())
    query = " ".join(printable.split())
    if len(query) > MAX_QUERY_LENGTH:
        raise ParameterError(
            f"Sökfrågan är för lång ({len(query)} tecken). Den får vara högst "
            f"{MAX_QUERY_LENGTH} tecken."
        )
    return query


def _filters(args: MultiDict[str, str]) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for key in FACETS:
        cleaned = (unicodedata.normalize("NFC", v).strip() for v in args.getlist(key))
        values = list(dict.fromkeys(v for v in cleaned if v))
        if len(values) > MAX_FILTER_VALUES:
            raise ParameterError(f"Högst {MAX_FILTER_VALUES} val per filter går att göra.")
        if any(len(v) > MAX_FILTER_CHARS for v in values):
            raise ParameterError(f"Ett filtervärde får vara högst {MAX_FILTER_CHARS} tecken.")
        if key == "year":
            for value in values:
                if value != UNKNOWN_YEAR and not _YEAR_PATTERN.fullmatch(value):
                    raise ParameterError(
                        f"”{value[:40]}” är inget årtal. Ange ett år med fyra siffror, "
                        "till exempel 2021."
                    )
        if values:
            filters[key] = values
    return filters


def _page(raw: str) -> int:
    raw = raw.strip()
    if not raw:
        return 1
    if not _PAGE_PATTERN.fullmatch(raw) or int(raw) < 1:
        raise ParameterError("Sidnumret måste vara ett heltal, 1 eller större.")
    page = int(raw)
    if page > MAX_PAGE:
        raise ParameterError(f"Sidnumret får vara högst {MAX_PAGE}.")
    return page


def _sort(raw: str) -> str:
    sort = raw.strip() or DEFAULT_SORT
    if sort not in SORTS:
        names = ", ".join(f"”{name}”" for name in SORTS)
        raise ParameterError(f"Okänd sortering ”{sort[:40]}”. Välj en av {names}.")
    return sort
