"""Facet values of every document, read once per index generation, and counted with numpy.

The values come from the index's ``facets`` column (no stored-field reads) and
are kept as two parallel arrays per group, one entry per (document, value): a
filter marks the documents of the chosen values, and counting the values among
any set of hits is a single ``bincount`` over the entries of those hits. Each
group's values are ranked once in the order readers see them (by name, or by year),
so that ordering counted values is one ``lexsort``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np
from whoosh.reading import IndexReader

from indexer.facets import FACET_GROUPS, FACETS, FacetGroup


class FacetTable:
    """Per document: its values in each facet group and its publication day (ordinal); none for
    a deleted document."""

    def __init__(self, reader: IndexReader) -> None:
        column = reader.column_reader("facets")
        self.size = reader.doc_count_all()
        names: dict[str, dict[str, int]] = {group: {} for group in FACETS}
        entries: dict[str, tuple[list[int], list[int]]] = {group: ([], []) for group in FACETS}
        dates = np.zeros(self.size, dtype=np.int64)
        deleted = reader.is_deleted if reader.has_deletions() else lambda docnum: False
        for docnum in range(self.size):
            data = {} if deleted(docnum) else json.loads(column[docnum] or b"{}")
            for group in FACETS:
                docs, values = entries[group]
                for value in data.get(group, ()):
                    docs.append(docnum)
                    values.append(names[group].setdefault(value, len(names[group])))
            dates[docnum] = data.get("date") or 0
        self._names = {group: list(known) for group, known in names.items()}
        #: Per group, each value's place when the group's values are ordered with their counts left aside.
        self._ranks = {group.name: _ranks(self._names[group.name], group) for group in FACET_GROUPS}
        self._by_count = {group.name: group.order == "count" for group in FACET_GROUPS}
        self._index = names
        self._entries = {
            group: (np.array(docs, dtype=np.int64), np.array(values, dtype=np.int64))
            for group, (docs, values) in entries.items()
        }
        #: Publication days as ordinals, and which documents have one.
        self.dates, self.dated = dates, dates > 0
        known = dates[self.dated]
        self.date_span = (int(known.min()), int(known.max())) if len(known) else (0, 0)

    def having(self, group: str, values: Iterable[str]) -> np.ndarray:
        """Which documents carry any of ``values`` in ``group`` (a boolean array by document number)."""
        known = [self._index[group][value] for value in values if value in self._index[group]]
        docs, entry_values = self._entries[group]
        chosen = np.zeros(self.size, dtype=bool)
        chosen[docs[np.isin(entry_values, known)]] = True
        return chosen

    def ordered_counts(self, group: str, pool: np.ndarray) -> list[tuple[str, int]]:
        """How many documents of ``pool`` (a boolean array) carry each value of ``group``, zeros left out,
        as pairs of value and count in the order readers see the group's values
        (:meth:`~indexer.facets.FacetGroup.sort_key`: most hits first then by name, or by year)."""
        docs, values = self._entries[group]
        counted = np.bincount(values[pool[docs]], minlength=len(self._names[group]))
        present = np.flatnonzero(counted)
        ranks = self._ranks[group][present]
        order = np.lexsort((ranks, -counted[present])) if self._by_count[group] else np.argsort(ranks, kind="stable")
        names = self._names[group]
        return [(names[i], int(counted[i])) for i in present[order].tolist()]


def _ranks(names: list[str], group: FacetGroup) -> np.ndarray:
    """Each name's place in ``names`` ordered as ``group`` orders values of equal counts."""
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[sorted(range(len(names)), key=lambda i: (group.sort_key(names[i], 0), names[i]))] = np.arange(len(names))
    return ranks
