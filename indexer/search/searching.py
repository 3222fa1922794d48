"""The public search API: open an index, search it with facets, fetch a release.

This module is the only place that queries Whoosh; the CLI, the web UI and
embedding programs all call :func:`open_index` and :meth:`SearchIndex.search`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.query import NullQuery, Query
from whoosh.searching import Searcher

from indexer.index.generations import CURRENT, check_format, current_generation, read_meta
from indexer.release import Release
from indexer.search.results import (
    FACETS, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_LENGTH, SORTS, FacetValue, Hit, RoleMention, Sort,
    SearchResults,
)  # fmt: skip
from indexer.search.facet_counts import FacetTable
from indexer.search.matching import Matches, QueryEvaluator
from indexer.search.query import parse_query, proximity_words, word_count
from indexer.index.schema import TEXT_FIELDS
from indexer.index.wordlist import WordList
from indexer.search.snippets import Snippets, opening
from indexer.search.spelling import suggest
from indexer.errors import IndexNotFoundError, SearchError

#: How much newer releases gain at most, relative to the oldest (0.03: three per cent).
RECENCY_WEIGHT = 0.03
#: How much a hit gains when the query's words stand within ``PROXIMITY_SLOP`` of each other.
PROXIMITY_BOOST = 0.5
PROXIMITY_SLOP = 3
#: Hits beyond the page that proximity and recency may lift into it.
RERANK_POOL = 30

CORRECTED_NOTICE = "Inga träffar för ”{query}”. Visar i stället träffar för ”{suggestion}”."
ANY_WORD_NOTICE = (
    "Inget pressmeddelande innehöll alla orden. Här visas de som innehåller något av dem."
)
NO_TERMS_NOTICE = (
    "Sökningen innehöll inga ord att söka på (bara vanliga småord eller tecken). "
    "Prova med fler eller andra ord."
)


def open_index(path: str | os.PathLike[str]) -> SearchIndex:
    """Open the index built in ``path`` (the ``--index`` directory) for searching."""
    return SearchIndex(Path(path))


class SearchIndex:
    """A searchable Pressarkiv index; safe to share between threads.

    It follows rebuilds: when another process swaps in a new generation, the
    next call switches to it without a restart.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._searcher: Searcher | None = None
        self._facet_table: FacetTable | None = None
        self._open()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __len__(self) -> int:
        with self._lock:
            return self._fresh_searcher().doc_count()

    @property
    def built_at(self) -> dt.datetime:
        """When the index in service was built (UTC)."""
        with self._lock:
            self._fresh_searcher()
            return dt.datetime.fromisoformat(read_meta(self._generation)["built_at"])

    def close(self) -> None:
        """Release the index files."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def get(self, release_id: str) -> Release | None:
        """The release with this id, or None."""
        with self._lock:
            docnum = self._fresh_searcher().document_number(id=release_id)
            return self._release(docnum) if docnum is not None else None

    def search(
        self,
        query: str = "",
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        page: int = 1,
        per_page: int = 10,
        sort: Sort = "relevance",
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> SearchResults:
        """Search for ``query`` (empty: every release, newest first) within ``filters``.

        ``filters`` maps facet groups (``year``, ``person``, ``organisation``, ``topic``) to values:
        values of one group are alternatives, groups must all match. Facet counts
        for each group ignore that group's own filter, so a user can widen too.
        ``date_from``/``date_to`` (inclusive) keep only releases dated within them.
        """
        query = unicodedata.normalize("NFC", query or "").strip()
        selected = _validate(query, filters, page, per_page, sort)
        if date_from and date_to and date_from > date_to:
            raise SearchError("Från-datumet måste vara före till-datumet.")
        if not query and sort == "relevance":
            sort = "newest"
        with self._lock:
            searcher = self._fresh_searcher()
            parsed = parse_query(query, searcher.reader()) if query else None
            if parsed is NullQuery:
                return self._empty(query, selected, page, per_page, sort, NO_TERMS_NOTICE)
            suggestion = suggest(query, searcher, self._words) if query else None
            matched = self._evaluator.every if parsed is None else self._evaluator.evaluate(parsed)
            notice = None
            if not len(matched) and parsed is not None:
                parsed, matched, notice = _fallback(searcher, self._evaluator, query, parsed, suggestion)
            facets, final = self._facets(self._within(matched.docs, date_from, date_to), selected)
            start = (page - 1) * per_page
            near = proximity_words(query, searcher.schema) if notice is None else None
            ranked = self._rank(searcher, parsed, near, matched.scores, final, sort, start + per_page)
            snippets = Snippets(_query_terms(parsed, searcher)) if parsed is not None else opening
            hits = [self._hit(docnum, score, snippets) for docnum, score in ranked[start:]]
        return SearchResults(
            query=query, total=int(np.count_nonzero(final)), page=page, per_page=per_page, sort=sort,
            hits=hits, facets=facets, filters={k: sorted(v) for k, v in selected.items()},
            notice=notice, suggestion=suggestion, date_from=date_from, date_to=date_to,
        )  # fmt: skip

    def similar(self, release_id: str, limit: int = 5) -> list[Hit]:
        """Releases most like this one (by its characteristic words), best first."""
        with self._lock:
            searcher = self._fresh_searcher()
            docnum = searcher.document_number(id=release_id)
            if docnum is None:
                return []
            release = self._release(docnum)
            results = searcher.more_like(docnum, "body", text=release.text, top=limit, numterms=12)
            return [self._hit(hit.docnum, hit.score, opening) for hit in results]

    def values(self, group: str) -> list[FacetValue]:
        """Every value of one facet group over the whole index, in facet order."""
        if group not in FACETS:
            raise SearchError(f"Okänd facettgrupp {group!r}: använd {', '.join(FACETS)}.")
        with self._lock:
            self._fresh_searcher()
            facets, _ = self._facets(self._evaluator.every.docs, {})
        return facets[group]

    def roles(self, person: str) -> list[RoleMention]:
        """The roles a person is given, release by release, newest first."""
        with self._lock:
            self._fresh_searcher()
            docnums = np.flatnonzero(self._facet_table.having("person", [person]))
            releases = [self._release(int(docnum)) for docnum in docnums]
        mentions = [
            RoleMention(release.id, release.published.isoformat() if release.published else None, ref.role)
            for release in releases for ref in release.persons if ref.name == person
        ]  # fmt: skip
        return sorted(mentions, key=lambda m: m.published or "", reverse=True)  # undated last

    # -- internals ---------------------------------------------------------

    def _open(self) -> None:
        generation = current_generation(self.path)
        if generation is None:
            raise IndexNotFoundError(
                f"Inget index i {self.path}: bygg det med `python -m indexer rebuild`"
            )
        check_format(generation)
        searcher = whoosh_index.open_dir(str(generation)).searcher()
        table, evaluator = FacetTable(searcher.reader()), QueryEvaluator(searcher)
        self._words = WordList(generation)
        if self._searcher is not None:
            self._searcher.close()
        self._generation, self._searcher = generation, searcher
        self._facet_table, self._evaluator = table, evaluator
        self._recency = _recency(table)

    def _fresh_searcher(self) -> Searcher:
        """The searcher of the generation in service, reopened after a swap."""
        link = self.path / CURRENT
        if self._searcher is None or (link.resolve() != self._generation and link.exists()):
            self._open()
        return self._searcher

    def _release(self, docnum: int) -> Release:
        """The release stored with a document."""
        return Release.from_dict(json.loads(self._searcher.stored_fields(docnum)["record"]))

    def _facets(
        self, matched: np.ndarray, selected: dict[str, set[str]]
    ) -> tuple[dict[str, list[FacetValue]], np.ndarray]:
        """Facet counts (each group without its own filter) and the fully filtered hits."""
        table = self._facet_table
        passes = {group: table.having(group, values) for group, values in selected.items()}
        final = np.logical_and.reduce([matched, *passes.values()])
        facets = {}
        for group in FACETS:
            pool = np.logical_and.reduce([matched, *(docs for other, docs in passes.items() if other != group)])
            counts = table.counts(group, pool)
            chosen = selected.get(group, set())
            values = [FacetValue(v, counts.get(v, 0), v in chosen) for v in set(counts) | chosen]
            facets[group] = sorted(values, key=_year_order if group == "year" else _count_order)
        return facets, final

    def _rank(
        self,
        searcher: Searcher,
        parsed: Query | None,
        near: list[str] | None,
        scores: np.ndarray,
        final: np.ndarray,
        sort: str,
        limit: int,
    ) -> list[tuple[int, float | None]]:
        """The first ``limit`` of the ``final`` hits in the requested order, with scores where ranked.

        Relevance is BM25F over the weighted text fields (``scores``) times a
        gentle recency factor; among the best ``limit + RERANK_POOL`` of those,
        hits where the ``near`` words stand close together gain ``PROXIMITY_BOOST``.
        Equal scores keep index order.
        """
        docnums = np.flatnonzero(final)
        if sort == "relevance" and parsed is not None:
            ranked = scores * self._recency
            best = _first(docnums, -ranked[docnums], limit + RERANK_POOL)
            close = _close_together(searcher, self._evaluator, np.sort(best), near) if near else set()
            scored = [
                (docnum, score * (1 + PROXIMITY_BOOST * (docnum in close)))
                for docnum, score in zip(best.tolist(), ranked[best].tolist())
            ]  # fmt: skip
            return sorted(scored, key=lambda pair: (-pair[1], pair[0]))[:limit]
        dates, dated = self._facet_table.dates[docnums], self._facet_table.dated[docnums]
        by_date = np.where(dated, -dates if sort == "newest" else dates, np.iinfo(np.int64).max)
        return [(docnum, None) for docnum in _first(docnums, by_date, limit).tolist()]

    def _within(self, docs: np.ndarray, date_from: dt.date | None, date_to: dt.date | None) -> np.ndarray:
        """The documents dated within the bounds (all of them when there are none)."""
        if date_from is None and date_to is None:
            return docs
        table = self._facet_table
        low = date_from.toordinal() if date_from else 0
        high = date_to.toordinal() if date_to else np.iinfo(np.int64).max
        return docs & table.dated & (table.dates >= low) & (table.dates <= high)

    def _hit(self, docnum: int, score: float | None, snippet: Callable[[str], str]) -> Hit:
        """A hit for the result list; ``snippet`` makes its snippet from the release's text."""
        release = self._release(docnum)
        text = "\n\n".join(part for part in (release.lead, release.body_text, release.contact_text) if part)
        return Hit(
            id=release.id,
            title=release.title,
            published=release.published.isoformat() if release.published else None,
            year=release.year,
            kind=release.kind,
            persons=[person.name for person in release.persons],
            organisations=list(release.organisations),
            topics=list(release.topics),
            snippet=snippet(text),
            score=round(score, 4) if score is not None else None,
        )

    def _empty(self, query, selected, page, per_page, sort, notice) -> SearchResults:
        facets, _ = self._facets(self._evaluator.none.docs, selected)
        return SearchResults(
            query=query, total=0, page=page, per_page=per_page, sort=sort, hits=[],
            facets=facets, filters={k: sorted(v) for k, v in selected.items()}, notice=notice,
        )  # fmt: skip


def _validate(
    query: str, filters: Mapping[str, Sequence[str]] | None, page: int, per_page: int, sort: str
) -> dict[str, set[str]]:
    """Check the parameters; the selected facet values as sets of strings."""
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchError(f"Sökfrågan är för lång ({len(query)} tecken, högst {MAX_QUERY_LENGTH}).")
    if not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise SearchError(f"Sidnumret (page) måste vara ett heltal från 1 till {MAX_PAGE}.")
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise SearchError(f"Antal träffar per sida (per_page) måste vara 1–{MAX_PER_PAGE}.")
    if sort not in SORTS:
        raise SearchError(f"Okänd sortering {sort!r}: använd {', '.join(SORTS)}.")
    selected: dict[str, set[str]] = {}
    for group, values in (filters or {}).items():
        if group not in FACETS:
            raise SearchError(f"Okänt filter {group!r}: använd {', '.join(FACETS)}.")
        if isinstance(values, str):
            values = [values]
        chosen = {unicodedata.normalize("NFC", str(v)).strip() for v in values} - {""}
        if chosen:
            selected[group] = chosen
    return selected


def _close_together(
    searcher: Searcher, evaluator: QueryEvaluator, docnums: np.ndarray, words: list[str]
) -> set[int]:
    """Those of ``docnums`` (ascending) in which all ``words`` stand near each other in one field.

    Positions are read from Whoosh only for the documents that have every word in the field.
    """
    reader = searcher.reader()
    close: set[int] = set()
    for field in TEXT_FIELDS:
        having = docnums[~np.isin(docnums, list(close))]
        for word in words:
            having = having[np.isin(having, evaluator.documents(field, word))]
        if not len(having):
            continue
        postings = [reader.postings(field, word) for word in words]
        window = PROXIMITY_SLOP + len(words)
        for docnum in having.tolist():
            if (positions := _positions_in(postings, docnum)) and _within_window(positions, window):
                close.add(docnum)
    return close


def _positions_in(postings: list, docnum: int) -> list[list[int]] | None:
    """Each word's positions in ``docnum``, or None when a word is not there."""
    found = []
    for matcher in postings:
        if matcher.is_active() and matcher.id() < docnum:
            matcher.skip_to(docnum)
        if not matcher.is_active() or matcher.id() != docnum:
            return None
        found.append(matcher.value_as("positions"))
    return found


def _within_window(positions: list[list[int]], window: int) -> bool:
    """Whether one position of every word lies within ``window`` of a position of the first."""
    return any(
        all(any(abs(p - start) <= window for p in others) for others in positions[1:])
        for start in positions[0]
    )


def _fallback(
    searcher: Searcher, evaluator: QueryEvaluator, query: str, parsed: Query, suggestion: str | None
) -> tuple[Query, Matches, str | None]:
    """When a query finds nothing: its spelling correction, else any of its words."""
    if suggestion:
        corrected = parse_query(suggestion, searcher.reader())
        if len(matched := evaluator.evaluate(corrected)):
            return corrected, matched, CORRECTED_NOTICE.format(query=query, suggestion=suggestion)
    if word_count(parsed) > 1:
        any_word = parse_query(query, searcher.reader(), any_word=True)
        if len(matched := evaluator.evaluate(any_word)):
            return any_word, matched, ANY_WORD_NOTICE
    return parsed, evaluator.none, None


def _first(docnums: np.ndarray, keys: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` of ``docnums`` with the lowest ``keys``, in key order (ties: lower docnum first)."""
    if len(docnums) > limit:
        cut = np.partition(keys, limit - 1)[limit - 1]
        keep = keys <= cut  # every tie at the cut, so that ties resolve by docnum
        docnums, keys = docnums[keep], keys[keep]
    return docnums[np.lexsort((docnums, keys))][:limit]


def _recency(table: FacetTable) -> np.ndarray:
    """Per document: 1 for an undated or the oldest release, up to ``1 + RECENCY_WEIGHT`` for the newest."""
    oldest, newest = table.date_span
    if newest == oldest:
        return np.ones(table.size)
    return np.where(table.dated, 1.0 + RECENCY_WEIGHT * (table.dates - oldest) / (newest - oldest), 1.0)


def _query_terms(query: Query, searcher: Searcher) -> set[str]:
    """The index terms a query matched, for highlighting (prefixes expanded)."""
    reader = searcher.reader()
    terms = (term for leaf in query.leaves() for term in leaf.expanded_terms(reader, phrases=True))
    return {text.decode("utf-8") if isinstance(text, bytes) else text for _, text in terms}


def _year_order(value: FacetValue) -> tuple[bool, int]:
    """Newest year first; the unknown year last."""
    return (not value.value.isdigit(), -int(value.value) if value.value.isdigit() else 0)


def _count_order(value: FacetValue) -> tuple[int, str]:
    return (-value.count, value.value.casefold())

