"""One search request, checked in one place: the API, the CLI and the web UI all build one.

A :class:`SearchRequest` holds the query, the filters (facet group → values), an
optional date range, the sort order, which hits to return (``page``/``per_page``, or
``offset``/``limit``) and whether facets and snippets are wanted. It is checked and
normalised when it is made, and every problem is a :class:`~indexer.SearchError`
with one Swedish sentence that says what to do. :meth:`SearchRequest.from_args`
reads one from a query string, and :meth:`SearchRequest.to_args` writes the
canonical one back, so equal searches get equal URLs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from indexer.errors import SearchError
from indexer.facets import FACET_GROUPS, FACETS, facet_group

Sort = Literal["relevance", "newest", "oldest"]
#: The sort orders, the first the default.
SORTS: tuple[Sort, ...] = ("relevance", "newest", "oldest")

#: Bounds on a request, so that no request costs without limit.
MAX_QUERY_LENGTH = 500
MAX_PAGE = 1000
MAX_PER_PAGE = 100
MAX_FILTER_VALUES = 20
MAX_FILTER_CHARS = 200
DEFAULT_PER_PAGE = 10

#: The query-string names of the parameters that are not facet groups.
QUERY, DATE_FROM, DATE_TO, SORT, PAGE, AUTOCORRECT = "q", "from", "to", "sort", "page", "autocorrect"

_DIGITS = re.compile(r"[0-9]{1,9}")
_PAGE_RANGE = f"Sidnumret (page) måste vara ett heltal från 1 till {MAX_PAGE}."
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class SearchRequest:
    """A checked search: what to find, within which filters, in which order, which hits to return.

    ``filters`` maps facet groups (``year``, ``person``, ``organisation``, ``topic``) to
    values: values of one group are alternatives, groups must all match. ``offset``,
    when given, is the first hit to return (counted from 0) and overrides ``page``.
    ``facets`` and ``snippets`` may be turned off when only the hits are wanted;
    ``autocorrect`` off searches a query without hits as typed, never as its spelling
    suggestion.
    """

    query: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    offset: int | None = None
    facets: bool = True
    snippets: bool = True
    autocorrect: bool = True

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "query", _query(self.query))
        set_(self, "filters", _filters(self.filters))
        if self.sort not in SORTS:
            names = ", ".join(f"”{name}”" for name in SORTS)
            raise SearchError(f"Okänd sortering ”{str(self.sort)[:40]}”. Välj en av {names}.")
        if not _whole(self.page) or not 1 <= self.page <= MAX_PAGE:
            raise SearchError(_PAGE_RANGE)
        if not _whole(self.per_page) or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise SearchError(f"Antal träffar per sida (per_page) måste vara ett heltal från 1 till {MAX_PER_PAGE}.")
        if self.offset is not None and (not _whole(self.offset) or self.offset < 0):
            raise SearchError("Startpositionen (offset) måste vara ett heltal, 0 eller större.")
        for name, value in (("date_from", self.date_from), ("date_to", self.date_to)):
            if value is not None and not isinstance(value, dt.date):
                raise SearchError(f"{name} måste vara ett datum (datetime.date).")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise SearchError("Från-datumet måste vara samma dag som eller före till-datumet.")
        if not isinstance(self.autocorrect, bool):
            raise SearchError("Stavningsrättning (autocorrect) måste vara sant eller falskt.")

    @property
    def start(self) -> int:
        """The index of the first hit to return (0-based)."""
        return self.offset if self.offset is not None else (self.page - 1) * self.per_page

    @property
    def refined(self) -> bool:
        """Whether any filter or date bound narrows the search."""
        return bool(self.filters or self.date_from or self.date_to)

    def replace(self, **changes: Any) -> SearchRequest:
        """A copy with ``changes``, checked again."""
        return dataclasses.replace(self, **changes)

    def without(self, group: str, value: str) -> SearchRequest:
        """This search without one filter value, back on page one."""
        return self._with_filter(group, [v for v in self.filters.get(group, ()) if v != value])

    def adding(self, group: str, value: str) -> SearchRequest:
        """This search with one more filter value, back on page one."""
        return self._with_filter(group, [*self.filters.get(group, ()), value])

    def only(self, group: str, value: str) -> SearchRequest:
        """This search with ``value`` as the one value of its filter, back on page one."""
        return self._with_filter(group, [value])

    def unfiltered(self) -> SearchRequest:
        """The same query and sort order with no filters and no date range."""
        return self.replace(filters={}, date_from=None, date_to=None, page=1, offset=None)

    def all_years(self) -> SearchRequest:
        """This search over every year: no year filter and no date range."""
        return self._with_filter("year", []).replace(date_from=None, date_to=None)

    def _with_filter(self, group: str, values: Iterable[str]) -> SearchRequest:
        filters = {name: chosen for name, chosen in self.filters.items() if name != group}
        filters[group] = list(values)
        return self.replace(filters=filters, page=1, offset=None)

    def description(self) -> str:
        """The search in words (``”klimat” · Person: Inger Ek eller Åsa Olsson · från 2021-01-01``).

        With no query and no filters: ``alla pressmeddelanden``.
        """
        parts = [f"”{self.query}”"] if self.query else []
        for group in FACET_GROUPS:
            if values := self.filters.get(group.name):
                shown = " eller ".join(group.value_label(value) for value in values)
                parts.append(f"{group.label}: {shown}")
        if self.date_from:
            parts.append(f"från {self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"till {self.date_to.isoformat()}")
        return " · ".join(parts) or "alla pressmeddelanden"

    def to_args(self, **changes: Any) -> dict[str, Any]:
        """The canonical query-string arguments of this search (with ``changes``).

        Defaults are left out, so that equal searches get equal URLs; ``per_page``,
        ``offset``, ``facets`` and ``snippets`` are not part of a search's address.
        """
        request = self.replace(**changes) if changes else self
        args: dict[str, Any] = {}
        if request.query:
            args[QUERY] = request.query
        args.update({group: list(values) for group, values in request.filters.items()})
        if request.date_from:
            args[DATE_FROM] = request.date_from.isoformat()
        if request.date_to:
            args[DATE_TO] = request.date_to.isoformat()
        if request.sort != SORTS[0]:
            args[SORT] = request.sort
        if request.page != 1:
            args[PAGE] = str(request.page)
        if not request.autocorrect:
            args[AUTOCORRECT] = "0"
        return args

    @classmethod
    def from_args(cls, args: Mapping[str, str | Sequence[str]], **options: Any) -> SearchRequest:
        """Read a search from query-string arguments (a mapping of names to a value or a list).

        Names: ``q``, each facet group (or one of its aliases, such as ``år`` and
        ``ämne``; repeatable), ``from`` and ``to`` (``YYYY-MM-DD``), ``sort``, ``page``,
        ``autocorrect`` (``0`` searches the query as typed). Any other name is ignored (``ref``,
        ``utm_source``, ``_ga`` … that shared links carry), and ``to_args()`` leaves it out;
        only a bad value of a known name is an error. ``options`` set the fields that are not
        part of an address (``per_page`` …).
        """
        values = {
            name: [value] if isinstance(value, str) else list(value) for name, value in args.items() if _is_known(name)
        }
        filters: dict[str, list[str]] = {}
        for name, given in values.items():
            if (group := facet_group(name)) is not None:
                filters.setdefault(group.name, []).extend(given)

        def one(name: str) -> str:
            return values.get(name, [""])[0].strip()

        return cls(
            query=values.get(QUERY, [""])[0],
            filters=filters,
            date_from=_date(one(DATE_FROM), "Från och med"),
            date_to=_date(one(DATE_TO), "Till och med"),
            sort=cast(Sort, one(SORT) or SORTS[0]),
            page=_page(one(PAGE)),
            autocorrect=_switch(one(AUTOCORRECT), AUTOCORRECT),
            **options,
        )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _query(raw: object) -> str:
    if not isinstance(raw, str):
        raise SearchError("Sökfrågan måste vara text.")
    normalized = unicodedata.normalize("NFC", raw)
    query = " ".join("".join(ch for ch in normalized if ch.isprintable() or ch.isspace()).split())
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchError(f"Sökfrågan är för lång ({len(query)} tecken). Den får vara högst {MAX_QUERY_LENGTH} tecken.")
    return query


def _filters(raw: Mapping[str, Sequence[str] | str] | None) -> dict[str, list[str]]:
    """The filters checked, in the order of the groups, values in the order given, without repeats."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise SearchError("Filtren (filters) måste vara en tabell från facettgrupp till värden.")
    given: dict[str, list[str]] = {}
    for name, values in raw.items():
        group = facet_group(str(name))
        if group is None:
            names = ", ".join(f"”{known}”" for known in FACETS)
            raise SearchError(f"Okänt filter ”{str(name)[:40]}”. Filtren heter {names}.")
        given.setdefault(group.name, []).extend([values] if isinstance(values, str) else list(values))
    filters: dict[str, list[str]] = {}
    for group in FACET_GROUPS:
        cleaned = (unicodedata.normalize("NFC", str(value)).strip() for value in given.get(group.name, ()))
        values = list(dict.fromkeys(value for value in cleaned if value))
        if len(values) > MAX_FILTER_VALUES:
            raise SearchError(f"Högst {MAX_FILTER_VALUES} val per filter går att göra.")
        if any(len(value) > MAX_FILTER_CHARS for value in values):
            raise SearchError(f"Ett filtervärde får vara högst {MAX_FILTER_CHARS} tecken.")
        for value in values:
            if (problem := group.problem(value)) is not None:
                raise SearchError(problem)
        if values:
            filters[group.name] = values
    return filters


def _switch(raw: str, name: str) -> bool:
    if raw in ("", "1"):
        return True
    if raw == "0":
        return False
    raise SearchError(f"{name} måste vara 0 eller 1, inte ”{raw[:40]}”.")


def _is_known(name: str) -> bool:
    """Whether a query-string name is one of the search's parameters (or a facet group's alias)."""
    return name in (QUERY, DATE_FROM, DATE_TO, SORT, PAGE, AUTOCORRECT) or facet_group(name) is not None


def _date(raw: str, name: str) -> dt.date | None:
    if not raw:
        return None
    if _ISO_DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise SearchError(
        f"{name}: ”{raw[:40]}” är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2021-02-17."
    )


def _page(raw: str) -> int:
    if not raw:
        return 1
    if not _DIGITS.fullmatch(raw):
        raise SearchError(_PAGE_RANGE)
    return int(raw)
