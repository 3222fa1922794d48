"""The benchmark's fixed query set (``data/queries.txt``), resolved against an index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.speed.vocabulary import data_lines


@dataclass(frozen=True)
class BenchQuery:
    """A query string and its facet filters (group to alternative values)."""

    text: str
    filters: dict[str, list[str]]

    def params(self) -> list[tuple[str, str]]:
        """The query as the web API's parameters."""
        return [("q", self.text)] + [(group, value) for group, values in self.filters.items() for value in values]


def load_queries(ranked: Callable[[str], list[str]]) -> list[BenchQuery]:
    """The query set; ``ranked(group)`` lists a facet group's values, most common first, for ``@k``."""
    queries = []
    for line in data_lines("queries"):
        text, _, spec = line.partition("\t")
        filters: dict[str, list[str]] = {}
        for item in filter(None, spec.split(";")):
            group, value = item.split("=", 1)
            if value.startswith("@"):
                value = ranked(group)[int(value[1:]) - 1]
            filters.setdefault(group, []).append(value)
        queries.append(BenchQuery(text.strip(), filters))
    return queries
