"""Which documents a query matches, as Python sets, with term look-ups cached.

Facet counts need every matching document, not only the best ten. Whoosh finds
them by walking a tree of matchers document by document; combining each term's
posting list as a set is many times faster, and the sets of frequent terms are
cached for the index generation in service. Query kinds without a set rule
(phrases, prefixes, ranges) are still answered by Whoosh.
"""

from __future__ import annotations

import functools

from whoosh.query import And, AndMaybe, AndNot, Not, Or, Query, Require, Term
from whoosh.searching import Searcher

#: How many terms' document sets are kept; a common term's set holds most of the index.
TERM_CACHE = 256


class DocSets:
    """Document sets for the queries of one searcher (one index generation)."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._every = frozenset(self._reader.all_doc_ids())
        self._term = functools.lru_cache(maxsize=TERM_CACHE)(self._term_docs)

    @property
    def every(self) -> frozenset[int]:
        """Every live document."""
        return self._every

    def matches(self, query: Query) -> frozenset[int]:
        """The documents ``query`` matches, exactly as Whoosh would find them."""
        kind = type(query)
        if kind is Term:
            return self._term(query.fieldname, query.text)
        if kind is Or:
            return frozenset().union(*map(self.matches, query.subqueries))
        if kind is And:
            parts = sorted(map(self.matches, query.subqueries), key=len)
            return parts[0].intersection(*parts[1:]) if parts else frozenset()
        if kind is AndNot:
            return self.matches(query.a) - self.matches(query.b)
        if kind is Require:
            return self.matches(query.a) & self.matches(query.b)
        if kind is AndMaybe:
            return self.matches(query.a)
        if kind is Not:
            return self._every - self.matches(query.query)
        return frozenset(self._searcher.docs_for_query(query))

    def _term_docs(self, field: str, text: str) -> frozenset[int]:
        if (field, text) not in self._reader:
            return frozenset()
        return frozenset(self._reader.postings(field, text).all_ids())
