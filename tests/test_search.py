"""The public search API over an index of the shipped corpus: stemming, facets, paging."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import indexer
from indexer import SearchError, SearchIndex
from indexer.config import Settings
from indexer.search.ranking import among

TRENDENS = "000_caf244de97195c71"
ANNUAL_REPORT = "002_4fac543e6dcf2c96"


@pytest.fixture(scope="module")
def index(index_settings: Settings) -> Iterator[SearchIndex]:
    with indexer.open_index(index_settings.index_dir) as opened:
        yield opened


def ids(results: indexer.SearchResults) -> list[str]:
    return [hit.id for hit in results.hits]


def all_words(results: indexer.SearchResults) -> list[str]:
    """The hits with all the words: without the partial matches that follow them."""
    return [hit.id for hit in results.hits if hit.match == "all"]


def counts(results: indexer.SearchResults, group: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[group]}


def test_stemming_finds_inflected_forms(index: SearchIndex) -> None:
    assert set(ids(index.search("upphandlingar"))) == {TRENDENS, ANNUAL_REPORT}
    assert ids(index.search("klimatmålen")) == [TRENDENS]
    assert ids(index.search("kundgrupperna")) == [ANNUAL_REPORT]


def test_all_words_are_required_and_partial_matches_follow(index: SearchIndex) -> None:
    results = index.search("pandemi upphandling")
    assert ids(results) == [TRENDENS, ANNUAL_REPORT] and results.notice is None
    assert [hit.match for hit in results.hits] == ["all", "partial"]
    assert results.total == 1 and results.partial == 1
    assert results.to_dict()["hits"][1]["match"] == "partial" and results.to_dict()["partial"] == 1


def test_when_no_release_has_all_words_the_ones_with_some_are_shown_as_partial(index: SearchIndex) -> None:
    results = index.search("pandemi årsredovisning")
    assert set(ids(results)) == {TRENDENS, ANNUAL_REPORT} and results.total == 0 and results.partial == 2
    assert {hit.match for hit in results.hits} == {"partial"}


def test_partial_matches_only_fill_a_page_and_keep_the_filters(index: SearchIndex) -> None:
    assert ids(index.search("pandemi upphandling", per_page=1)) == [TRENDENS]  # a full page of all-words hits
    assert ids(index.search("pandemi upphandling", filters={"year": ["2021"]})) == [TRENDENS]
    assert index.search('"pandemi" upphandling').partial == 0  # not a plain query of words
    assert index.search("pandemi").partial == 0


def test_phrase_query_keeps_word_order(index: SearchIndex) -> None:
    assert set(ids(index.search('"offentliga affärer"'))) == {TRENDENS, ANNUAL_REPORT}
    assert ids(index.search('"affärer offentliga"')) == []


def test_title_match_ranks_first(index: SearchIndex) -> None:
    assert ids(index.search("sunda affärer"))[0] == ANNUAL_REPORT


def test_person_facet_counts_and_filter(index: SearchIndex) -> None:
    results = index.search("upphandling")
    assert results.total == 2
    assert counts(results, "person") == {
        "Inger Ek": 2, "Åsa Olsson": 1, "Tommy Levinsson": 1, "Mattias Johansson": 1,
    }  # fmt: skip
    assert counts(results, "year") == {"2021": 1, "okänt": 1}
    narrowed = index.search("upphandling", filters={"person": ["Åsa Olsson"]})
    assert ids(narrowed) == [ANNUAL_REPORT]
    assert counts(narrowed, "year") == {"okänt": 1}
    # A group's own filter does not narrow its counts, so the user can widen again.
    assert counts(narrowed, "person")["Tommy Levinsson"] == 1
    assert [v.value for v in narrowed.facets["person"] if v.selected] == ["Åsa Olsson"]


def test_values_of_one_group_are_alternatives_and_groups_combine(index: SearchIndex) -> None:
    either = index.search("", filters={"person": ["Åsa Olsson", "Tommy Levinsson"]})
    assert set(ids(either)) == {TRENDENS, ANNUAL_REPORT}
    both = index.search("", filters={"person": ["Åsa Olsson"], "year": ["2021"]})
    assert both.total == 0 and both.hits == []


def test_year_filter_and_unknown_year(index: SearchIndex) -> None:
    assert ids(index.search("", filters={"year": ["2021"]})) == [TRENDENS]
    assert ids(index.search("", filters={"year": ["okänt"]})) == [ANNUAL_REPORT]
    assert [v.value for v in index.search("").facets["year"]] == ["2021", "okänt"]


def test_topic_filter_narrows(index: SearchIndex) -> None:
    every = index.search("")
    topic, count = next((v.value, v.count) for v in every.facets["topic"])
    assert index.search("", filters={"topic": [topic]}).total == count


def test_unknown_facet_value_matches_nothing(index: SearchIndex) -> None:
    results = index.search("upphandling", filters={"person": ["Ingen Alls"]})
    assert results.total == 0
    assert [(v.value, v.count) for v in results.facets["person"] if v.selected] == [("Ingen Alls", 0)]


def test_empty_query_lists_everything_newest_first(index: SearchIndex) -> None:
    results = index.search("")
    assert results.sort == "newest"
    assert ids(results) == [TRENDENS, ANNUAL_REPORT]
    assert ids(index.search("", sort="oldest")) == [TRENDENS, ANNUAL_REPORT]  # undated last


def test_pagination(index: SearchIndex) -> None:
    first = index.search("upphandling", per_page=1)
    second = index.search("upphandling", per_page=1, page=2)
    assert first.pages == 2 and first.total == 2
    assert len(first.hits) == len(second.hits) == 1
    assert first.hits[0].id != second.hits[0].id
    assert index.search("upphandling", per_page=1, page=3).hits == []


def test_hit_fields_and_marked_snippet(index: SearchIndex) -> None:
    (hit,) = index.search("kemikalieinspektionen").hits
    assert hit.id == ANNUAL_REPORT
    assert hit.title == "Grunden lagd för rätt stöd i sunda offentliga affärer"
    assert hit.published is None and hit.year is None and hit.kind == "Pressmeddelande"
    assert set(hit.persons) == {"Inger Ek", "Åsa Olsson"}
    assert "<mark>Kemikalieinspektionen</mark>" in hit.snippet
    data = hit.to_dict()
    assert set(data) >= {"id", "title", "published", "year", "persons", "topics", "snippet"}


def test_snippet_is_escaped_html(make_index: Callable[[dict[str, str]], SearchIndex]) -> None:
    small = make_index({"x": "Rubrik\n\nText om <script>alert(1)</script> och upphandling."})
    (hit,) = small.search("upphandling").hits
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert "<mark>upphandling</mark>" in hit.snippet


@pytest.mark.parametrize("query", ['"oavslutad', "(((", "AND", "OR NOT", "och", "*", "upphandl*", ")"])
def test_queries_whoosh_cannot_parse_never_raise(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert results.total >= 0
    if query in ("(((", "AND", "OR NOT", "och", ")"):
        assert results.total == 0 and results.notice


def test_prefix_query_highlights_expansions(index: SearchIndex) -> None:
    results = index.search("kemikalie*")
    assert ids(results) == [ANNUAL_REPORT]
    assert "<mark>" in results.hits[0].snippet


@pytest.mark.parametrize(
    "kwargs",
    [{"page": 0}, {"page": 10_000}, {"per_page": 0}, {"per_page": 1000}, {"sort": "popular"},
     {"filters": {"colour": ["red"]}}],
)  # fmt: skip
def test_bad_parameters_raise_search_error(index: SearchIndex, kwargs: dict) -> None:
    with pytest.raises(SearchError):
        index.search("upphandling", **kwargs)


def test_too_long_query_raises_search_error(index: SearchIndex) -> None:
    with pytest.raises(SearchError, match="för lång"):
        index.search("upphandling " * 50)


def test_get_release(index: SearchIndex) -> None:
    release = index.get(ANNUAL_REPORT)
    assert release is not None and release.contacts[0].phone == "08-586 217 85"
    assert {(p.name, p.role) for p in release.persons} >= {("Åsa Olsson", release.persons[1].role)}
    assert index.get("finns-inte") is None


def test_json_shape(index: SearchIndex) -> None:
    data = index.search("upphandling").to_dict()
    assert set(data) >= {"total", "hits", "facets"}
    assert set(data["facets"]) == {"year", "person", "organisation", "topic"}
    assert all(set(v) == {"value", "count", "selected"} for v in data["facets"]["person"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.lists(
        st.sampled_from(list('abcåäö ()"*?-+:^~\\[]{}') + ["upphandling", "AND", "OR", "NOT", " OCH "]),
        max_size=30,
    ).map("".join)
)
def test_any_query_string_gives_results(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert 0 <= results.total <= 2 and results.total + results.partial <= 2
    assert len(results.hits) == min(results.total + results.partial, 10)


@pytest.fixture(scope="module")
def compound_index(make_index: Callable[[dict[str, str]], SearchIndex]) -> SearchIndex:
    return make_index({
        "whole": "Klimatkrav i upphandlingen\n\nRegionen ställer klimatkrav på alla leverantörer.",
        "hyphen": "Nya klimat-krav\n\nKommunen skriver klimat-krav i avtalen.",
        "part": "Klimat och krav\n\nVårt klimat påverkar våra krav på transporter.",
        "innovation": "Innovationsupphandling av vård\n\nRegionen gör en innovationsupphandling.",
        "meals": "Bättre skolmåltider\n\nEleverna får nya skolmåltider i höst.",
    })  # fmt: skip


def test_part_queries_find_compounds(compound_index: SearchIndex) -> None:
    assert "innovation" in ids(compound_index.search("upphandling"))
    assert "meals" in ids(compound_index.search("måltid"))
    assert {"whole", "hyphen", "part"} <= set(ids(compound_index.search("klimat")))


def test_compound_query_finds_hyphenated_form_but_not_separate_words(compound_index: SearchIndex) -> None:
    assert set(ids(compound_index.search("klimatkrav"))) == {"whole", "hyphen"}


def test_phrase_queries_still_match_exactly(compound_index: SearchIndex) -> None:
    assert ids(compound_index.search('"gör en innovationsupphandling"')) == ["innovation"]
    assert ids(compound_index.search('"innovationsupphandling regionen"')) == []


def test_matched_compound_part_is_marked_in_the_snippet(compound_index: SearchIndex) -> None:
    (hit,) = compound_index.search("innovation").hits
    assert "<mark>innovationsupphandling</mark>" in hit.snippet


# The query language and spelling help


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("upphandling -pandemi", [ANNUAL_REPORT]),
        ("pandemi ELLER kemikalieinspektionen", [TRENDENS, ANNUAL_REPORT]),
        ("pandemi OR kemikalieinspektionen", [TRENDENS, ANNUAL_REPORT]),
        ("upphandling OCH pandemi", [TRENDENS]),
        ("upphandling INTE pandemi", [ANNUAL_REPORT]),
        ("upphandling NOT pandemi", [ANNUAL_REPORT]),
        ("titel:trendens", [TRENDENS]),
        ("rubrik:affärer", [ANNUAL_REPORT]),
        ('person:"Åsa Olsson"', [ANNUAL_REPORT]),
        ("person:levinsson", [TRENDENS]),
        ("år:2021", [TRENDENS]),
        ("year:2021", [TRENDENS]),
        ("år:2017..2020", []),
        ("år:2020..2022", [TRENDENS]),
        ("år:..2022 upphandling", [TRENDENS]),
        ("år:okänt", [ANNUAL_REPORT]),
    ],
)
def test_query_language(index: SearchIndex, query: str, expected: list[str]) -> None:
    assert sorted(all_words(index.search(query))) == sorted(expected)


def test_topic_field_query(index: SearchIndex) -> None:
    topic = index.get(ANNUAL_REPORT).topics[0]
    assert ANNUAL_REPORT in ids(index.search(f'ämne:"{topic}"'))


def test_unknown_field_names_are_words(index: SearchIndex) -> None:
    assert all_words(index.search("Trendens: Upphandla")) == [TRENDENS]
    assert ids(index.search("record:kemikalieinspektionen")) == [ANNUAL_REPORT]


def test_misspelled_query_is_corrected_and_searched(index: SearchIndex) -> None:
    results = index.search("upphandlnig")
    assert results.suggestion == "upphandling" and results.corrected and results.searched == "upphandling"
    assert results.total == 2
    assert results.notice == "Visar träffar för ”upphandling”. Sök i stället efter ”upphandlnig”."
    assert index.search("Kemikalieinspecktionen").suggestion == "Kemikalieinspektionen"
    assert index.search("Kemikalieinspektionn").suggestion is None  # its stem matches
    assert index.search("Inger Eck").suggestion == "Inger Ek"


def test_the_query_as_typed_can_be_searched_without_correction(index: SearchIndex) -> None:
    results = index.search("upphandlnig", autocorrect=False)
    assert results.total == 0 and not results.corrected and results.notice is None
    assert results.suggestion == "upphandling"  # still offered: “Menade du …?”


def test_inflected_and_known_words_are_not_corrected(index: SearchIndex) -> None:
    assert index.search("upphandlingarnas").suggestion is None
    assert index.search("upphandling").suggestion is None
    assert index.search("år:2021 ELLER pandemi").suggestion is None


def test_a_correct_swedish_word_the_corpus_lacks_is_never_replaced(index: SearchIndex) -> None:
    results = index.search("takt")  # a word of hunspell-sv; the corpus has "tagit", "tack" …
    assert results.suggestion is None and results.total == 0 and not results.corrected


# Ranking


@pytest.fixture(scope="module")
def ranking_index(make_index: Callable[[dict[str, str]], SearchIndex]) -> SearchIndex:
    filler = " ".join(["Texten handlar om annat."] * 8)
    return make_index({
        "near": f"Rapport\n\nPublicerad 1 mars 2020\n\nNya ramavtal för möbler. {filler}",
        "far": f"Rapport\n\nPublicerad 1 mars 2020\n\nNya ramavtal. {filler} Om möbler.",
        "cyklar2015": "Samma text\n\nPublicerad 1 mars 2015\n\nKommunen köper cyklar.",
        "cyklar2024": "Samma text\n\nPublicerad 1 mars 2024\n\nRegionen köper cyklar.",
    })  # fmt: skip


def test_words_near_each_other_rank_first(ranking_index: SearchIndex) -> None:
    assert ids(ranking_index.search("ramavtal möbler")) == ["near", "far"]


@given(st.sets(st.integers(0, 300)), st.lists(st.integers(-5, 305), max_size=40))
def test_among_is_membership_in_an_ascending_array(ascending: set[int], values: list[int]) -> None:
    known, asked = np.array(sorted(ascending), dtype=np.int64), np.array(values, dtype=np.int64)
    assert among(asked, known).tolist() == [value in ascending for value in values]


def test_recency_breaks_ties(ranking_index: SearchIndex) -> None:
    # Equal scores; the older one is indexed first, yet the newer one ranks first.
    assert ids(ranking_index.search("cyklar")) == ["cyklar2024", "cyklar2015"]
    assert ids(ranking_index.search("cyklar", sort="oldest")) == ["cyklar2015", "cyklar2024"]


# Date ranges, similar releases, facet values and roles (for the web pages)


def test_date_range_keeps_dated_releases_within_it(index: SearchIndex) -> None:
    import datetime as dt

    inside = index.search("", date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31))
    assert ids(inside) == [TRENDENS]
    assert inside.to_dict()["date_from"] == "2021-01-01"
    assert index.search("", date_to=dt.date(2020, 12, 31)).total == 0
    with pytest.raises(SearchError, match="före"):
        index.search("", date_from=dt.date(2022, 1, 1), date_to=dt.date(2021, 1, 1))


def test_similar_releases(index: SearchIndex) -> None:
    assert [hit.id for hit in index.similar(TRENDENS)] == [ANNUAL_REPORT]
    assert index.similar("finns-inte") == []


def test_values_of_a_facet_group_over_the_whole_index(index: SearchIndex) -> None:
    assert [(v.value, v.count) for v in index.values("person")][:1] == [("Inger Ek", 2)]
    with pytest.raises(SearchError):
        index.values("colour")


def test_roles_of_a_person_newest_first(index: SearchIndex) -> None:
    roles = index.roles("Inger Ek")
    assert [r.release_id for r in roles] == [TRENDENS, ANNUAL_REPORT]
    assert roles[1].role == "generaldirektör Upphandlingsmyndigheten"
    assert index.roles("Ingen Alls") == []


def test_organisation_facet_and_filter(index: SearchIndex) -> None:
    results = index.search("")
    organisations = counts(results, "organisation")
    assert organisations["Upphandlingsmyndigheten"] == 2
    assert organisations["Kemikalieinspektionen"] == 1
    assert ids(index.search("", filters={"organisation": ["Kemikalieinspektionen"]})) == [ANNUAL_REPORT]
    assert ids(index.search("organisation:kemikalieinspektionen")) == [ANNUAL_REPORT]
    (hit,) = index.search("kemikalieinspektionen").hits
    assert "Kemikalieinspektionen" in hit.organisations


def test_topic_triggers_are_kept_with_the_release(index: SearchIndex) -> None:
    release = index.get(TRENDENS)
    assert release.topics and set(release.topic_triggers) == set(release.topics)
    assert all(release.topic_triggers[topic] for topic in release.topics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.lists(
        st.sampled_from(["upphandling", "pandemi", "kemikalieinspektionen", "Inger", "Ek", "stöd", "-effekt",
                         "OR", "AND", "NOT", "ELLER", "(", ")", '"offentliga affärer"', "upphandl*", "titel:affärer",
                         "år:2021", "person:olsson", "xyz"]),
        min_size=1, max_size=6,
    ).map(" ".join)
)  # fmt: skip
def test_matches_and_scores_agree_with_whoosh(index: SearchIndex, query: str) -> None:
    from indexer.search.matching import QueryEvaluator
    from indexer.search.query import parse_query

    searcher = index._current().searcher
    parsed = parse_query(query, searcher.reader())
    found = QueryEvaluator(searcher).evaluate(parsed)
    assert set(np.flatnonzero(found.docs).tolist()) == set(searcher.docs_for_query(parsed))
    whoosh_scores = {hit.docnum: hit.score for hit in searcher.search(parsed, limit=None)}
    assert whoosh_scores == pytest.approx({d: found.scores[d] for d in whoosh_scores}, rel=1e-4)


def test_prefixes_and_wildcards_have_a_bounded_cost(index: SearchIndex) -> None:
    from whoosh.query import Or, Term

    from indexer.search.query import MAX_EXPANSIONS, parse_query

    reader = index._current().searcher.reader()
    bounded = parse_query("upphandl*", reader)
    assert all(isinstance(leaf, Term) for leaf in bounded.leaves())
    assert all(len(clause.subqueries) <= MAX_EXPANSIONS for clause in bounded.subqueries if isinstance(clause, Or))
    assert index.search("upphandl*").total == 2
    assert index.search("*").notice and index.search("?*").total == 0
    assert parse_query("up*", reader) == parse_query("up", reader)  # too short: the letters alone


@pytest.fixture(scope="module")
def parts_index(make_index: Callable[[dict[str, str]], SearchIndex]) -> SearchIndex:
    return make_index({
        "word": "Nytt stöd\n\nPublicerad 1 mars 2024\n\nRegionen ger stöd till föreningarna i länet.",
        "part": "Nya regler\n\nPublicerad 1 mars 2024\n\nRegionen följer statsstödsreglerna i länet.",
        "care": "Material\n\nPublicerad 1 mars 2024\n\nRegionen köper sjukvårdsmaterial i länet.",
        "meal": "Kök\n\nPublicerad 1 mars 2024\n\nKommunen bildar en måltidsenhet i länet.",
        "lunch": "Lunch\n\nPublicerad 1 mars 2024\n\nSkolan serverar en god måltid varje dag.",
        "goal": "Resultat\n\nPublicerad 1 mars 2024\n\nKommunen når sitt mål i år.",
    })  # fmt: skip


def test_parts_of_parts_are_found_and_the_word_itself_ranks_first(parts_index: SearchIndex) -> None:
    assert ids(parts_index.search("stöd")) == ["word", "part"]  # written out beats a part of a part
    assert ids(parts_index.search("statsstöd")) == ["part"]
    assert ids(parts_index.search("vård")) == ["care"]
    assert sorted(ids(parts_index.search("måltid"))) == ["lunch", "meal"]  # måltids + enhet, not mål + tidsenhet
    assert ids(parts_index.search('"stöd"')) == ["word"]  # a quoted word is the word, not a part


def test_a_lexicalised_word_is_found_by_none_of_its_letters_parts(parts_index: SearchIndex) -> None:
    assert ids(parts_index.search("mål")) == ["goal"]  # neither måltid nor måltidsenhet
    assert parts_index.search("tid").total == 0
