"""Which documents a query matches and how well, as numpy arrays over the whole index.

Facet counts need every matching document, and ranking needs the score of
each. Whoosh finds both by walking a tree of matchers posting by posting in
Python; here each term's postings are read once into arrays (kept for the
index generation in service, up to :data:`POSTINGS_KEPT` postings) and a query
is evaluated term at a time with numpy, so a common word costs a few array
operations instead of thousands of Python calls.

Scores are Whoosh's own BM25F (``B`` 0.75, ``K1`` 1.2, idf ``log(N / (df + 1)) + 1``,
the field lengths Whoosh stores), summed over the clauses of ``And``/``Or``:
the ranking is the one Whoosh's searcher gives. Queries without a rule here
(exact phrases, ranges) are matched by Whoosh and their document sets kept; a phrase
scores as its words do and any other such query 1 per document, as in Whoosh.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.query import And, AndMaybe, AndNot, Not, NullQuery, Or, Phrase, Query, Require, Term
from whoosh.searching import Searcher

#: BM25F's parameters, as Whoosh's default weighting sets them.
B = 0.75
K1 = 1.2
#: Postings kept in memory across queries (8 bytes each): the most recently used terms' first.
POSTINGS_KEPT = 4_000_000
#: Phrase and range queries whose documents are kept.
QUERIES_KEPT = 256


@dataclass(frozen=True)
class Matches:
    """Per document number: whether it matches (``docs``) and its score (0 where it does not)."""

    docs: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return int(np.count_nonzero(self.docs))


class QueryEvaluator:
    """Evaluates queries against one searcher (one index generation); not thread-safe."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._size = self._reader.doc_count_all()
        live = np.zeros(self._size, dtype=bool)
        live[np.fromiter(self._reader.all_doc_ids(), dtype=np.int64)] = True
        self.every = Matches(live, np.zeros(self._size))
        self._lengths: dict[str, np.ndarray] = {}
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._postings_held = 0
        self._found: OrderedDict[Query, np.ndarray] = OrderedDict()

    @property
    def none(self) -> Matches:
        """No document."""
        return Matches(np.zeros(self._size, dtype=bool), np.zeros(self._size))

    def evaluate(self, query: Query) -> Matches:
        """The documents ``query`` matches (exactly as Whoosh finds them) and their scores."""
        kind = type(query)
        if kind is Term:
            found = self._term(query.fieldname, query.text)
        elif kind is Or or kind is And:
            parts = [self.evaluate(q) for q in query.subqueries] or [self.none]
            combine = np.logical_or if kind is Or else np.logical_and
            docs = combine.reduce([part.docs for part in parts])
            found = Matches(docs, np.add.reduce([part.scores for part in parts]) * docs)
        elif kind is AndNot:
            a, b = self.evaluate(query.a), self.evaluate(query.b)
            found = Matches(a.docs & ~b.docs, a.scores * ~b.docs)
        elif kind is Require:
            a, b = self.evaluate(query.a), self.evaluate(query.b)
            found = Matches(a.docs & b.docs, a.scores * b.docs)
        elif kind is AndMaybe:
            a, b = self.evaluate(query.a), self.evaluate(query.b)
            found = Matches(a.docs, a.scores + b.scores * a.docs)
        elif kind is Not:  # scores 1, as in Whoosh
            docs = self.every.docs & ~self.evaluate(query.query).docs
            found = Matches(docs, docs.astype(float))
        elif query is NullQuery:
            found = self.none
        else:
            docs = self._whoosh_docs(query)
            scores = self._phrase_scores(query) * docs if issubclass(kind, Phrase) else docs.astype(float)
            found = Matches(docs, scores)
        return found if query.boost == 1 else Matches(found.docs, found.scores * query.boost)

    def documents(self, field: str, text: str) -> np.ndarray:
        """The document numbers (ascending) that have ``text`` in ``field``."""
        return self._term_postings(field, text)[0]

    def _term(self, field: str, text: str) -> Matches:
        ids, weights = self._term_postings(field, text)
        empty = self.none
        docs, scores = empty.docs, empty.scores
        if len(ids) and not self._reader.schema[field].scorable:  # Whoosh scores such a term by its weight
            docs[ids], scores[ids] = True, weights
        elif len(ids):
            docs[ids] = True
            lengths = self._field_lengths(field)
            average = self._reader.field_length(field) / (self._reader.doc_count() or 1) or 1
            idf = math.log(self._size / (self._reader.doc_frequency(field, text) + 1)) + 1
            norm = K1 * ((1 - B) + B * lengths[ids] / average)
            scores[ids] = idf * weights * (K1 + 1) / (weights + norm)
        return Matches(docs & self.every.docs, scores * self.every.docs)

    def _term_postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The term's document numbers and weights, from memory when recently read."""
        key = (field, text)
        if key in self._postings:
            self._postings.move_to_end(key)
            return self._postings[key]
        ids, weights = [], []
        if key in self._reader:
            matcher = self._reader.postings(field, text)
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
        found = np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)
        self._postings[key] = found
        self._postings_held += len(ids)
        while self._postings_held > POSTINGS_KEPT and len(self._postings) > 1:
            _, (old, _) = self._postings.popitem(last=False)
            self._postings_held -= len(old)
        return found

    def _field_lengths(self, field: str) -> np.ndarray:
        """Each document's length in ``field`` as Whoosh stores it (the lengths BM25F uses)."""
        if field not in self._lengths:
            length = self._reader.doc_field_length
            self._lengths[field] = np.fromiter(
                (length(docnum, field, 1) for docnum in range(self._size)), dtype=np.float32, count=self._size
            )
        return self._lengths[field]

    def _whoosh_docs(self, query: Query) -> np.ndarray:
        """The documents Whoosh finds for a query without a rule here (phrases, ranges), kept per query."""
        if query in self._found:
            self._found.move_to_end(query)
            return self._found[query].copy()
        docs = self.none.docs
        docs[np.fromiter(self._searcher.docs_for_query(query), dtype=np.int64)] = True
        self._found[query] = docs.copy()
        if len(self._found) > QUERIES_KEPT:
            self._found.popitem(last=False)
        return docs

    def _phrase_scores(self, phrase: Phrase) -> np.ndarray:
        """A phrase scores as its words do in its field."""
        return np.add.reduce([self._term(phrase.fieldname, word).scores for word in phrase.words])
