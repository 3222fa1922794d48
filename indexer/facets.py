"""Facet values of every document, read once per index generation, and counted fast.

The values come from the index's ``facets`` column (no stored-field reads). Each
value keeps the set of documents that carry it, so filtering is set algebra in C
and counting picks whichever is cheaper: intersecting each value's documents with
the hits, or walking the hits' own values.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Set as AbstractSet

from whoosh.reading import IndexReader

from .results import FACETS


class FacetTable:
    """Per document: its values in each facet group and its publication day (ordinal)."""

    def __init__(self, reader: IndexReader) -> None:
        column = reader.column_reader("facets")
        self._values: list[dict[str, tuple[str, ...]]] = []
        self._dates: list[int | None] = []
        self._docs: dict[str, dict[str, set[int]]] = {group: defaultdict(set) for group in FACETS}
        for docnum in range(reader.doc_count_all()):
            data = json.loads(column[docnum] or b"{}")
            values = {group: tuple(data.get(group, ())) for group in FACETS}
            for group, group_values in values.items():
                for value in group_values:
                    self._docs[group][value].add(docnum)
            self._values.append(values)
            self._dates.append(data.get("date"))
        known = [date for date in self._dates if date is not None] or [0]
        self.date_span = (min(known), max(known))

    def date(self, docnum: int) -> int | None:
        """The document's publication day as an ordinal, or None when undated."""
        return self._dates[docnum]

    def having(self, group: str, values: Iterable[str]) -> set[int]:
        """The documents that carry any of ``values`` in ``group``."""
        docs = self._docs[group]
        return set().union(*(docs.get(value, ()) for value in values))

    def counts(self, group: str, pool: AbstractSet[int]) -> Counter[str]:
        """How many documents of ``pool`` carry each value of ``group`` (zero counts left out)."""
        docs = self._docs[group]
        if len(docs) < len(pool):
            return Counter({value: n for value, members in docs.items() if (n := len(members & pool))})
        return Counter(value for docnum in pool for value in self._values[docnum][group])
