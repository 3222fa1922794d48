"""The public search API: open an index, search it with facets, list all hits, fetch a release.

This module is the only place that queries Whoosh; the CLI, the web UI and
embedding programs all call :func:`open_index`, :meth:`SearchIndex.search` and
:meth:`SearchIndex.iter_hits` with a :class:`~indexer.search.request.SearchRequest`
(or its fields as keyword arguments).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.query import NullQuery, Phrase, Query

from indexer.errors import IndexNotFoundError, SearchError
from indexer.facets import FACET_GROUPS, facet_group
from indexer.index.generations import current_generation, linked_generation, read_meta
from indexer.index.schema import TEXT_FIELDS
from indexer.release import Release
from indexer.search.facet_counts import FacetTable
from indexer.search.generation import OpenGeneration
from indexer.search.matching import Matches
from indexer.search.partial import partial_matches, plain_words
from indexer.search.phrases import ExactPhrase
from indexer.search.query import OPERATORS, parse_query, proximity_words
from indexer.search.ranking import rank
from indexer.search.request import SearchRequest, Sort
from indexer.search.results import FacetValue, Hit, HitIterator, RoleMention, SearchResults
from indexer.search.snippets import PhraseTerms, Snippets, opening
from indexer.search.spelling import IndexVocabulary, suggest

CORRECTED_NOTICE = "Visar träffar för ”{suggestion}”. Sök i stället efter ”{query}”."
NO_TERMS_NOTICE = (
    "Sökningen innehöll inga ord att söka på (bara vanliga småord eller tecken). Prova med fler eller andra ord."
)
#: How many hits an iterator over all hits reads at a time (holding the index's lock).
BATCH = 100


def open_index(path: str | os.PathLike[str]) -> SearchIndex:
    """Open the index built in ``path`` (the ``--index`` directory) for searching."""
    return SearchIndex(Path(path))


@dataclass(frozen=True)
class _Evaluation:
    """A request evaluated on one generation: the query as run, its matches, the hits left by the filters."""

    query: str
    parsed: Query | None
    matched: Matches
    final: np.ndarray
    facets: dict[str, list[FacetValue]]
    sort: Sort
    notice: str | None
    suggestion: str | None
    #: Whether the hits are the suggestion's, the query having none.
    corrected: bool
    #: The releases the filters and dates let through, matching or not.
    allowed: np.ndarray

    @property
    def searched(self) -> str:
        """The query as searched: the correction when one was searched."""
        return self.suggestion if self.corrected and self.suggestion else self.query


class SearchIndex:
    """A searchable Pressarkiv index; safe to share between threads.

    It follows rebuilds: when another process swaps in a new generation, the
    next call switches to it without a restart.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._generation: OpenGeneration | None = None
        with self._lock:
            self._current()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __len__(self) -> int:
        with self._lock:
            return int(self._current().searcher.doc_count())

    @property
    def built_at(self) -> dt.datetime:
        """When the index in service was built (UTC)."""
        with self._lock:
            return dt.datetime.fromisoformat(read_meta(self._current().path)["built_at"])

    def close(self) -> None:
        """Release the index files (a later call opens them again)."""
        with self._lock:
            if self._generation is not None:
                self._generation.retire()
                self._generation = None

    def get(self, release_id: str) -> Release | None:
        """The release with this id, or None."""
        with self._lock:
            generation = self._current()
            docnum = generation.searcher.document_number(id=release_id)
            return generation.release(docnum) if docnum is not None else None

    def renamed(self, old_id: str) -> str | None:
        """The id now of the release that an older version called ``old_id`` (before ids kept
        å, ä and ö), so that links made then can be redirected; None when there is none."""
        with self._lock:
            searcher = self._current().searcher
            docnum = searcher.document_number(alias=old_id)
            return str(searcher.stored_fields(docnum)["id"]) if docnum is not None else None

    def search(self, request: SearchRequest | str = "", /, **options: Any) -> SearchResults:
        """Search: a :class:`SearchRequest`, or a query string with the request's fields as options.

        An empty query lists every release, newest first. ``filters`` maps facet groups
        (``year``, ``person``, ``organisation``, ``topic``) to values: values of one group
        are alternatives, groups must all match. Facet counts for each group ignore
        that group's own filter, so a user can widen as well as narrow.
        ``date_from``/``date_to`` (inclusive) keep only releases dated within them.
        Raises :class:`~indexer.SearchError` for a request that cannot be run.
        """
        request = _as_request(request, options)
        with self._lock:
            generation = self._current()
            found = _evaluate(generation, request)
            ranked = rank(
                generation, _scores(found), _near(generation, request, found), found.final, found.sort,
                request.start + request.per_page,
            )  # fmt: skip
            total = int(np.count_nonzero(found.final))
            partial = _partial(generation, request, found) if total < request.per_page else []
            snippet = _snippet_maker(generation, found.parsed) if request.snippets else opening
            hits = [_hit(generation.release(docnum), score, snippet) for docnum, score in ranked[request.start :]]
            room = request.per_page - len(hits) if request.start <= total else 0
            hits += [_hit(generation.release(d), s, snippet, "partial") for d, s in partial[: max(room, 0)]]
        return SearchResults(
            query=request.query, total=total,
            page=request.start // request.per_page + 1, per_page=request.per_page, sort=found.sort,
            hits=hits, facets=found.facets, filters={k: list(v) for k, v in request.filters.items()},
            notice=found.notice, suggestion=found.suggestion,
            date_from=request.date_from, date_to=request.date_to,
            partial=len(partial), corrected=found.corrected,
        )  # fmt: skip

    def iter_hits(
        self, request: SearchRequest | str = "", /, *, limit: int | None = None, **options: Any
    ) -> HitIterator:
        """Every hit of a search (up to ``limit``) in the search's order, without facets or snippets.

        The hits come from the generation in service when the call is made, even if a
        rebuild swaps in another while they are read; ``total`` counts all hits. Each
        hit's snippet is the opening of its text. Made for downloads, feeds and lists.
        """
        request = _as_request(request, options).replace(facets=False, snippets=False, page=1, offset=None)
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise SearchError("Högsta antal träffar (limit) måste vara ett heltal, 0 eller större.")
        with self._lock:
            generation = self._current()
            found = _evaluate(generation, request)
            total = int(np.count_nonzero(found.final))
            wanted = total if limit is None else min(total, limit)
            ranked = rank(
                generation, _scores(found), _near(generation, request, found), found.final, found.sort, wanted
            )
            generation.readers += 1
        return HitIterator(total, self._read(generation, [docnum for docnum, _ in ranked]))

    def similar(self, release_id: str, limit: int = 5) -> list[Hit]:
        """Releases most like this one (by its characteristic words), best first."""
        with self._lock:
            generation = self._current()
            docnum = generation.searcher.document_number(id=release_id)
            if docnum is None:
                return []
            release = generation.release(docnum)
            results = generation.searcher.more_like(docnum, "body", text=release.text, top=limit, numterms=12)
            return [_hit(generation.release(hit.docnum), hit.score, opening) for hit in results]

    def highlighter(self, query: str) -> Callable[[str], str]:
        """A function that gives a text as escaped HTML with the words ``query`` matches in ``<mark>``.

        The words are matched as a search matches them (inflections, compound parts), so a
        release page can show where the search that led to it found its words.
        """
        request = _as_request(query, {})
        with self._lock:
            generation = self._current()
            parsed = parse_query(request.query, generation.searcher.reader()) if request.query else None
            if parsed is None or parsed is NullQuery:
                return lambda text: html.escape(text, quote=False)
            snippets = _snippets(generation, parsed)
        return snippets.mark

    def values(self, group: str) -> list[FacetValue]:
        """Every value of one facet group over the whole index, in facet order."""
        known = facet_group(group)
        if known is None:
            names = ", ".join(g.name for g in FACET_GROUPS)
            raise SearchError(f"Okänd facettgrupp {group[:40]!r}: använd {names}.")
        with self._lock:
            generation = self._current()
            facets, _ = _facets(generation.table, generation.evaluator.every.docs, {}, wanted=True)
        return facets[known.name]

    def roles(self, person: str) -> list[RoleMention]:
        """The roles a person is given, release by release, newest first (undated last)."""
        with self._lock:
            generation = self._current()
            return list(generation.remember(("roles", person), lambda: _roles(generation, person)))

    # -- internals ---------------------------------------------------------

    def _current(self) -> OpenGeneration:
        """The generation in service, opened anew after a swap; call with the lock held."""
        generation, linked = self._generation, linked_generation(self.path)
        if generation is None or (linked is not None and linked != generation.path and linked.exists()):
            path = current_generation(self.path)
            if path is None:
                raise IndexNotFoundError(f"Inget index i {self.path}: bygg det med `python -m indexer rebuild`")
            fresh = OpenGeneration.open(path)
            if generation is not None:
                generation.retire()
            self._generation = generation = fresh
        return generation

    def _read(self, generation: OpenGeneration, docnums: list[int]) -> Iterator[Hit]:
        """The hits of ``docnums``, read a batch at a time from ``generation``, which stays open meanwhile."""
        try:
            for start in range(0, len(docnums), BATCH):
                with self._lock:
                    batch = [_hit(generation.release(d), None, opening) for d in docnums[start : start + BATCH]]
                yield from batch
        finally:
            with self._lock:
                generation.readers -= 1
                if generation.retired:
                    generation.retire()


def _roles(generation: OpenGeneration, person: str) -> list[RoleMention]:
    """The roles ``person`` is given in ``generation``'s releases, newest first (undated last)."""
    docnums = np.flatnonzero(generation.table.having("person", [person]))
    releases = [generation.release(int(docnum)) for docnum in docnums]
    mentions = [
        RoleMention(release.id, release.published, ref.role)
        for release in releases for ref in release.persons if ref.name == person
    ]  # fmt: skip
    dated = sorted((m for m in mentions if m.published), key=lambda m: m.published or dt.date.min, reverse=True)
    return dated + [m for m in mentions if not m.published]


def _as_request(request: SearchRequest | str, options: Mapping[str, Any]) -> SearchRequest:
    if isinstance(request, SearchRequest):
        return request.replace(**options) if options else request
    if not isinstance(request, str):
        raise SearchError("Sökfrågan måste vara text eller en SearchRequest.")
    try:
        return SearchRequest(query=request, **options)
    except TypeError as error:  # an option that is no field of the request
        raise SearchError(f"Okänd sökparameter: {error}") from error


def _evaluate(generation: OpenGeneration, request: SearchRequest) -> _Evaluation:
    """Run the request's query and filters on ``generation``: matches, facets and the final hits.

    A query without hits whose spelling suggestion is confident and has hits within the
    filters is searched as corrected, unless the request says not to (``autocorrect``).
    """
    query, evaluator, table = request.query, generation.evaluator, generation.table
    sort: Sort = "newest" if not query and request.sort == "relevance" else request.sort
    dated = _within(table, evaluator.every.docs, request.date_from, request.date_to)
    passes = (table.having(group, values) for group, values in request.filters.items())
    allowed = np.logical_and.reduce([dated, *passes])
    parsed = parse_query(query, generation.searcher.reader()) if query else None
    notice, suggested, corrected = None, None, False
    if parsed is NullQuery:
        parsed, matched, notice = None, evaluator.none, NO_TERMS_NOTICE
    else:
        suggestion = suggest(query, IndexVocabulary(generation.searcher, generation.words)) if query else None
        suggested = suggestion.text if suggestion else None
        matched = evaluator.every if parsed is None else evaluator.evaluate(parsed)
        if not len(matched) and suggestion and suggestion.confident and request.autocorrect:
            fixed = parse_query(suggestion.text, generation.searcher.reader())
            if fixed is not NullQuery and np.any((found := evaluator.evaluate(fixed)).docs & allowed):
                parsed, matched, corrected = fixed, found, True
                notice = CORRECTED_NOTICE.format(query=query, suggestion=suggestion.text)
    facets, final = _facets(table, dated & matched.docs, request.filters, wanted=request.facets)
    return _Evaluation(query, parsed, matched, final, facets, sort, notice, suggested, corrected, allowed)


def _partial(generation: OpenGeneration, request: SearchRequest, found: _Evaluation) -> list[tuple[int, float]]:
    """The releases with some of the words of a plain query, best first (none for other queries)."""
    explicit = any(word in OPERATORS for word in found.searched.split())  # ``a OCH b``: all, as asked
    words = plain_words(found.parsed) if found.parsed is not None and not explicit else None
    if not words:
        return []
    return partial_matches(generation.evaluator, words, found.allowed & ~found.final, generation.recency)


def _scores(found: _Evaluation) -> np.ndarray | None:
    return found.matched.scores if found.parsed is not None else None


def _near(generation: OpenGeneration, request: SearchRequest, found: _Evaluation) -> list[str] | None:
    """The words whose closeness ranking rewards: those of the plain query searched."""
    if found.parsed is None:
        return None
    return proximity_words(found.searched, generation.searcher.schema)


def _facets(
    table: FacetTable, matched: np.ndarray, selected: Mapping[str, Any], *, wanted: bool
) -> tuple[dict[str, list[FacetValue]], np.ndarray]:
    """Facet counts (each group without its own filter; none unless ``wanted``) and the filtered hits."""
    passes = {group: table.having(group, values) for group, values in selected.items()}
    final = np.logical_and.reduce([matched, *passes.values()])
    facets: dict[str, list[FacetValue]] = {}
    for group in FACET_GROUPS if wanted else ():
        others = (docs for other, docs in passes.items() if other != group.name)
        counted = table.ordered_counts(group.name, np.logical_and.reduce([matched, *others]))
        chosen = set(selected.get(group.name, ()))
        values = [FacetValue(value, count, value in chosen) for value, count in counted]
        if missing := chosen.difference(value for value, _ in counted):  # chosen, no hits
            values = sorted(values + [FacetValue(value, 0, True) for value in missing], key=group.value_order)
        facets[group.name] = values
    return facets, final


def _within(table: FacetTable, docs: np.ndarray, date_from: dt.date | None, date_to: dt.date | None) -> np.ndarray:
    """The documents dated within the bounds (all of them when there are none)."""
    if date_from is None and date_to is None:
        return docs
    low = date_from.toordinal() if date_from else 0
    high = date_to.toordinal() if date_to else np.iinfo(np.int64).max
    result: np.ndarray = docs & table.dated & (table.dates >= low) & (table.dates <= high)
    return result


def _snippet_maker(generation: OpenGeneration, parsed: Query | None) -> Callable[[str], str]:
    """Snippets marking the words and whole phrases the query matched, or the opening of the text."""
    if parsed is None:
        return opening
    return _snippets(generation, parsed)


def _snippets(generation: OpenGeneration, parsed: Query) -> Snippets:
    """Snippets for the index terms a parsed query matches (prefixes and wildcards expanded) and its
    exact phrases."""
    reader = generation.searcher.reader()
    leaves = list(parsed.leaves())
    phrases = {
        PhraseTerms(tuple(leaf.words), leaf.gaps)
        for leaf in leaves if isinstance(leaf, ExactPhrase) and leaf.fieldname in TEXT_FIELDS
    }  # fmt: skip
    words = (leaf for leaf in leaves if not isinstance(leaf, Phrase))
    terms = (term for leaf in words for term in leaf.expanded_terms(reader))
    marked = {text.decode("utf-8") if isinstance(text, bytes) else text for _, text in terms}
    return Snippets(marked, sorted(phrases, key=lambda phrase: phrase.words))


def _hit(release: Release, score: float | None, snippet: Callable[[str], str], match: str = "all") -> Hit:
    """A hit for a result list; ``snippet`` makes its snippet from the release's text below the title."""
    return Hit(
        id=release.id,
        title=release.title,
        published=release.published,
        year=release.year,
        kind=release.kind,
        persons=[person.name for person in release.persons],
        organisations=list(release.organisations),
        topics=list(release.topics),
        snippet=snippet(release.content),
        score=round(score, 4) if score is not None else None,
        match=match,
    )
