"""Snippets: escaped, bounded, and marking exactly the words whose index terms a query matched."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search.snippets import BETWEEN, FRAGMENTS, SNIPPET_CHARS, Snippets, opening, word_terms

PIECES = ["upphandling", "Upphandlingen", "klimatkrav", "krav", "kommunerna", "och", "<script>", "&amp;",
          "a_b", "covid-19", "ÅÄÖ", "\n\n", " ", " ", ", ", ". "]  # fmt: skip
TERMS = ["upphandling", "krav", "klimatkrav", "kommun", "covid"]


@settings(deadline=None)  # the first example loads the lexicon
@given(st.lists(st.sampled_from(PIECES), max_size=400).map("".join), st.sets(st.sampled_from(TERMS)))
def test_snippets_are_escaped_bounded_and_mark_only_matching_words(text: str, terms: set[str]) -> None:
    snippet = Snippets(frozenset(terms))(text)
    unmarked = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in unmarked and ">" not in unmarked
    marked = re.findall(r"<mark>(.*?)</mark>", snippet)
    assert all(not word_terms(html.unescape(word).lower()).isdisjoint(terms) for word in marked)
    assert len(html.unescape(unmarked)) <= FRAGMENTS * SNIPPET_CHARS + len(BETWEEN)
    matching = [w for w in re.findall(r"[^\W_]+", text) if not word_terms(w.lower()).isdisjoint(terms)]
    assert bool(marked) == bool(matching)
    if not matching:
        assert snippet == opening(text)


def test_the_fragment_with_most_matches_is_chosen_and_fragments_keep_text_order() -> None:
    filler = " ".join(["ord"] * 80)
    text = f"Krav en gång. {filler} Krav och krav och krav igen. {filler} Sista krav."
    snippet = Snippets(frozenset({"krav"}))(text)
    assert snippet.count("<mark>") == 4  # the three of the middle fragment and one more
    assert snippet.index("<mark>Krav</mark> en gång") < snippet.index("<mark>Krav</mark> och")
    assert BETWEEN in snippet


def test_inflected_forms_and_compound_parts_are_marked() -> None:
    snippet = Snippets(frozenset(word_terms("upphandling") | {"krav"}))("Upphandlingen ställde klimatkrav.")
    assert snippet == "<mark>Upphandlingen</mark> ställde <mark>klimatkrav</mark>."
