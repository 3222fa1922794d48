"""What each page shows, built once: the HTML views render it, the JSON views serialise it."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from indexer.facets import FACET_GROUPS, UNKNOWN_YEAR
from indexer.release import Release
from indexer.search.request import PAGE, SearchRequest
from indexer.search.results import FacetValue, Hit, RoleMention, SearchResults
from searchui import index
from searchui.formatting import slugify

#: Facet groups that have a page of their own, by group: the view that shows it.
VALUE_PAGES: dict[str, str] = {group.name: f"views.{group.name}" for group in FACET_GROUPS if group.has_pages}
#: The same pages' JSON twins, by group.
API_PAGES: dict[str, str] = {group: f"api.{group}" for group in VALUE_PAGES}

#: How many releases the release page offers as "Liknande pressmeddelanden".
SIMILAR = 5

#: Values of the other facet groups shown on a value page.
RELATED = 10

#: Releases listed on one page of a person's, organisation's or topic's page.
VALUE_PAGE_SIZE = 50

#: Values of a facet group (other than the years) shown on the search page; the rest are
#: one link away, on the group's own list (``/filtrera/<group>``).
FACET_TOP = 10

#: Words that put an organisation after a role (``generaldirektör på …``).
ROLE_PREPOSITIONS = ("på", "vid", "hos", "för", "inom", "i")

#: Steps of the timeline's bar heights (CSS classes ``bar-0`` … ``bar-20``).
BAR_STEPS = 20

#: Notes for fields whose value a curator gave in a sidecar file, by field name.
EDITED_NOTES: dict[str, str] = {
    "published": "Datum angivet av redaktör",
    "updated": "Uppdateringsdatum angivet av redaktör",
    "url": "Adressen angiven av redaktör",
    "kind": "Typen angiven av redaktör",
    "persons": "Personerna angivna av redaktör",
    "topics": "Ämnena angivna av redaktör",
}
EDITED_OTHER = "Uppgiften angiven av redaktör"


@dataclass(frozen=True)
class YearCount:
    """One column of a timeline: a year (or the unknown year), its hits and bar height."""

    year: str
    count: int
    selected: bool
    bar: int

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "count": self.count, "selected": self.selected}


@dataclass(frozen=True)
class YearGroup:
    """The hits of one year (None: undated), in the order the search gave them."""

    year: int | None
    hits: list[Hit]

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "releases": [hit.to_dict() for hit in self.hits]}


@dataclass(frozen=True)
class RolePeriod:
    """A role a person is given, at which organisations, from the first to the last release saying so."""

    role: str
    organisations: list[str]
    first: dt.date | None
    last: dt.date | None
    releases: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "organisations": list(self.organisations),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "releases": self.releases,
        }


@dataclass(frozen=True)
class FacetList:
    """A facet group as the search page shows it: its top values (and every chosen one) of ``total``."""

    group: str
    shown: list[FacetValue]
    total: int

    @property
    def more(self) -> int:
        """How many values are left for the group's own list."""
        return self.total - len(self.shown)


@dataclass(frozen=True)
class SearchPage:
    """The search page: results, a timeline of the hits, and facts about the archive."""

    params: SearchRequest
    results: SearchResults
    timeline: list[YearCount]
    facets: list[FacetList]
    archive_size: int
    built_at: dt.datetime

    @property
    def chosen(self) -> int:
        """How many filter values and date bounds narrow the search (``Filtrera (2 valda)``)."""
        params = self.params
        return sum(map(len, params.filters.values())) + bool(params.date_from) + bool(params.date_to)


@dataclass(frozen=True)
class FacetListPage:
    """Every value of one facet group for a search, to choose among (``/filtrera/<group>``)."""

    params: SearchRequest
    group: str
    values: list[FacetValue]
    total: int


@dataclass(frozen=True)
class ReleasePage:
    """One release, releases like it, and notes on values a curator gave."""

    release: Release
    similar: list[Hit]
    edited: dict[str, str]
    #: The release's text as HTML, with the words of the search that led here in ``<mark>``.
    marked: Callable[[str], str]
    #: Whether those words occur in the text, so that something is marked.
    marks: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.release.to_dict(),
            "edited": dict(self.edited),
            "similar": [hit.to_dict() for hit in self.similar],
        }


@dataclass(frozen=True)
class ValuePage:
    """A person's, an organisation's or a topic's page: its releases by year, a page at a time."""

    group: str
    name: str
    slug: str
    total: int
    page: int
    pages: int
    years: list[YearGroup]
    timeline: list[YearCount]
    related: dict[str, list[FacetValue]]
    roles: list[RolePeriod] = field(default_factory=list)

    @property
    def params(self) -> SearchRequest:
        """The search for every release with this value."""
        return value_search(self.group, self.name)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name, "slug": self.slug, "total": self.total, "page": self.page, "pages": self.pages,
        }  # fmt: skip
        if self.group == "person":
            data["roles"] = [period.to_dict() for period in self.roles]
        data["timeline"] = [column.to_dict() for column in self.timeline]
        data["related"] = {group: [value.to_dict() for value in values] for group, values in self.related.items()}
        data["years"] = [group.to_dict() for group in self.years]
        return data


def search_page(params: SearchRequest) -> SearchPage:
    """Everything the search page shows for ``params``."""
    archive = index.get_index()
    results = index.search(params)
    return SearchPage(
        params=params,
        results=results,
        timeline=timeline(results.facets.get("year", [])),
        facets=[facet_list(group.name, results.facets.get(group.name, [])) for group in FACET_GROUPS],
        archive_size=len(archive),
        built_at=archive.built_at,
    )


def facet_list(group: str, values: list[FacetValue]) -> FacetList:
    """A group's values as the search page shows them: every year; of the others the top
    ``FACET_TOP`` and every chosen one, in facet order."""
    if group == "year":
        return FacetList(group, values, len(values))
    shown = [value for number, value in enumerate(values) if number < FACET_TOP or value.selected]
    return FacetList(group, shown, len(values))


def facet_list_page(group: str, params: SearchRequest) -> FacetListPage:
    """Every value of ``group`` for the search ``params``, with the search's total."""
    results = index.search(params.replace(page=1, per_page=1, snippets=False))
    return FacetListPage(params, group, results.facets.get(group, []), results.total)


def release_page(release_id: str, query: str = "") -> ReleasePage | None:
    """The release page's data, or None for an unknown id; ``query``'s words are marked in its text."""
    archive = index.get_index()
    release = archive.get(release_id)
    if release is None:
        return None
    edited = {
        name: EDITED_NOTES.get(name, EDITED_OTHER) for name, origin in release.provenance.items() if origin == "sidecar"
    }
    marked = archive.highlighter(query)
    marks = bool(query) and "<mark>" in marked(release.content)
    return ReleasePage(release, archive.similar(release_id, SIMILAR), edited, marked, marks)


def current_id(release_id: str) -> str | None:
    """The id a release has now, for an id links may still use that is not one: the id an older
    version gave it (before ids kept å, ä and ö), or the id with its letters composed (NFC)."""
    archive = index.get_index()
    composed = unicodedata.normalize("NFC", release_id)
    if composed != release_id and archive.get(composed) is not None:
        return composed
    return archive.renamed(release_id)


def value_page(group: str, slug: str, page: int = 1) -> ValuePage | None:
    """Page ``page`` of the value page of ``group`` whose slug is ``slug``, or None when there is none."""
    name = index.find_value(group, slug)
    if name is None:
        return None
    search = value_search(group, name).replace(page=page, per_page=VALUE_PAGE_SIZE, snippets=False)
    results = index.search(search)
    return ValuePage(
        group=group,
        name=name,
        slug=slugify(name),
        total=results.total,
        page=page,
        pages=results.pages,
        years=by_year(results.hits),
        timeline=timeline(results.facets.get("year", [])),
        related={  # a group's own counts leave out its own filter: they are not "in the same releases"
            other.name: results.facets.get(other.name, [])[:RELATED]
            for other in FACET_GROUPS
            if other.name not in ("year", group)
        },
        roles=person_roles(name) if group == "person" else [],
    )


def requested_page(args: Mapping[str, str]) -> int:
    """The page number a value page's query string asks for (checked as the search checks ``page``)."""
    return SearchRequest.from_args({PAGE: args.get(PAGE, "")}).page


def value_search(group: str, name: str) -> SearchRequest:
    """The search for every release with one facet value, newest first."""
    return SearchRequest(filters={group: [name]}, sort="newest")


def timeline(years: list[FacetValue]) -> list[YearCount]:
    """Hits per year, oldest first, the years between filled in with 0; the unknown year last."""
    counts = {value.value: value for value in years}
    known = [int(year) for year in counts if year.isdigit()]
    span = [str(year) for year in range(min(known), max(known) + 1)] if known else []
    shown = span + ([UNKNOWN_YEAR] if UNKNOWN_YEAR in counts else [])
    highest = max((value.count for value in years), default=0) or 1
    columns = []
    for year in shown:
        value = counts.get(year, FacetValue(year, 0))
        bar = math.ceil(BAR_STEPS * value.count / highest)
        columns.append(YearCount(year, value.count, value.selected, bar))
    return columns


def by_year(hits: list[Hit]) -> list[YearGroup]:
    """Hits grouped by year, the groups in the order their first hit comes."""
    groups: dict[int | None, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.year, []).append(hit)
    return [YearGroup(year, grouped) for year, grouped in groups.items()]


def person_roles(name: str) -> list[RolePeriod]:
    """A person's roles over time, the organisations the archive knows taken off each role."""
    archive = index.get_index()
    return role_periods(archive.roles(name), [value.value for value in archive.values("organisation")])


def role_periods(mentions: list[RoleMention], organisations: Iterable[str] = ()) -> list[RolePeriod]:
    """A person's roles, each with its organisations and the first and last release giving it; latest first.

    Roles that differ only in case, spacing or the organisation they name count as one
    (``generaldirektör``, ``generaldirektör på Upphandlingsmyndigheten`` and
    ``Upphandlingsmyndighetens generaldirektör``), shown as most recently written.
    """
    split = role_splitter(organisations)
    periods: dict[str, list[tuple[str, str | None, RoleMention]]] = {}
    for mention in mentions:  # newest first
        if mention.role:
            role, organisation = split(" ".join(mention.role.split()))
            periods.setdefault(role.casefold(), []).append((role, organisation, mention))
    found = []
    for grouped in periods.values():
        dates = sorted(m.published for _, _, m in grouped if m.published)
        first, last = (dates[0], dates[-1]) if dates else (None, None)
        named = list(dict.fromkeys(organisation for _, organisation, _ in grouped if organisation))
        found.append(RolePeriod(grouped[0][0], named, first, last, len(grouped)))
    return sorted(found, key=lambda period: period.last or dt.date.min, reverse=True)


def role_splitter(organisations: Iterable[str]) -> Callable[[str], tuple[str, str | None]]:
    """A function that takes the organisation off a role: ``(role, organisation or None)``.

    An organisation is a known one written after the role (with or without ``på``, ``vid`` …)
    or before it in the genitive, or any words after ``på``, ``vid`` or ``hos``.
    """
    names = "|".join(re.escape(name) for name in sorted(set(organisations), key=len, reverse=True) if name)
    prepositions = "|".join(ROLE_PREPOSITIONS)
    patterns = [re.compile(r"(?P<role>.+?)\s+(?:på|vid|hos)\s+(?P<organisation>\S.*)")]
    if names:
        patterns[:0] = [
            re.compile(rf"(?P<role>.+?)\s+(?:(?:{prepositions})\s+)?(?P<organisation>{names})", re.IGNORECASE),
            re.compile(rf"(?P<organisation>{names})s\s+(?P<role>.+)", re.IGNORECASE),
        ]

    def split(role: str) -> tuple[str, str | None]:
        for pattern in patterns:
            if found := pattern.fullmatch(role):
                return found["role"], found["organisation"]
        return role, None

    return split
