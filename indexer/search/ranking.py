"""The order of hits: BM25F relevance with gentle recency and proximity, or by date.

Relevance is Whoosh's BM25F over the weighted text fields, times a recency factor
(at most :data:`RECENCY_WEIGHT` for the newest release, so it only reorders
near-ties); among the best ``limit + RERANK_POOL`` of those, hits where the words of
a plain multi-word query stand within :data:`PROXIMITY_SLOP` of each other in one
field gain :data:`PROXIMITY_BOOST`. Date orders put undated releases last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.searching import Searcher

from indexer.index.analysis import word_position
from indexer.index.schema import TEXT_FIELDS
from indexer.search.facet_counts import FacetTable
from indexer.search.matching import QueryEvaluator
from indexer.search.request import Sort

if TYPE_CHECKING:
    from indexer.search.generation import OpenGeneration

#: How much newer releases gain at most, relative to the oldest (0.03: three per cent).
RECENCY_WEIGHT = 0.03
#: How much a hit gains when the query's words stand within ``PROXIMITY_SLOP`` of each other.
PROXIMITY_BOOST = 0.5
PROXIMITY_SLOP = 3
#: Hits beyond the page that proximity and recency may lift into it.
RERANK_POOL = 30


def rank(
    generation: OpenGeneration,
    scores: np.ndarray | None,
    near: list[str] | None,
    final: np.ndarray,
    sort: Sort,
    limit: int,
) -> list[tuple[int, float | None]]:
    """The first ``limit`` of the ``final`` hits in the requested order, with scores where ranked.

    ``scores`` (None for a search without words) are BM25F by document; ``near``
    the words whose closeness is rewarded. Equal scores keep index order.
    """
    docnums = np.flatnonzero(final)
    table = generation.table
    if sort == "relevance" and scores is not None:
        ranked = scores * generation.recency
        best = first(docnums, -ranked[docnums], limit + RERANK_POOL)
        close = close_together(generation.searcher, generation.evaluator, np.sort(best), near) if near else set()
        scored = [
            (docnum, score * (1 + PROXIMITY_BOOST * (docnum in close)))
            for docnum, score in zip(best.tolist(), ranked[best].tolist())
        ]  # fmt: skip
        return sorted(scored, key=lambda pair: (-pair[1], pair[0]))[:limit]
    dates, dated = table.dates[docnums], table.dated[docnums]
    by_date = np.where(dated, -dates if sort == "newest" else dates, np.iinfo(np.int64).max)
    return [(docnum, None) for docnum in first(docnums, by_date, limit).tolist()]


def first(docnums: np.ndarray, keys: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` of ``docnums`` with the lowest ``keys``, in key order (ties: lower docnum first)."""
    if len(docnums) > limit:
        cut = np.partition(keys, limit - 1)[limit - 1]
        keep = keys <= cut  # every tie at the cut, so that ties resolve by docnum
        docnums, keys = docnums[keep], keys[keep]
    return docnums[np.lexsort((docnums, keys))][:limit]


def recency(table: FacetTable) -> np.ndarray:
    """Per document: 1 for an undated or the oldest release, up to ``1 + RECENCY_WEIGHT`` for the newest."""
    oldest, newest = table.date_span
    if newest == oldest:
        return np.ones(table.size)
    return np.where(table.dated, 1.0 + RECENCY_WEIGHT * (table.dates - oldest) / (newest - oldest), 1.0)


def close_together(searcher: Searcher, evaluator: QueryEvaluator, docnums: np.ndarray, words: list[str]) -> set[int]:
    """Those of ``docnums`` (ascending) in which all ``words`` stand near each other in one field.

    Positions are read from Whoosh only for the documents that have every word in the field.
    """
    reader = searcher.reader()
    close: set[int] = set()
    for field in TEXT_FIELDS:
        having = docnums[~np.isin(docnums, list(close))]
        for word in words:
            having = having[among(having, evaluator.documents(field, word))]
        if not len(having):
            continue
        postings = [reader.postings(field, word) for word in words]
        window = PROXIMITY_SLOP + len(words)
        for docnum in having.tolist():
            if (positions := _positions_in(postings, docnum)) and _within_window(positions, window):
                close.add(docnum)
    return close


def among(values: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    """Which of ``values`` are in ``ascending``, found by binary search: a frequent word's
    documents are many, the hits to rerank few."""
    where = np.searchsorted(ascending, values)
    return ascending[np.minimum(where, len(ascending) - 1)] == values if len(ascending) else where < 0


def _positions_in(postings: list[Any], docnum: int) -> list[list[int]] | None:
    """Each word's positions in ``docnum``, or None when a word is not there."""
    found = []
    for matcher in postings:
        if matcher.is_active() and matcher.id() < docnum:
            matcher.skip_to(docnum)
        if not matcher.is_active() or matcher.id() != docnum:
            return None
        found.append([word_position(position) for position in matcher.value_as("positions")])
    return found


def _within_window(positions: list[list[int]], window: int) -> bool:
    """Whether one position of every word lies within ``window`` of a position of the first."""
    return any(all(any(abs(p - start) <= window for p in others) for others in positions[1:]) for start in positions[0])
