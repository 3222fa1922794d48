"""The web UI through Flask's test client, over an index of the shipped corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

import indexer.build
import indexer.config
from indexer.results import UNKNOWN_YEAR
from searchui import create_app
from searchui.formatting import hit_count, swedish_date
from searchui.params import ParameterError, parse_search_args
from searchui.views import page_numbers

TRENDENS = "Trendens: Upphandla den effekt du vill ha!"
GRUNDEN = "Grunden lagd för rätt stöd i sunda offentliga affärer"
HIT_FIELDS = {"id", "title", "published", "year", "kind", "persons", "organisations", "topics", "snippet", "score"}


def release_id(client: FlaskClient, title: str) -> str:
    """The id of the release with this title, found through the JSON API."""
    hits = client.get("/api/search").get_json()["hits"]
    return next(hit["id"] for hit in hits if hit["title"] == title)


def status_text(html: str) -> str:
    """The text of the page's ``role="status"`` region."""
    match = re.search(r'role="status">(.*?)</p>', html, re.S)
    assert match, "no status region"
    return match.group(1).strip()


# The search page


def test_search_page_is_swedish_with_landmarks(client: FlaskClient) -> None:
    response = client.get("/")
    html = response.text
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    for landmark in ("<header", "<main", "<footer"):
        assert landmark in html
    assert 'href="#innehall"' in html and 'id="innehall"' in html
    assert '<label for="q"' in html
    assert "2 träffar" == status_text(html)
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"


def test_query_shows_hits_with_marked_snippets(client: FlaskClient) -> None:
    html = client.get("/?q=upphandling").text
    assert status_text(html) == "2 träffar för ”upphandling”"
    assert TRENDENS in html
    assert GRUNDEN in html
    assert re.search(r"<mark>upphandling\w*</mark>", html, re.I)
    assert 'value="upphandling"' in html
    assert "17 februari 2021" in html
    assert "Datum saknas" in html


def test_facet_counts_are_shown(client: FlaskClient) -> None:
    html = client.get("/?q=upphandling").text
    assert re.search(r"Inger Ek <span class=\"facet-count\">\(2\)</span>", html)
    assert re.search(r"Åsa Olsson <span class=\"facet-count\">\(1\)</span>", html)
    for legend in ("<legend>År</legend>", "<legend>Person</legend>", "<legend>Ämne</legend>"):
        assert legend in html


def test_unknown_year_facet_has_a_readable_label(client: FlaskClient) -> None:
    html = client.get("/").text
    assert f'name="year" value="{UNKNOWN_YEAR}"' in html
    assert "Okänt år" in html


def test_person_filter_narrows_and_stays_ticked(client: FlaskClient) -> None:
    html = client.get("/", query_string={"q": "upphandling", "person": "Åsa Olsson"}).text
    assert status_text(html) == "1 träff för ”upphandling”"
    assert GRUNDEN in html and "Trendens" not in html.split('class="hits"')[1]
    assert re.search(r'name="person" value="Åsa Olsson" checked', html)
    assert "Valda filter" in html


def test_year_filter(client: FlaskClient) -> None:
    html = client.get("/?year=2021").text
    assert status_text(html) == "1 träff"
    assert "17 februari 2021" in html
    unknown = client.get(f"/?year={UNKNOWN_YEAR}").text
    assert status_text(unknown) == "1 träff"
    assert GRUNDEN in unknown


def test_no_hits_gives_a_way_out(client: FlaskClient) -> None:
    html = client.get("/?q=zzyzxqqw").text
    assert status_text(html) == "Inga träffar för ”zzyzxqqw”"
    assert "visa alla pressmeddelanden" in html


def test_page_past_the_end_links_back(client: FlaskClient) -> None:
    response = client.get("/?q=upphandling&page=5")
    assert response.status_code == 200
    assert "Sidan 5 finns inte" in response.text
    assert "Gå till första sidan" in response.text


def test_sort_is_kept_in_the_form(client: FlaskClient) -> None:
    html = client.get("/?q=upphandling&sort=oldest").text
    assert '<option value="oldest" selected>' in html


def test_query_is_escaped(client: FlaskClient) -> None:
    response = client.get("/", query_string={"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


def test_pages_send_a_strict_content_security_policy(client: FlaskClient) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize(
    "query_string",
    ["page=abc", "page=-1", "page=0", "page=1.5", "page=5000", "sort=popular", "year=tjugo",
     "q=" + "a" * 10_000],  # fmt: skip
)
def test_bad_parameters_give_400_in_swedish(client: FlaskClient, query_string: str) -> None:
    response = client.get("/?" + query_string)
    assert response.status_code == 400
    assert '<html lang="sv">' in response.text
    assert "Felaktig sökning" in response.text
    assert "Traceback" not in response.text


def test_bad_page_message_is_specific(client: FlaskClient) -> None:
    assert "Sidnumret måste vara ett heltal" in client.get("/?page=abc").text
    assert "Okänd sortering" in client.get("/?sort=popular").text


# The release page


def test_release_page_keeps_structure(client: FlaskClient) -> None:
    response = client.get(f"/release/{release_id(client, GRUNDEN)}")
    html = response.text
    assert response.status_code == 200
    assert f"<h1>{GRUNDEN}</h1>" in html
    assert "Datum saknas" in html
    assert "Pressmeddelande" in html
    assert "<li>Branschdialoger om livsmedel.</li>" in html
    assert "08-586 217 85" in html and 'href="tel:0858621785"' in html
    assert "Åsa Olsson</a>" in html
    assert "kommunikationschef" in html


def test_release_page_shows_date_and_persons(client: FlaskClient) -> None:
    html = client.get(f"/release/{release_id(client, TRENDENS)}").text
    assert '<time datetime="2021-02-17">17 februari 2021</time>' in html
    for person in ("Inger Ek", "Tommy Levinsson", "Mattias Johansson"):
        assert f'href="/?person={person.replace(" ", "+")}"' in html


def test_unknown_release_is_a_swedish_404(client: FlaskClient) -> None:
    response = client.get("/release/finns-inte")
    assert response.status_code == 404
    assert '<html lang="sv">' in response.text
    assert "Sidan finns inte" in response.text
    assert "Traceback" not in response.text


def test_unknown_path_is_a_swedish_404(client: FlaskClient) -> None:
    response = client.get("/ingenting/har")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


# The JSON API


def test_api_search_returns_the_results_record(client: FlaskClient) -> None:
    response = client.get("/api/search?q=upphandling&person=Inger Ek")
    data = response.get_json()
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert list(data) == [
        "query", "total", "page", "per_page", "pages", "sort", "filters", "date_from",
        "date_to", "notice", "suggestion", "hits", "facets",
    ]  # fmt: skip
    assert data["total"] == 2 and data["query"] == "upphandling"
    assert data["filters"] == {"person": ["Inger Ek"]}
    assert all(set(hit) == HIT_FIELDS for hit in data["hits"])
    assert "<mark>" in data["hits"][0]["snippet"]
    assert list(data["facets"]) == ["year", "person", "organisation", "topic"]
    assert {"value": "Åsa Olsson", "count": 1, "selected": False} in data["facets"]["person"]


def test_api_release(client: FlaskClient) -> None:
    ident = release_id(client, TRENDENS)
    data = client.get(f"/api/releases/{ident}").get_json()
    assert data["id"] == ident
    assert data["title"] == TRENDENS
    assert data["published"] == "2021-02-17"
    assert any(block["kind"] == "list" for block in data["body"])


@pytest.mark.parametrize("path", ["/api/releases/finns-inte", "/api/nothing"])
def test_api_404_is_json(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["status"] == 404 and error["message"]


def test_api_400_is_json(client: FlaskClient) -> None:
    response = client.get("/api/search?page=abc")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {"status": 400, "message": "Sidnumret måste vara ett heltal, 1 eller större."}
    }


def test_missing_index_is_a_503_not_a_traceback(tmp_path: Path) -> None:
    client = create_app({"INDEX_DIR": tmp_path / "saknas", "TESTING": True}).test_client()
    page = client.get("/")
    assert page.status_code == 503 and "Sökindexet är inte byggt" in page.text
    assert client.get("/api/search").get_json()["error"]["status"] == 503


def test_unexpected_errors_are_a_swedish_500(tmp_path: Path) -> None:
    app = create_app({"INDEX_DIR": tmp_path, "TESTING": True})

    def boom() -> str:
        raise RuntimeError("hemlig detalj")

    app.add_url_rule("/boom", view_func=boom)
    app.add_url_rule("/api/boom", endpoint="api_boom", view_func=boom)
    client = app.test_client()
    page = client.get("/boom")
    assert page.status_code == 500
    assert "Något gick fel" in page.text and "hemlig detalj" not in page.text
    assert client.get("/api/boom").get_json()["error"]["status"] == 500


def test_wrong_method_is_answered_in_swedish(client: FlaskClient) -> None:
    response = client.post("/")
    assert response.status_code == 405
    assert "Metoden stöds inte" in response.text


# Properties: no query string ever breaks the server


QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(['"', "'", "(", ")", "[", "]", "{", "}", "*", "?", "~", "^", ":", "-",
                         "+", "AND", "OR", "NOT", "ANDNOT", " ", "upphandling", "Ek", "å", "\\"]),
        max_size=12,
    ).map("".join),
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERIES)
def test_no_query_gives_a_server_error(app: Flask, query: str) -> None:
    client = app.test_client()
    page = client.get("/", query_string={"q": query})
    api = client.get("/api/search", query_string={"q": query})
    assert page.status_code in (200, 400)
    assert api.status_code in (200, 400)
    if api.status_code == 200:
        assert isinstance(api.get_json()["total"], int)


# The small helpers behind the page


def test_hit_count_words() -> None:
    assert hit_count(0) == "Inga träffar"
    assert hit_count(1) == "1 träff"
    assert hit_count(2, "upphandling") == "2 träffar för ”upphandling”"
    assert hit_count(12345) == "12\u00a0345 träffar"


def test_swedish_date() -> None:
    assert swedish_date("2021-02-17") == "17 februari 2021"
    assert swedish_date(None) == "Datum saknas"


def test_params_are_parsed_and_urls_are_stable() -> None:
    params = parse_search_args(
        MultiDict([("q", "  offentlig   upphandling "), ("person", "Inger Ek"),
                   ("person", "Inger Ek"), ("topic", ""), ("page", "2")])
    )  # fmt: skip
    assert params.query == "offentlig upphandling"
    assert params.filters == {"person": ["Inger Ek"]}
    assert params.url_args() == {"q": "offentlig upphandling", "person": ["Inger Ek"], "page": 2}
    assert params.without("person", "Inger Ek").url_args() == {"q": "offentlig upphandling"}
    with pytest.raises(ParameterError):
        parse_search_args({"page": "99999"})


def test_page_numbers_window() -> None:
    assert page_numbers(1, 1) == [1]
    assert page_numbers(5, 20) == [1, None, 3, 4, 5, 6, 7, None, 20]
    assert page_numbers(2, 4) == [1, 2, 3, 4]


# Pagination and long facet lists, over a made-up corpus of many releases


@pytest.fixture(scope="module")
def many_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """A client over 23 made-up releases from 12 different years."""
    data = tmp_path_factory.mktemp("many")
    for number in range(1, 24):
        year = 2000 + number % 12
        (data / f"r{number:02}.txt").write_text(
            f"Provmeddelande nummer {number}\n\nPublicerad 3 mars {year}\n\n"
            f"Ingress om upphandling av kontorsmaterial, del {number}.\n\n"
            "Brödtext om offentlig upphandling och ramavtal.\n",
            encoding="utf-8",
        )
    settings = indexer.config.resolve(
        data_dir=data,
        index_dir=data / "index",
        topics_file=indexer.config.INDEX_DATA / "topics.toml",
    )
    indexer.build.rebuild(settings)
    return create_app({"INDEX_DIR": settings.index_dir, "TESTING": True}).test_client()


def test_pagination_links_keep_the_search(many_client: FlaskClient) -> None:
    first = many_client.get("/?q=upphandling&sort=newest").text
    assert status_text(first) == "23 träffar för ”upphandling”"
    assert 'aria-label="Sidor"' in first
    assert 'rel="next" href="/?q=upphandling&amp;sort=newest&amp;page=2"' in first
    assert 'href="/?q=upphandling&amp;sort=newest&amp;page=3"' in first
    assert 'aria-current="page"' in first and 'rel="prev"' not in first
    last = many_client.get("/?q=upphandling&sort=newest&page=3").text
    assert last.count('class="hit"') == 3
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert '<ol class="hits" start="21">' in last


def test_long_facet_lists_fold_but_keep_selected_values_open(many_client: FlaskClient) -> None:
    html = many_client.get("/").text
    assert "Visa fler (4)" in html
    assert '<details class="more">' in html
    oldest = many_client.get("/?year=2000").text
    assert '<details class="more" open>' in oldest
    assert re.search(r'name="year" value="2000" checked', oldest)
