"""The facet groups (year, person, organisation, topic), each defined once.

A :class:`FacetGroup` says everything Pressarkiv knows of one group: its parameter
name (also its key in the JSON and in the index's facet column), how it is named to
readers, the other parameter names it answers to, which values a release gives it,
which attribute of a hit holds them, how its values are ordered and checked, and how
a value is shown. The build, the search, the CLI and the web UI all read this one
registry, in the way Datasette defines a facet as one class.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from indexer.release import Release
    from indexer.search.results import FacetValue

#: The year of a release that states no publication date, and how it is shown.
UNKNOWN_YEAR = "okänt"
UNKNOWN_YEAR_LABEL = "Okänt år"

_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class FacetGroup:
    """One facet group: what it is called, where its values come from, how they are ordered."""

    #: The parameter name, the key in the JSON and in the index's facet column (``person``).
    name: str
    #: How the group is named to readers, for one value and for several (``Person``, ``Personer``).
    label: str
    plural: str
    #: Other parameter names accepted for the group (``år``, ``ar``), besides ``name``.
    aliases: tuple[str, ...]
    #: The values a release gives the group, as they are indexed.
    values_of: Callable[[Release], list[str]]
    #: The attribute of a hit (and of ``Release.to_dict()``) that holds the values, if any.
    hit_field: str | None
    #: ``count``: most hits first, then by name; ``year``: newest year first, unknown year last.
    order: Literal["count", "year"] = "count"
    #: Whether each value has a page of its own (``/person/<slug>``).
    has_pages: bool = False

    def sort_key(self, value: str, count: int) -> tuple[int, int | str, str]:
        """The key that puts this group's values in the order readers see them."""
        if self.order == "year":
            return (value == UNKNOWN_YEAR, -int(value) if value.isdigit() else 0, value)
        return (0, -count, value.casefold())

    def value_order(self, value: FacetValue) -> tuple[int, int | str, str]:
        """The sort key of a counted value (for ``sorted``)."""
        return self.sort_key(value.value, value.count)

    def problem(self, value: str) -> str | None:
        """What is wrong with ``value`` as a filter of this group (a Swedish sentence), or None."""
        if self.name == "year" and value != UNKNOWN_YEAR and not _YEAR.fullmatch(value):
            return f"”{value[:40]}” är inget årtal. Ange ett år med fyra siffror, till exempel 2021."
        return None

    def value_label(self, value: str) -> str:
        """How a value is shown: the unknown year reads ``Okänt år``."""
        return UNKNOWN_YEAR_LABEL if self.name == "year" and value == UNKNOWN_YEAR else value


def _years(release: Release) -> list[str]:
    return [str(release.year) if release.year else UNKNOWN_YEAR]


def _persons(release: Release) -> list[str]:
    return sorted({person.name for person in release.persons})


def _organisations(release: Release) -> list[str]:
    return sorted(set(release.organisations))


def _topics(release: Release) -> list[str]:
    return sorted(set(release.topics))


#: Every facet group, in the order they are shown.
FACET_GROUPS: tuple[FacetGroup, ...] = (
    FacetGroup("year", "År", "År", ("år", "ar"), _years, None, order="year"),
    FacetGroup("person", "Person", "Personer", ("personer",), _persons, "persons", has_pages=True),
    FacetGroup("organisation", "Organisation", "Organisationer", ("organisationer", "org"),
               _organisations, "organisations", has_pages=True),
    FacetGroup("topic", "Ämne", "Ämnen", ("ämne", "amne", "ämnen"), _topics, "topics", has_pages=True),
)  # fmt: skip

#: The groups' names, in order.
FACETS: tuple[str, ...] = tuple(group.name for group in FACET_GROUPS)

_BY_NAME = {group.name: group for group in FACET_GROUPS}
_BY_PARAMETER = {alias: group for group in FACET_GROUPS for alias in (group.name, *group.aliases)}


def facet_group(name: str) -> FacetGroup | None:
    """The group called ``name`` (its parameter name, or one of its aliases, any case), or None."""
    return _BY_NAME.get(name) or _BY_PARAMETER.get(name.casefold())
