"""The Swedish analyzer: tokens, stop words, stems, and what highlighting needs from it."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from indexer.index.analysis import (
    PART_POSITIONS,
    PART_WEIGHT,
    STOP_WORDS,
    analyze,
    plain_analyzer,
    stem,
    swedish_analyzer,
    word_position,
)  # fmt: skip


def test_keeps_swedish_letters_and_digits() -> None:
    words = [token.text for token in plain_analyzer()("Åsa Öberg är 2017 års ärende")]
    assert words == ["åsa", "öberg", "är", "2017", "års", "ärende"]


def test_letters_joined_to_a_number_stay_one_token() -> None:
    assert [t.text for t in plain_analyzer()("covid-19 och sars-cov-2")] == ["covid-19", "och", "sars-cov-2"]


def test_other_hyphenated_words_split_into_parts() -> None:
    assert analyze("ESPD-systemet") == ["espd", "system"]
    assert analyze("2014-2020") == ["2014", "2020"]


def test_snowball_stop_words_are_removed() -> None:
    assert "och" in STOP_WORDS and "inte" in STOP_WORDS and len(STOP_WORDS) == 114
    assert analyze("och det att i en") == []


def test_inflected_forms_share_a_term() -> None:
    assert analyze("upphandling upphandlingar upphandlingen") == ["upphandling"] * 3
    assert analyze("klimatmål klimatmålen") == ["klimatmål"] * 2


def test_lexicon_mends_snowball() -> None:
    # Snowball alone leaves these apart ...
    assert stem("konkurrens") != stem("konkurrensen") and stem("klocka") != stem("klockan")
    # ... and merges these.
    assert stem("myndig") == stem("myndighet")
    assert len(set(analyze("konkurrens konkurrensen konkurrenser konkurrensens"))) == 1
    assert len(set(analyze("klocka klockan klockor klockorna"))) == 1
    assert analyze("myndig") != analyze("myndighet")


def test_stem_is_cached() -> None:
    stem.cache_clear()
    stem("myndigheten")
    stem("myndigheten")
    info = stem.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_tokens_carry_positions_and_offsets() -> None:
    text = "Inger Eks upphandlingar"
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in swedish_analyzer()(text, positions=True, chars=True)]  # fmt: skip
    assert [t[1] for t in tokens] == [0, 1, 2]
    assert [text[s:e] for _, _, s, e in tokens] == ["Inger", "Eks", "upphandlingar"]


def test_analyzer_pickles_for_the_index_schema() -> None:
    analyzer = pickle.loads(pickle.dumps(swedish_analyzer()))
    assert [t.text for t in analyzer("Upphandlingarna")] == ["upphandling"]


@given(st.text())
def test_any_text_analyzes_to_lowercase_terms(text: str) -> None:
    for term in analyze(text):
        assert term and term == term.lower() and " " not in term


def index_terms(text: str) -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in swedish_analyzer()(text, positions=True, mode="index")]


def test_compounds_are_indexed_whole_and_as_parts_beyond_the_text() -> None:
    whole, first, last, verb = (analyze(w)[0] for w in ("innovationsupphandlingar", "innovations",
                                                         "upphandling", "krävs"))  # fmt: skip
    parts = PART_POSITIONS
    expected = [(whole, 0), (first, parts), (last, parts), (verb, 1)]
    assert index_terms("innovationsupphandlingar krävs") == expected
    assert [word_position(p) for _, p in index_terms("innovationsupphandlingar krävs")] == [0, 0, 0, 1]


def test_parts_of_parts_are_indexed_and_weigh_less_than_words() -> None:
    tokens = {(t.text, t.boost) for t in swedish_analyzer()("statsstödsreglerna stöd", mode="index")}
    state_aid, state, aid, rules = (analyze(w)[0] for w in ("statsstöd", "stat", "stöd", "regler"))
    assert {(state_aid, PART_WEIGHT), (state, PART_WEIGHT), (rules, PART_WEIGHT), (aid, 1.0)} <= tokens
    assert (aid, PART_WEIGHT) in tokens  # once as a part, once written out
    vard = analyze("vård")[0]
    assert vard in {t.text for t in swedish_analyzer()("sjukvårdsmaterial", mode="index")}


def test_stop_words_leave_their_gap() -> None:
    climate, demand = analyze("klimat krav")
    assert index_terms("klimat och krav") == [(climate, 0), (demand, 2)]


def test_query_analysis_does_not_split_compounds() -> None:
    assert analyze("innovationsupphandlingar") == ["innovationsupphandling"]


def test_words_that_are_not_compounds_stay_whole() -> None:
    assert index_terms("regering kontakta arbete") == [(analyze(w)[0], n) for n, w in
                                                       enumerate(["regering", "kontakta", "arbete"])]  # fmt: skip


def test_hyphenated_compounds_are_joined_but_words_written_apart_are_not() -> None:
    climate, demand, both = analyze("klimat krav klimatkrav")
    assert index_terms("klimat-krav") == [(climate, 0), (demand, 1), (both, PART_POSITIONS)]
    assert index_terms("klimat krav") == [(climate, 0), (demand, 1)]
    assert index_terms("klimat och krav") == [(climate, 0), (demand, 2)]
    assert index_terms("ESPD-systemet") == [(analyze("espd")[0], 0), (analyze("systemet")[0], 1)]


def test_compound_parts_keep_the_compound_offsets_for_highlighting() -> None:
    text = "en skolmåltid"
    spans = {(t.text, text[t.startchar:t.endchar])
             for t in swedish_analyzer()(text, chars=True, mode="index")}  # fmt: skip
    school, meal = analyze("skol måltid")
    assert (school, "skolmåltid") in spans and (meal, "skolmåltid") in spans
