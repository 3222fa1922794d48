"""Search request parameters: parsed and checked once, shared by every view of a search.

The query string takes ``q``, one parameter per facet group (``year``, ``person``,
``topic`` …, repeatable), ``from`` and ``to`` (ISO dates), ``sort`` and ``page``.
Each facet group is also accepted under its Swedish label (``år``, ``ämne``, or
ASCII ``ar``, ``amne``); links always use the canonical names. Bad input raises
:class:`ParameterError` with a message a Swedish reader can act on.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from werkzeug.datastructures import MultiDict

from indexer.search.results import FACET_LABELS, FACETS, MAX_PAGE, MAX_QUERY_LENGTH, SORTS, UNKNOWN_YEAR
from searchui.formatting import facet_label, slugify

DEFAULT_SORT = "relevance"
PER_PAGE = 10
MAX_FILTER_VALUES = 20
MAX_FILTER_CHARS = 200

#: The parameters that are not facet groups.
QUERY, DATE_FROM, DATE_TO, SORT, PAGE = "q", "from", "to", "sort", "page"

_PAGE_PATTERN = re.compile(r"[0-9]{1,9}")
_YEAR_PATTERN = re.compile(r"[0-9]{4}")
_DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

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
    """A checked search request: query, filters, date range, page and sort order."""

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1
    sort: str = DEFAULT_SORT

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """Arguments for ``url_for`` that give this search (with ``changes``) a stable URL.

        Default values are left out so that equal searches get equal URLs.
        """
        params = replace(self, **changes)
        args: dict[str, Any] = {}
        if params.query:
            args[QUERY] = params.query
        for key in FACETS:
            if params.filters.get(key):
                args[key] = list(params.filters[key])
        if params.date_from:
            args[DATE_FROM] = params.date_from.isoformat()
        if params.date_to:
            args[DATE_TO] = params.date_to.isoformat()
        if params.sort != DEFAULT_SORT:
            args[SORT] = params.sort
        if params.page != 1:
            args[PAGE] = params.page
        return args

    def description(self) -> str:
        """The search in words (``”klimat” · Person: Inger Ek eller Åsa Olsson · från 2021-01-01``).

        With no query and no filters: ``alla pressmeddelanden``.
        """
        parts = [f"”{self.query}”"] if self.query else []
        for key, values in self.filters.items():
            shown = " eller ".join(facet_label(key, value) for value in values)
            parts.append(f"{FACET_LABELS.get(key, key)}: {shown}")
        if self.date_from:
            parts.append(f"från {self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"till {self.date_to.isoformat()}")
        return " · ".join(parts) or "alla pressmeddelanden"

    @property
    def refined(self) -> bool:
        """Whether any filter or date bound narrows the search."""
        return bool(self.filters or self.date_from or self.date_to)

    def without(self, key: str, value: str) -> SearchParams:
        """This search without one filter value, back on page one."""
        return self._with_filter(key, [v for v in self.filters.get(key, []) if v != value])

    def adding(self, key: str, value: str) -> SearchParams:
        """This search with one more filter value, back on page one."""
        return self._with_filter(key, list(dict.fromkeys([*self.filters.get(key, []), value])))

    def only(self, key: str, value: str) -> SearchParams:
        """This search with ``value`` as the one value of its filter, back on page one."""
        return self._with_filter(key, [value])

    def unfiltered(self) -> SearchParams:
        """The same query and sort order with no filters and no date range."""
        return replace(self, filters={}, date_from=None, date_to=None, page=1)

    def all_years(self) -> SearchParams:
        """This search over every year: no year filter and no date range."""
        params = self._with_filter("year", [])
        return replace(params, date_from=None, date_to=None)

    def _with_filter(self, key: str, values: list[str]) -> SearchParams:
        filters = {k: list(vs) for k, vs in self.filters.items() if k != key}
        if values:
            filters[key] = values
        ordered = {k: filters[k] for k in FACETS if k in filters}
        return replace(self, filters=ordered, page=1)


def facet_aliases() -> dict[str, str]:
    """Every accepted parameter name of a facet group, mapped to the group."""
    aliases = {key: key for key in FACETS}
    for key in FACETS:
        label = FACET_LABELS.get(key, key)
        aliases.setdefault(label.casefold(), key)
        aliases.setdefault(slugify(label), key)
    return aliases


def parse_search_args(args: MultiDict[str, str] | Mapping[str, str]) -> SearchParams:
    """Read a search from a query string (see the module docstring for the names)."""
    multi = args if isinstance(args, MultiDict) else MultiDict(args)
    aliases = facet_aliases()
    _reject_unknown(multi, aliases)
    date_from = _date(multi.get(DATE_FROM, ""), "Från och med")
    date_to = _date(multi.get(DATE_TO, ""), "Till och med")
    if date_from and date_to and date_from > date_to:
        raise ParameterError("Från-datumet måste vara samma dag som eller före till-datumet.")
    return SearchParams(
        query=_query(multi.get(QUERY, "")),
        filters=_filters(multi, aliases),
        date_from=date_from,
        date_to=date_to,
        page=_page(multi.get(PAGE, "")),
        sort=_sort(multi.get(SORT, "")),
    )


#: Parameters that links from newsletters and social media add; they are not ours to refuse.
TRACKING = re.compile(r"utm_\w+|fbclid|gclid|mc_[ce]id", re.IGNORECASE)


def _reject_unknown(args: MultiDict[str, str], aliases: dict[str, str]) -> None:
    known = {QUERY, DATE_FROM, DATE_TO, SORT, PAGE}
    unknown = [
        name for name in args
        if name not in known and name.casefold() not in aliases and not TRACKING.fullmatch(name)
    ]  # fmt: skip
    if unknown:
        names = ", ".join(f"”{name}”" for name in (QUERY, *FACETS, DATE_FROM, DATE_TO, SORT, PAGE))
        raise ParameterError(f"Okänd parameter ”{unknown[0][:40]}”. Sökningen förstår {names}.")


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


def _filters(args: MultiDict[str, str], aliases: dict[str, str]) -> dict[str, list[str]]:
    raw: dict[str, list[str]] = {}
    for name, value in args.items(multi=True):
        if (key := aliases.get(name.casefold())) is not None:
            raw.setdefault(key, []).append(value)
    filters: dict[str, list[str]] = {}
    for key in FACETS:
        cleaned = (unicodedata.normalize("NFC", v).strip() for v in raw.get(key, []))
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


def _date(raw: str, name: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    if _DATE_PATTERN.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise ParameterError(
        f"{name}: ”{raw[:40]}” är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, "
        "till exempel 2021-02-17."
    )


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
