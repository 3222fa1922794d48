"""What a search returns: plain, typed records that serialise to the public JSON.

These types are the stable public face of the search API: the CLI's ``--json``
output, the web JSON API and embedding programs all see exactly ``to_dict()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet group and how many hits carry it."""

    value: str
    count: int
    selected: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count, "selected": self.selected}


@dataclass(frozen=True)
class Hit:
    """One matching release, with a snippet whose matched words are in ``<mark>``.

    ``snippet`` is HTML: text is escaped and only ``<mark>`` tags are added. ``match`` is
    ``"all"`` for a hit of the query, ``"partial"`` for a release with only some of its
    words, shown after all the hits (:mod:`indexer.search.partial`).
    """

    id: str
    title: str
    published: dt.date | None
    year: int | None
    kind: str | None
    persons: list[str]
    organisations: list[str]
    topics: list[str]
    snippet: str
    score: float | None = None
    match: str = "all"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "year": self.year,
            "kind": self.kind,
            "persons": list(self.persons),
            "organisations": list(self.organisations),
            "topics": list(self.topics),
            "snippet": self.snippet,
            "score": self.score,
            "match": self.match,
        }


@dataclass(frozen=True)
class RoleMention:
    """The role a person has in one release (None where the release states none)."""

    release_id: str
    published: dt.date | None
    role: str | None

    def to_dict(self) -> dict[str, Any]:
        published = self.published.isoformat() if self.published else None
        return {"release_id": self.release_id, "published": published, "role": self.role}


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, the total, and facet counts for the whole result set.

    ``total`` counts the releases that match the query (all its words); ``partial`` the
    releases with only some of them, which follow the hits when those are fewer than a
    page. When the query found nothing and its spelling correction did, the hits are the
    correction's: ``corrected`` is true, ``suggestion`` the query searched and ``notice``
    says so (``query`` stays as typed). Otherwise ``suggestion`` is only offered.
    """

    query: str
    total: int
    page: int
    per_page: int
    sort: str
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    filters: dict[str, list[str]] = field(default_factory=dict)
    notice: str | None = None
    suggestion: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    partial: int = 0
    corrected: bool = False

    @property
    def searched(self) -> str:
        """The query whose hits these are: the correction when one was searched, else the query."""
        return self.suggestion if self.corrected and self.suggestion else self.query

    @property
    def pages(self) -> int:
        """How many pages the hits fill (at least one)."""
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "partial": self.partial,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "sort": self.sort,
            "filters": {k: list(v) for k, v in self.filters.items()},
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "notice": self.notice,
            "suggestion": self.suggestion,
            "corrected": self.corrected,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {name: [value.to_dict() for value in values] for name, values in self.facets.items()},
        }


class HitIterator(Iterator[Hit]):
    """The hits of a search in order, read lazily from one index generation; ``total`` counts them all."""

    def __init__(self, total: int, hits: Iterator[Hit]) -> None:
        self.total = total
        self._hits = hits

    def __iter__(self) -> HitIterator:
        return self

    def __next__(self) -> Hit:
        return next(self._hits)

    def close(self) -> None:
        """Stop reading early and let the generation go."""
        close = getattr(self._hits, "close", None)
        if close is not None:
            close()
