"""Exact phrases: words in order and in place, inflected or not, never a compound part or a stop-word gap."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import RamStorage

from indexer import SearchIndex
from indexer.index.analysis import analyze
from indexer.index.schema import build_schema
from indexer.language.words import STOP_WORDS, TOKEN_PATTERN
from indexer.search.matching import QueryEvaluator
from indexer.search.phrases import ExactPhrase
from indexer.search.query import parse_query

#: Words that meet in phrases, as inflections, compound parts, stop words and other words.
VOCABULARY = [
    "offentliga", "offentligt", "offentlig", "affärer", "affär", "affärerna", "affärsmässiga",
    "offentliggörande", "och", "av", "i", "en", "klimat", "klimatkrav", "krav", "kraven", "kravet",
    "ställs", "ställde", "myndig", "myndighet", "myndigheten",
]  # fmt: skip


def reference_terms(text: str) -> list[str | None]:
    """Each word of ``text``: its term as a query has it, None for a stop word (independent of the index)."""
    words = [found.group().lower() for found in TOKEN_PATTERN.finditer(text)]
    return [None if word in STOP_WORDS else analyze(word)[0] for word in words]


def reference_has_phrase(text: str, phrase: str) -> bool:
    """Whether the phrase stands in the text: its words in order, inflected or not, a stop word of the
    phrase standing for any one word (it is not indexed), stop words at its ends not counted."""
    wanted = reference_terms(phrase)
    while wanted and wanted[0] is None:
        wanted.pop(0)
    while wanted and wanted[-1] is None:
        wanted.pop()
    terms = reference_terms(text)
    return any(
        all(w is None or terms[start + k] == w for k, w in enumerate(wanted))
        for start in range(len(terms) - len(wanted) + 1)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join), min_size=1, max_size=6
    ),
    phrase=st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=3).map(" ".join),
)  # fmt: skip
def test_a_phrase_is_found_exactly_where_it_stands(texts: list[str], phrase: str) -> None:
    if all(word in STOP_WORDS for word in phrase.split()):
        return  # nothing to search: the query finds nothing, as tested elsewhere
    index = RamStorage().create_index(build_schema())
    with index.writer() as writer:
        for number, text in enumerate(texts):
            writer.add_document(id=str(number), body=text)
    with index.searcher() as searcher:
        query = parse_query(f'body:"{phrase}"', searcher.reader())
        found = {int(searcher.stored_fields(d)["id"]) for d in searcher.docs_for_query(query)}
        evaluated = QueryEvaluator(searcher).evaluate(query)
        assert set(np.flatnonzero(evaluated.docs).tolist()) == set(searcher.docs_for_query(query))
    expected = {number for number, text in enumerate(texts) if reference_has_phrase(text, phrase)}
    assert found == expected, (texts, phrase, query)


def test_phrases_know_the_gap_a_stop_word_leaves() -> None:
    index = RamStorage().create_index(build_schema())
    with index.searcher() as searcher:
        query = parse_query('"gör en innovationsupphandling"', searcher.reader())
    phrases = [leaf for leaf in query.leaves() if isinstance(leaf, ExactPhrase)]
    assert phrases and all(phrase.gaps == (2,) for phrase in phrases)


@pytest.fixture(scope="module")
def phrase_index(make_index: Callable[[dict[str, str]], SearchIndex]) -> SearchIndex:
    return make_index({
        "phrase": "Öppna affärer\n\nPublicerad 1 mars 2024\n\nAlla ska kunna granska offentliga affärer.",
        "inflected": "Granskning\n\nPublicerad 2 mars 2024\n\nDen offentliga affären granskas.",
        "compound": "Bolaget\n\nPublicerad 3 mars 2024\n\nBolaget inför offentliggörande av affärer.",
        "part": "Arenan\n\nPublicerad 4 mars 2024\n\nHyror visas offentligt. Affärsmässiga regler gäller.",
        "gap": "Regler\n\nPublicerad 5 mars 2024\n\nRegler för offentliga och privata affärer.",
        "stopgap": "Listor\n\nPublicerad 6 mars 2024\n\nListan över offentliga och affärer i kommunen.",
    })  # fmt: skip


def ids(index: SearchIndex, query: str) -> set[str]:
    return {hit.id for hit in index.search(query).hits if getattr(hit, "match", "all") == "all"}


def test_a_quoted_phrase_matches_its_words_in_order_and_inflected(phrase_index: SearchIndex) -> None:
    assert ids(phrase_index, '"offentliga affärer"') == {"phrase", "inflected"}
    assert ids(phrase_index, '"affärer offentliga"') == set()


def test_a_phrase_never_matches_through_a_compound_part_or_a_stop_word(phrase_index: SearchIndex) -> None:
    # compound: offentliggörande av affärer; part: offentligt. Affärsmässiga; stopgap: offentliga och affärer
    assert not ids(phrase_index, '"offentliga affärer"') & {"compound", "part", "gap", "stopgap"}
    assert ids(phrase_index, '"offentliga och affärer"') == {"stopgap"}


def test_the_snippet_marks_the_whole_phrase(phrase_index: SearchIndex) -> None:
    hits = {hit.id: hit for hit in phrase_index.search('"offentliga affärer"').hits}
    assert "granska <mark>offentliga affärer</mark>" in hits["phrase"].snippet
    assert "<mark>offentliga affären</mark>" in hits["inflected"].snippet
