"""Partial matches: after the releases with all the words, the ones with most of them.

When a plain query of several words (no operators, phrases, fields or prefixes) has
fewer hits than a page, the releases that have at least half of its words
(:func:`needed`) follow its hits: more of the words first, then by score, the way
Elasticsearch's ``minimum_should_match`` ranks. They never count as hits of the query:
``SearchResults.total`` counts the releases with all the words, ``partial`` the others,
and each hit says which it is (``Hit.match``).
"""

from __future__ import annotations

import numpy as np
from whoosh.query import And, Or, Query, Term

from indexer.index.schema import TEXT_FIELDS
from indexer.search.matching import QueryEvaluator


def plain_words(query: Query) -> list[str] | None:
    """The index terms of a query that requires two or more words, each in any text field, else None."""
    words = []
    for clause in query.subqueries if isinstance(query, And) else [query]:
        leaves = clause.subqueries if isinstance(clause, Or) else []
        texts = {leaf.text for leaf in leaves if type(leaf) is Term and leaf.fieldname in TEXT_FIELDS}
        if len(texts) != 1 or len(leaves) != len(TEXT_FIELDS) or not all(type(leaf) is Term for leaf in leaves):
            return None
        words.append(texts.pop())
    return words if len(set(words)) > 1 else None


def needed(words: int) -> int:
    """How many of a query's words a partial match must have: half of them, rounded up."""
    return -(-words // 2)


def partial_matches(
    evaluator: QueryEvaluator, words: list[str], allowed: np.ndarray, weights: np.ndarray
) -> list[tuple[int, float]]:
    """The ``allowed`` documents with some but not all ``words`` (index terms), best first, with scores.

    A document with more of the words comes first; among equals the higher score
    (BM25F of the words it has, times ``weights``), then the lower document number.
    """
    distinct = list(dict.fromkeys(words))
    found = [evaluator.evaluate(Or([Term(field, word) for field in TEXT_FIELDS])) for word in distinct]
    having = np.add.reduce([matches.docs.astype(np.int32) for matches in found])
    scores = np.add.reduce([matches.scores for matches in found]) * weights
    docnums = np.flatnonzero(allowed & (having >= needed(len(distinct))) & (having < len(distinct)))
    order = np.lexsort((docnums, -scores[docnums], -having[docnums]))
    return [(int(docnum), float(scores[docnum])) for docnum in docnums[order]]
