"""What each page shows, built once: the HTML views render it, the JSON views serialise it."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from indexer.facets import FACET_GROUPS, UNKNOWN_YEAR
from indexer.release import Release
from indexer.search.request import SearchRequest
from indexer.search.results import FacetValue, Hit, RoleMention, SearchResults
from searchui import index
from searchui.formatting import slugify

#: Facet groups that have a page of their own, by group: the view that shows it.
VALUE_PAGES: dict[str, str] = {group.name: f"views.{group.name}" for group in FACET_GROUPS if group.has_pages}

#: How many releases the release page offers as "Liknande pressmeddelanden".
SIMILAR = 5

#: Values of the other facet groups shown on a person's or topic's page.
RELATED = 10

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
    """A role a person is given, from the first to the last release that says so."""

    role: str
    first: dt.date | None
    last: dt.date | None
    releases: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "releases": self.releases,
        }


@dataclass(frozen=True)
class SearchPage:
    """The search page: results, a timeline of the hits, and facts about the archive."""

    params: SearchRequest
    results: SearchResults
    timeline: list[YearCount]
    archive_size: int
    built_at: dt.datetime


@dataclass(frozen=True)
class ReleasePage:
    """One release, releases like it, and notes on values a curator gave."""

    release: Release
    similar: list[Hit]
    edited: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.release.to_dict(),
            "edited": dict(self.edited),
            "similar": [hit.to_dict() for hit in self.similar],
        }


@dataclass(frozen=True)
class ValuePage:
    """A person's or a topic's page: every release with the value, grouped by year."""

    group: str
    name: str
    slug: str
    total: int
    listed: int
    years: list[YearGroup]
    timeline: list[YearCount]
    related: dict[str, list[FacetValue]]
    roles: list[RolePeriod] = field(default_factory=list)

    @property
    def params(self) -> SearchRequest:
        """The search for every release with this value."""
        return value_search(self.group, self.name)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "slug": self.slug, "total": self.total}
        if self.group == "person":
            data["roles"] = [period.to_dict() for period in self.roles]
        data["timeline"] = [column.to_dict() for column in self.timeline]
        data["related"] = {
            group: [value.to_dict() for value in values] for group, values in self.related.items()
        }
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
        archive_size=len(archive),
        built_at=archive.built_at,
    )


def release_page(release_id: str) -> ReleasePage | None:
    """The release page's data, or None for an unknown id."""
    archive = index.get_index()
    release = archive.get(release_id)
    if release is None:
        return None
    edited = {
        name: EDITED_NOTES.get(name, EDITED_OTHER)
        for name, origin in release.provenance.items()
        if origin == "sidecar"
    }
    return ReleasePage(release, archive.similar(release_id, SIMILAR), edited)


def current_id(release_id: str) -> str | None:
    """The id a release has now, for an id links may still use that is not one: the id an older
    version gave it (before ids kept å, ä and ö), or the id with its letters composed (NFC)."""
    archive = index.get_index()
    composed = unicodedata.normalize("NFC", release_id)
    if composed != release_id and archive.get(composed) is not None:
        return composed
    return archive.renamed(release_id)


def value_page(group: str, slug: str) -> ValuePage | None:
    """The page of the person or topic whose slug is ``slug``, or None when there is none."""
    name = index.find_value(group, slug)
    if name is None:
        return None
    search = value_search(group, name)
    results = index.search(search.replace(per_page=1, snippets=False))  # the facets: timeline, related
    hits = list(index.all_hits(search))
    return ValuePage(
        group=group,
        name=name,
        slug=slugify(name),
        total=results.total,
        listed=len(hits),
        years=by_year(hits),
        timeline=timeline(results.facets.get("year", [])),
        related={
            other.name: results.facets.get(other.name, [])[:RELATED]
            for other in FACET_GROUPS
            if other.name not in ("year", group)
        },
        roles=role_periods(index.get_index().roles(name)) if group == "person" else [],
    )


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


def role_periods(mentions: list[RoleMention]) -> list[RolePeriod]:
    """A person's roles, each with the first and last release that gives it; latest first.

    Roles that differ only in case or spacing count as one (shown as most recently written).
    """
    periods: dict[str, list[RoleMention]] = {}
    for mention in mentions:  # newest first
        if mention.role:
            periods.setdefault(" ".join(mention.role.casefold().split()), []).append(mention)
    found = []
    for grouped in periods.values():
        dates = sorted(m.published for m in grouped if m.published)
        first, last = (dates[0], dates[-1]) if dates else (None, None)
        found.append(RolePeriod(grouped[0].role or "", first, last, len(grouped)))
    return sorted(found, key=lambda period: period.last or dt.date.min, reverse=True)
