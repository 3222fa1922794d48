"""SearchRequest: one place that checks a search, and the iterator over all of a search's hits."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import indexer
from indexer import SearchError, SearchRequest
from indexer.facets import FACET_GROUPS, FACETS, facet_group
from indexer.search.request import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_LENGTH


@pytest.fixture(scope="module")
def index(corpus_app: Flask) -> Iterator[indexer.SearchIndex]:
    with indexer.open_index(corpus_app.config["INDEX_DIR"]) as opened:
        yield opened


def test_request_normalises_query_and_filters() -> None:
    request = SearchRequest(
        "  offentlig\u00a0 upphandling\x00 ", filters={"ämne": ["Innovation", " Innovation ", ""], "år": "2021"}
    )
    assert request.query == "offentlig upphandling"
    assert request.filters == {"year": ["2021"], "topic": ["Innovation"]}  # group order, aliases resolved
    assert request.start == 0
    assert SearchRequest(page=3, per_page=20).start == 40
    assert SearchRequest(page=3, offset=5).start == 5


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"query": "x" * (MAX_QUERY_LENGTH + 1)}, "Sökfrågan är för lång"),
        ({"query": 42}, "Sökfrågan måste vara text"),
        ({"page": 0}, "Sidnumret (page)"),
        ({"page": MAX_PAGE + 1}, "Sidnumret (page)"),
        ({"page": True}, "Sidnumret (page)"),
        ({"per_page": MAX_PER_PAGE + 1}, "per_page"),
        ({"offset": -1}, "offset"),
        ({"sort": "random"}, "Okänd sortering"),
        ({"filters": {"färg": ["röd"]}}, "Okänt filter ”färg”"),
        ({"filters": {"year": ["tjugohundra"]}}, "inget årtal"),
        ({"filters": {"person": [f"P{i}" for i in range(21)]}}, "Högst 20 val"),
        ({"date_from": dt.date(2022, 1, 1), "date_to": dt.date(2021, 1, 1)}, "Från-datumet"),
        ({"date_from": "2021-01-01"}, "date_from måste vara ett datum"),
    ],
)
def test_bad_request_names_the_parameter(fields: dict[str, object], message: str) -> None:
    with pytest.raises(SearchError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SearchRequest(**fields)  # type: ignore[arg-type]


def test_request_from_args_and_back() -> None:
    request = SearchRequest.from_args(
        {"q": "klimat", "ämne": ["Innovation"], "person": ["Inger Ek", "Åsa Olsson"], "from": "2021-01-01",
         "sort": "newest", "page": "2", "utm_source": "nyhetsbrev"}
    )  # fmt: skip
    assert request.date_from == dt.date(2021, 1, 1)
    assert request.to_args() == {
        "q": "klimat", "person": ["Inger Ek", "Åsa Olsson"], "topic": ["Innovation"],
        "from": "2021-01-01", "sort": "newest", "page": "2",
    }  # fmt: skip
    assert SearchRequest.from_args(request.to_args()) == request
    assert request.without("person", "Inger Ek").to_args()["person"] == ["Åsa Olsson"]
    assert request.adding("year", "2021").page == 1
    assert request.unfiltered().to_args() == {"q": "klimat", "sort": "newest"}
    assert request.description() == "”klimat” · Person: Inger Ek eller Åsa Olsson · Ämne: Innovation · från 2021-01-01"
    shared = SearchRequest.from_args({"q": "klimat", "färg": "röd", "ref": "nyhetsbrev", "_ga": "1", "msclkid": "x"})
    assert shared == SearchRequest("klimat") and shared.to_args() == {"q": "klimat"}  # unknown names are dropped
    with pytest.raises(SearchError, match="Okänd sortering"):
        SearchRequest.from_args({"sort": "färg", "färg": "röd"})  # a known name's bad value still is an error
    with pytest.raises(SearchError, match="ÅÅÅÅ-MM-DD"):
        SearchRequest.from_args({"to": "2021-02-30"})


PARAMETER_NAMES = st.sampled_from(["q", "page", "sort", "from", "to", "år", "ämne", "person", "year", "utm_x", "x"])


@given(st.dictionaries(PARAMETER_NAMES, st.lists(st.text(max_size=30), min_size=1, max_size=3), max_size=6))
def test_any_query_string_is_a_request_or_a_search_error(args: dict[str, list[str]]) -> None:
    try:
        request = SearchRequest.from_args(args)
    except SearchError as error:
        assert str(error) and len(str(error)) < 300
    else:
        assert SearchRequest.from_args(request.to_args()) == request


def test_facet_registry_defines_each_group_once() -> None:
    assert FACETS == ("year", "person", "organisation", "topic")
    assert [group.name for group in FACET_GROUPS] == list(FACETS)
    assert facet_group("ÅR") is facet_group("year")
    assert facet_group("amne") is facet_group("topic")
    assert facet_group("färg") is None
    year = facet_group("year")
    assert year is not None and year.value_label("okänt") == "Okänt år"
    values = ["2019", "okänt", "2021"]
    assert sorted(values, key=lambda v: year.sort_key(v, 1)) == ["2021", "2019", "okänt"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.sampled_from(["", "upphandling", "klimat", "klimatkrav OR innovation", "xyzzy"]),
    sort=st.sampled_from(["relevance", "newest", "oldest"]),
)
def test_iter_hits_lists_every_hit_in_the_search_order(index: indexer.SearchIndex, query: str, sort: str) -> None:
    request = SearchRequest(query, sort=sort, per_page=MAX_PER_PAGE)  # type: ignore[arg-type]
    results = index.search(request)
    every = index.iter_hits(request)
    hits = list(every)
    assert every.total == results.total == len(hits)
    assert [hit.id for hit in hits][: len(results.hits)] == [hit.id for hit in results.hits]
    assert all("<mark>" not in hit.snippet for hit in hits)  # no snippets: the opening of the text
    limited = list(index.iter_hits(request, limit=3))
    assert [hit.id for hit in limited] == [hit.id for hit in hits[:3]]


def test_iter_hits_reads_one_generation_across_a_swap(corpus_app: Flask, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(Path(corpus_app.config["INDEX_DIR"]), index_dir, symlinks=True)
    with indexer.open_index(index_dir) as index:
        every = index.iter_hits("", limit=None)
        first = next(every)
        before = (index_dir / "current").resolve()
        shutil.copytree(before, index_dir / "gen-99999999T999999999999")  # a later "generation"
        (index_dir / "current").unlink()
        (index_dir / "current").symlink_to("gen-99999999T999999999999")
        assert len(index) > 0  # the index moved on to the new generation
        rest = list(every)
        assert 1 + len(rest) == every.total
        assert len({first.id, *(hit.id for hit in rest)}) == every.total  # no hit twice, none lost


def test_search_index_accepts_a_request_or_its_fields(index: indexer.SearchIndex) -> None:
    by_request = index.search(SearchRequest("upphandling", sort="newest", per_page=5))
    by_fields = index.search("upphandling", sort="newest", per_page=5)
    assert by_request.to_dict() == by_fields.to_dict()
    with pytest.raises(SearchError, match="Okänd sökparameter"):
        index.search("upphandling", colour="red")
    assert isinstance(by_request.hits[0].published, dt.date | None)
    assert index.search(SearchRequest("upphandling", facets=False)).facets == {}
