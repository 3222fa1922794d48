"""The web UI through Flask's test client, over an index of the shipped corpus."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

import indexer
from indexer.config import DEFAULT_BASE_URL
from indexer.facets import FACET_GROUPS, FACETS, UNKNOWN_YEAR
from searchui import create_app
from searchui.formatting import hit_count, slugify, swedish_date
from searchui.params import parse_search_args
from searchui.views import page_numbers

from support import KARIN, MAJA

TRENDENS = "Trendens: Upphandla den effekt du vill ha!"
GRUNDEN = "Grunden lagd för rätt stöd i sunda offentliga affärer"
HIT_FIELDS = {
    "id", "title", "published", "year", "kind", "persons", "organisations", "topics", "snippet",
    "score", "match",
}  # fmt: skip


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
    assert re.search(r"Inger Ek&nbsp;<span class=\"facet-count\">\(2\)</span>", html)  # the count keeps to the name
    assert re.search(r"Åsa Olsson&nbsp;<span class=\"facet-count\">\(1\)</span>", html)
    for group in FACET_GROUPS:
        assert f"<legend>{group.label}</legend>" in html


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
    start = client.get("/").text  # no words: relevance lists the newest first, and says so
    assert '<option value="relevance" selected>Relevans (nyast först utan sökord)</option>' in start
    assert '<option value="newest">' in start  # so a query typed next is ranked by relevance


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
    [
        "page=abc",
        "page=-1",
        "page=0",
        "page=1.5",
        "page=5000",
        "sort=popular",
        "year=tjugo",
        "q=" + "a" * 10_000,
        "from=2021-02-30",
        "to=igår",
        "from=20210217",
        "from=2022-01-01&to=2021-01-01",
    ],  # fmt: skip
)
def test_bad_parameters_give_400_in_swedish(client: FlaskClient, query_string: str) -> None:
    response = client.get("/?" + query_string)
    assert response.status_code == 400
    assert '<html lang="sv">' in response.text
    assert "Felaktig sökning" in response.text
    assert "Traceback" not in response.text


def test_bad_page_message_is_specific(client: FlaskClient) -> None:
    assert "Sidnumret (page) måste vara ett heltal" in client.get("/?page=abc").text
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
    for slug in ("inger-ek", "tommy-levinsson", "mattias-johansson"):
        assert f'href="/person/{slug}"' in html


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
        "query", "total", "partial", "page", "per_page", "pages", "sort", "filters", "date_from",
        "date_to", "notice", "suggestion", "corrected", "hits", "facets",
    ]  # fmt: skip
    assert data["total"] == 2 and data["query"] == "upphandling"
    assert data["filters"] == {"person": ["Inger Ek"]}
    assert all(set(hit) == HIT_FIELDS for hit in data["hits"])
    assert "<mark>" in data["hits"][0]["snippet"]
    assert list(data["facets"]) == list(FACETS)
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
        "error": {"status": 400, "message": "Sidnumret (page) måste vara ett heltal från 1 till 1000."}
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
    assert params.to_args() == {"q": "offentlig upphandling", "person": ["Inger Ek"], "page": "2"}
    assert params.without("person", "Inger Ek").to_args() == {"q": "offentlig upphandling"}
    with pytest.raises(indexer.SearchError, match="Sidnumret"):
        parse_search_args(MultiDict({"page": "99999"}))


def test_page_numbers_window() -> None:
    assert page_numbers(1, 1) == [1]
    assert page_numbers(5, 20) == [1, None, 3, 4, 5, 6, 7, None, 20]
    assert page_numbers(2, 4) == [1, 2, 3, 4]


def api(client: FlaskClient, **args: object) -> dict:
    """``/api/search`` for these arguments (lists repeat a parameter)."""
    response = client.get("/api/search", query_string=args)
    assert response.status_code == 200, response.text
    return response.get_json()


def counts(data: dict, group: str) -> dict[str, int]:
    """A facet group's counts from an API answer."""
    return {value["value"]: value["count"] for value in data["facets"][group]}


def hit_ids(client: FlaskClient, **args: object) -> set[str]:
    """The ids of every hit of a search, from the JSON download."""
    return {hit["id"] for hit in client.get("/sok.json", query_string=args).get_json()["hits"]}


# Faceting


def test_two_persons_are_alternatives_and_their_counts_stay(corpus: FlaskClient) -> None:
    maja = api(corpus, q="upphandling", person=MAJA)
    both = api(corpus, q="upphandling", person=[MAJA, KARIN])
    union = hit_ids(corpus, q="upphandling", person=MAJA) | hit_ids(corpus, q="upphandling", person=KARIN)
    assert both["total"] == len(union) > maja["total"]
    assert counts(both, "person") == counts(maja, "person")  # a group's own filter is excluded
    assert counts(both, "year") != counts(maja, "year")
    html = corpus.get("/", query_string={"q": "upphandling", "person": [MAJA, KARIN]}).text
    assert status_text(html) == f"{both['total']} träffar för ”upphandling”"
    assert re.search(rf'name="person" value="{MAJA}" checked', html)
    assert re.search(rf'name="person" value="{KARIN}" checked', html)


def test_groups_must_all_match(corpus: FlaskClient) -> None:
    both = api(corpus, q="upphandling", person=[MAJA, KARIN], year="2020")
    assert both["total"] == counts(api(corpus, q="upphandling", person=[MAJA, KARIN]), "year")["2020"]
    assert all(hit["year"] == 2020 for hit in both["hits"])
    assert all({MAJA, KARIN} & set(hit["persons"]) for hit in both["hits"])


def test_long_facet_lists_show_the_top_ten_and_link_the_rest(corpus: FlaskClient) -> None:
    persons = api(corpus)["facets"]["person"]
    html = corpus.get("/").text
    group = html.split('id="facet-person"')[1].split("</fieldset>")[0]
    assert group.count('type="checkbox"') == 10 < len(persons)
    assert f'<a href="/filtrera/person">Visa alla {len(persons)} personer</a>' in group
    years = html.split('id="facet-year"')[1].split("</fieldset>")[0]
    assert years.count('type="checkbox"') == len(api(corpus)["facets"]["year"])  # every year
    last = persons[-1]["value"]
    chosen = corpus.get("/", query_string={"person": last}).text
    group = chosen.split('id="facet-person"')[1].split("</fieldset>")[0]
    assert group.count('type="checkbox"') == 11
    assert re.search(rf'name="person" value="{last}" checked', group)  # a chosen value is always shown
    assert f'href="/filtrera/person?{urlencode({"person": last})}"' in group


def test_a_facet_groups_full_list_keeps_the_rest_of_the_search(corpus: FlaskClient) -> None:
    persons = api(corpus, q="upphandling", year="2020")["facets"]["person"]
    response = corpus.get("/filtrera/person", query_string={"q": "upphandling", "year": "2020", "page": "3"})
    html = response.text
    assert response.status_code == 200
    form = html.split('class="facet-list-form"')[1].split("</form>")[0]
    assert form.count('type="checkbox"') == len(persons)
    assert '<input type="hidden" name="q" value="upphandling">' in form
    assert '<input type="hidden" name="year" value="2020">' in form
    assert 'name="page"' not in form  # a new choice starts at page one
    assert '<button type="submit" class="button">Visa träffar</button>' in form
    assert 'href="/?q=upphandling&amp;year=2020&amp;page=3">Till sökningen</a>' in html
    assert corpus.get("/filtrera/farg").status_code == 404
    assert corpus.get("/filtrera/%C3%A4mne").status_code == 404  # the canonical name only


def test_person_list_can_be_narrowed_by_typing_when_javascript_runs(corpus: FlaskClient) -> None:
    html = corpus.get("/filtrera/person").text
    box = re.search(r'<div class="facet-filter" hidden>(.*?)</div>', html, re.S)
    assert box and 'data-facet-filter="facet-person"' in box.group(1)
    assert "name=" not in box.group(1), "the filter box must not be sent with the search"
    assert '<label for="facet-filter-person">' in box.group(1)
    assert "data-facet-filter" not in corpus.get("/filtrera/topic").text


def test_years_are_listed_newest_first_with_the_unknown_year_last(corpus: FlaskClient) -> None:
    years = [value["value"] for value in api(corpus)["facets"]["year"]]
    assert years == [str(y) for y in range(2025, 2014, -1)] + [UNKNOWN_YEAR]


def test_swedish_parameter_names_are_accepted_and_links_use_the_canonical_ones(
    corpus: FlaskClient,
) -> None:
    topic = "Hållbarhet och klimat"
    canonical = api(corpus, topic=topic)["total"]
    for alias in ("ämne", "amne", "Ämne"):
        assert api(corpus, **{alias: topic})["total"] == canonical
    html = corpus.get("/", query_string={"år": "2016"}).text
    assert re.search(r'name="year" value="2016" checked', html)
    assert f'<link rel="canonical" href="{DEFAULT_BASE_URL}/?year=2016">' in html


@pytest.mark.parametrize(
    "extra",
    ["ref=nyhetsbrev", "mc_cid=abc&mc_eid=def", "_ga=2.1234", "msclkid=x", "utm_source=nyhetsbrev&fbclid=abc",
     "sprak=sv"],
)  # fmt: skip
def test_unknown_parameters_of_shared_links_are_ignored_and_dropped(corpus: FlaskClient, extra: str) -> None:
    plain = corpus.get("/?q=upphandling&person=" + MAJA)
    shared = corpus.get(f"/?q=upphandling&{extra}&person=" + MAJA)
    assert shared.status_code == 200
    assert status_text(shared.text) == status_text(plain.text)
    assert f'<link rel="canonical" href="{DEFAULT_BASE_URL}/?q=upphandling&amp;person=Maja+Fiktivsson">' in shared.text
    name = extra.split("=")[0]
    assert not re.search(rf"[?&;]{name}=", shared.text.replace("&amp;", "&"))  # no link carries it on
    for path in ("/api/search", "/sok.atom", "/sok.csv", "/sok.json"):
        assert corpus.get(f"{path}?{extra}").status_code == 200, path


def test_a_bad_value_of_a_known_parameter_is_still_a_400(corpus: FlaskClient) -> None:
    response = corpus.get("/?q=upphandling&ref=nyhetsbrev&page=noll")
    assert response.status_code == 400 and "Sidnumret (page)" in response.text


# Dates


def test_date_range_narrows_and_shows_as_chips(corpus: FlaskClient) -> None:
    data = api(corpus, **{"from": "2020-01-01", "to": "2020-12-31"})
    assert data["total"] == counts(api(corpus), "year")["2020"]
    assert data["date_from"] == "2020-01-01" and data["date_to"] == "2020-12-31"
    html = corpus.get("/?from=2020-01-01&to=2020-12-31").text
    assert 'type="date" id="from" name="from" value="2020-01-01"' in html
    assert '<label for="to">Till och med</label>' in html
    assert "Från och med 1 januari 2020" in html and "Till och med 31 december 2020" in html
    assert 'href="/?to=2020-12-31"' in html  # the chip that removes the start date


def test_bad_dates_are_explained(corpus: FlaskClient) -> None:
    response = corpus.get("/?from=2021-02-30")
    assert response.status_code == 400
    assert "Från och med: ”2021-02-30” är inget giltigt datum" in response.text
    reversed_range = corpus.get("/api/search?from=2022-01-01&to=2021-01-01")
    assert reversed_range.status_code == 400
    assert "före till-datumet" in reversed_range.get_json()["error"]["message"]


# The search page


def test_chips_remove_one_filter_and_clear_all_keeps_the_query(corpus: FlaskClient) -> None:
    html = corpus.get("/", query_string={"q": "upphandling", "person": [MAJA, KARIN], "year": "2020"}).text
    chips = html.split('class="chips"')[1].split("</ul>")[0]
    assert chips.count('class="chip"') == 3
    assert 'Person: Maja Fiktivsson<span class="visually-hidden"> – ta bort filtret</span>' in chips
    assert 'href="/?q=upphandling&amp;person=Maja+Fiktivsson&amp;person=Karin+Testberg"' in chips
    assert '<a href="/?q=upphandling">Rensa alla' in html


def test_values_in_a_hit_link_their_pages_and_lead_back(corpus: FlaskClient) -> None:
    html = corpus.get("/", query_string={"q": "klimatkrav", "person": MAJA, "page": "1"}).text
    hits = html.split('class="hits"')[1]
    back = "sok=q%3Dklimatkrav%26person%3DMaja%2BFiktivsson"
    assert f'<a href="/person/fatima-exempelqvist?{back}">Fatima Exempelqvist</a>' in hits
    assert f'<a href="/amne/hallbarhet-och-klimat?{back}">Hållbarhet och klimat</a>' in hits
    assert f'<a href="/organisation/pahittade-myndigheten?{back}">Påhittade myndigheten</a>' in hits
    assert re.search(rf'<a href="/release/r\w+\?{back}">', hits)
    assert ">sida<" not in html  # one link per value, which says where it leads


def test_sort_orders(corpus: FlaskClient) -> None:
    newest = [hit["published"] for hit in api(corpus, q="upphandling", sort="newest")["hits"]]
    oldest = [hit["published"] for hit in api(corpus, q="upphandling", sort="oldest")["hits"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)
    assert newest[0] > oldest[0]


def test_pagination_links_keep_the_search(corpus: FlaskClient) -> None:
    total = api(corpus, q="upphandling")["total"]
    pages = -(-total // 10)
    first = corpus.get("/?q=upphandling&sort=newest").text
    assert 'aria-label="Sidor"' in first
    assert 'rel="next" href="/?q=upphandling&amp;sort=newest&amp;page=2"' in first
    assert 'aria-current="page"' in first and 'rel="prev"' not in first
    last = corpus.get(f"/?q=upphandling&sort=newest&page={pages}").text
    assert last.count('class="hit"') == total - 10 * (pages - 1)
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert f'<ol class="hits" start="{10 * (pages - 1) + 1}">' in last


def test_no_hits_offers_the_spelling_and_ways_out(corpus: FlaskClient) -> None:
    args = {"q": "klimatkarv", "year": "2015", "person": KARIN, "autocorrect": "0"}
    html = corpus.get("/", query_string=args).text
    assert status_text(html).startswith("Inga träffar för ”klimatkarv”")
    assert 'Menade du <a href="/?q=klimatkrav&amp;year=2015&amp;person=Karin+Testberg">klimatkrav</a>?' in html
    assert 'href="/?q=klimatkarv&amp;person=Karin+Testberg&amp;autocorrect=0">söka i alla år</a>' in html
    assert 'href="/?q=klimatkarv&amp;autocorrect=0">söka utan filter</a>' in html


def test_a_query_without_hits_is_searched_as_corrected_with_one_message(corpus: FlaskClient) -> None:
    html = corpus.get("/", query_string={"q": "klimatkarv"}).text
    total = api(corpus, q="klimatkrav")["total"]
    assert status_text(html).startswith(f"{total} träffar för ”klimatkrav”")  # no count for ”klimatkarv”
    assert (
        "Visar träffar för ”klimatkrav”. Sök i stället efter "
        '<a href="/?q=klimatkarv&amp;autocorrect=0">”klimatkarv”</a>.' in html
    )
    assert "Menade du" not in html and html.count('class="notice"') == 1
    data = api(corpus, q="klimatkarv")
    assert data["corrected"] and data["suggestion"] == "klimatkrav" and data["query"] == "klimatkarv"


def test_partial_matches_follow_under_their_own_heading(corpus: FlaskClient) -> None:
    html = corpus.get("/", query_string={"q": "inflation elpriser"}).text
    data = api(corpus, q="inflation elpriser")
    assert data["total"] == 1 and data["partial"] >= 1
    assert status_text(html).startswith("1 träff för ”inflation elpriser” med alla orden")
    every, partial = html.split('<h3 class="partial-heading">Träffar med några av orden</h3>')
    assert every.count('class="hit"') == 1 and partial.count('class="hit"') == len(data["hits"]) - 1
    assert '<ol class="hits" start="2">' in partial
    assert [hit["match"] for hit in data["hits"]] == ["all"] + ["partial"] * (len(data["hits"]) - 1)


def test_timeline_counts_each_year_in_order_and_links_set_the_year(corpus: FlaskClient) -> None:
    years = counts(api(corpus, q="upphandling", person=KARIN), "year")
    html = corpus.get("/", query_string={"q": "upphandling", "person": KARIN, "year": "2020"}).text
    timeline = html.split('class="timeline"')[1].split("</section>")[0]
    shown = re.findall(r'<span class="timeline-year">(\d{4})</span>', timeline)
    assert shown == [str(y) for y in range(int(max(years)), int(min(years)) - 1, -1)]  # newest first
    assert f'aria-label="2022: {years["2022"]} träffar"' in timeline
    assert re.search(r'<span class="timeline-item">\s*<span class="timeline-year">2019<', timeline)  # no hits: no link
    assert 'href="/?q=upphandling&amp;year=2022&amp;person=Karin+Testberg"' in timeline
    assert re.search(rf'{years["2020"]}<span class="visually-hidden"> träffar \(valt\)</span>', timeline)
    assert 'aria-current="true"' in timeline


def test_index_build_time_is_shown_in_stockholm_time(corpus: FlaskClient, corpus_app: Flask) -> None:
    with corpus_app.app_context():
        from searchui.index import get_index

        built = get_index().built_at.astimezone(ZoneInfo("Europe/Stockholm"))
    html = corpus.get("/").text
    assert "senast uppdaterat <time datetime=" in html
    assert f"{swedish_date(built.date())} kl. {built:%H.%M}</time>" in html


def test_search_page_offers_feed_search_engine_and_downloads(corpus: FlaskClient) -> None:
    html = corpus.get("/", query_string={"q": "klimat", "topic": "Innovation"}).text
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/sok.atom?q=klimat&amp;topic=Innovation"' in html
    assert '<link rel="search" type="application/opensearchdescription+xml"' in html
    assert 'href="/sok.csv?q=klimat&amp;topic=Innovation" download' in html
    assert 'href="/sok.json?q=klimat&amp;topic=Innovation" download' in html


# Release, person and topic pages


def test_release_page_notes_curated_values_and_links_the_original(corpus: FlaskClient) -> None:
    html = corpus.get("/release/r01_klimatkrav_fordon").text
    note = '<span class="edited">(Datum angivet av redaktör)</span>'
    assert f'<time datetime="2016-04-15">15 april 2016</time> {note}' in html
    assert '<a href="https://pahittade-myndigheten.invalid/aktuellt/klimatkrav-fordon/">' in html
    assert "(Adressen angiven av redaktör)" in html
    assert html.count('class="edited"') == 2
    assert '<a href="/person/maja-fiktivsson">Maja Fiktivsson</a>, generaldirektör' in html
    assert '<a href="/amne/hallbarhet-och-klimat">Hållbarhet och klimat</a>' in html
    assert "<blockquote><p>– Fordonen står för" in html
    assert '<ul class="release-list">' in html


def test_release_page_lists_similar_releases(corpus: FlaskClient) -> None:
    data = corpus.get("/api/releases/r01_klimatkrav_fordon").get_json()
    html = corpus.get("/release/r01_klimatkrav_fordon").text
    assert 1 <= len(data["similar"]) <= 5 and "r01_klimatkrav_fordon" not in {h["id"] for h in data["similar"]}
    similar = html.split('id="liknande"')[1]
    for hit in data["similar"]:
        assert f'href="/release/{hit["id"]}"' in similar
    assert data["edited"] == {
        "published": "Datum angivet av redaktör",
        "url": "Adressen angiven av redaktör",
    }
    assert data["url"].startswith("https://") and data["provenance"]["published"] == "sidecar"


def test_person_page_groups_releases_by_year_and_shows_roles(corpus: FlaskClient) -> None:
    response = corpus.get("/person/maja-fiktivsson")
    html = response.text
    total = api(corpus, person=MAJA)["total"]
    assert response.status_code == 200
    assert "<h1>Maja Fiktivsson</h1>" in html
    assert f"Nämns i {total} pressmeddelanden." in html
    roles = html.split('class="role-periods"')[1].split("</ul>")[0]
    assert roles.count("<li>") == 1  # "generaldirektör" and "generaldirektör på …" are one role
    assert '<span class="role-name">generaldirektör</span>, Påhittade myndigheten' in roles
    headings = re.findall(r'<h3 class="year-heading">(\d{4})', html)
    assert headings == sorted(headings, reverse=True) and "2016" in headings
    assert html.split('id="pressmeddelanden"')[1].count('href="/release/') == min(total, 50)
    assert 'href="/?year=2016&amp;person=Maja+Fiktivsson&amp;sort=newest"' in html  # timeline
    common = corpus.get("/api/persons/maja-fiktivsson").get_json()["related"]["topic"][0]["value"]
    assert f'<a href="/amne/{slugify(common)}">{common}</a>' in html


def test_person_json_twin(corpus: FlaskClient) -> None:
    data = corpus.get("/api/persons/maja-fiktivsson").get_json()
    assert list(data) == ["name", "slug", "total", "page", "pages", "roles", "timeline", "related", "years"]
    assert data["name"] == MAJA and data["total"] == sum(len(y["releases"]) for y in data["years"])
    assert data["page"] == data["pages"] == 1
    assert data["roles"][0] == {
        "role": "generaldirektör", "organisations": ["Påhittade myndigheten"], "first": data["roles"][0]["first"],
        "last": data["roles"][0]["last"], "releases": data["total"],
    }  # fmt: skip
    assert data["roles"][0]["first"] < data["roles"][0]["last"]
    assert [c["year"] for c in data["timeline"]][:2] == ["2015", "2016"]


def test_topic_page_and_its_json_twin(corpus: FlaskClient) -> None:
    total = api(corpus, topic="Hållbarhet och klimat")["total"]
    html = corpus.get("/amne/hallbarhet-och-klimat").text
    assert "<h1>Hållbarhet och klimat</h1>" in html
    assert f"Ämnet för {total} pressmeddelanden." in html
    assert "Roller över tid" not in html
    assert '<a href="/person/fatima-exempelqvist">Fatima Exempelqvist</a>' in html
    data = corpus.get("/api/topics/hallbarhet-och-klimat").get_json()
    assert list(data) == ["name", "slug", "total", "page", "pages", "timeline", "related", "years"]
    assert data["total"] == total and "person" in data["related"]


@pytest.mark.parametrize("path", ["/person/ingen-alls", "/amne/inget-alls", "/person/"])
def test_unknown_person_or_topic_is_a_404(corpus: FlaskClient, path: str) -> None:
    response = corpus.get(path)
    assert response.status_code == 404 and "Sidan finns inte" in response.text


@pytest.mark.parametrize("path", ["/api/persons/ingen-alls", "/api/topics/inget-alls"])
def test_unknown_person_or_topic_is_a_json_404(corpus: FlaskClient, path: str) -> None:
    response = corpus.get(path)
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404


def test_slugs_fold_swedish_letters() -> None:
    assert slugify("Åsa Ölund-Ärlig") == "asa-olund-arlig"
    assert slugify("Små företag och leverantörer") == "sma-foretag-och-leverantorer"


# The accessibility statement, footers, headers and static files


def test_accessibility_statement_follows_diggs_structure_with_the_configured_contact(corpus: FlaskClient) -> None:
    html = corpus.get("/tillganglighet").text
    assert "<h1>Tillgänglighets&shy;redogörelse</h1>" in html  # the long word can break at the compound
    headings = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
    assert headings == [
        "Hur tillgänglig är webbplatsen?", "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet", "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet", "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ]  # fmt: skip
    assert "<strong>delvis förenlig</strong>" in html and "helt uppfyller" not in html
    assert html.count('href="mailto:tillganglighet@example.invalid"') == 3  # two sections and the footer
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    assert re.search(r'Senaste bedömningen gjordes den <time datetime="\d{4}-\d{2}-\d{2}">', html)
    assert "självskattning" in html and "WCAG 2.1" in html
    assert "example.se" not in html


def test_without_a_contact_nothing_made_up_is_shown(tmp_path: Path, corpus_app: Flask) -> None:
    app = create_app({"INDEX_DIR": corpus_app.config["INDEX_DIR"], "TESTING": True})
    assert app.config["PRESSARKIV_CONTACT"] is None
    html = app.test_client().get("/tillganglighet").text
    assert "mailto:" not in html and "Frågor om Pressarkiv" not in html
    assert "har ingen kontaktadress angiven" in html and 'href="https://www.digg.se/tdosanmalan"' in html
    form = create_app({"INDEX_DIR": tmp_path, "PRESSARKIV_CONTACT": "https://myndigheten.invalid/kontakt",
                       "PRESSARKIV_OPERATOR": "Påhittade myndigheten"})  # fmt: skip
    assert form.config["PRESSARKIV_OPERATOR"] == "Påhittade myndigheten"
    with pytest.raises(indexer.ConfigError, match="PRESSARKIV_CONTACT: ”webbplats” är varken"):
        create_app({"INDEX_DIR": tmp_path, "PRESSARKIV_CONTACT": "webbplats"})


def test_contact_and_operator_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSARKIV_CONTACT", "tillganglighet@myndigheten.invalid")
    monkeypatch.setenv("PRESSARKIV_OPERATOR", "Påhittade myndigheten")
    app = create_app({"INDEX_DIR": tmp_path})
    assert app.config["PRESSARKIV_CONTACT"] == "tillganglighet@myndigheten.invalid"
    with app.test_request_context():
        from flask import render_template

        html = render_template("accessibility.html", assessed=dt.date(2026, 1, 1), updated=dt.date(2026, 1, 1))
    assert "Påhittade myndigheten står bakom Pressarkiv" in html
    assert 'href="mailto:tillganglighet@myndigheten.invalid"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/release/r01_klimatkrav_fordon",
        "/person/maja-fiktivsson",
        "/tillganglighet",
        "/finns-inte",
    ],
)
def test_every_page_links_the_statement_and_sends_security_headers(corpus: FlaskClient, path: str) -> None:
    response = corpus.get(path)
    assert '<a href="/tillganglighet">Tillgänglighetsredogörelse</a>' in response.text
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), "inline script"
    assert "style=" not in response.text


def test_static_files_are_fingerprinted_and_cached_long(corpus: FlaskClient) -> None:
    html = corpus.get("/").text + corpus.get("/filtrera/person").text
    for name in ("style.css", "refine.js", "facet-filter.js", "favicon.svg"):
        match = re.search(rf'/static/{re.escape(name)}\?v=([0-9a-f]{{12}})"', html)
        assert match, name
        fresh = corpus.get(f"/static/{name}?v={match.group(1)}")
        assert fresh.status_code == 200
        assert "max-age=31536000" in fresh.headers["Cache-Control"] and "immutable" in fresh.headers["Cache-Control"]
        assert "max-age=31536000" not in corpus.get(f"/static/{name}?v=000000000000").headers["Cache-Control"]
        assert fresh.headers["X-Content-Type-Options"] == "nosniff"


def test_user_text_is_escaped_everywhere(corpus: FlaskClient) -> None:
    evil = '<img src=x onerror=alert(1)>"'
    html = corpus.get("/", query_string={"q": evil, "person": evil}).text
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


PARAM_NAMES = st.sampled_from(["q", "year", "person", "topic", "from", "to", "sort", "page", "ämne", "år", "x"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(args=st.lists(st.tuples(PARAM_NAMES, st.text(max_size=30)), max_size=5))
def test_no_parameters_give_a_server_error(corpus_app: Flask, args: list[tuple[str, str]]) -> None:
    client = corpus_app.test_client()
    for path in ("/", "/api/search", "/sok.atom", "/sok.csv"):
        response = client.get(path, query_string=MultiDict(args))
        assert response.status_code in (200, 400), (path, args)
        assert "Traceback" not in response.text


def test_release_page_shows_organisations_and_the_words_behind_each_topic(
    corpus: FlaskClient,
) -> None:
    data = corpus.get("/api/releases/r01_klimatkrav_fordon").get_json()
    html = corpus.get("/release/r01_klimatkrav_fordon").text
    assert data["organisations"] and data["topic_triggers"], "the corpus names both"
    for organisation in data["organisations"]:
        assert f'<a href="/organisation/{slugify(organisation)}">{organisation}</a>' in html
    for words in data["topic_triggers"].values():
        assert "Utlöst av orden: " + ", ".join(f"<q>{word}</q>" for word in words) in html


def test_hits_and_facets_cover_every_facet_group(corpus: FlaskClient) -> None:
    data = api(corpus, q="klimatkrav")
    html = corpus.get("/?q=klimatkrav").text
    for key in FACETS:
        assert f'id="facet-{key}"' in html
    organisation = next(org for hit in data["hits"] for org in hit["organisations"])
    assert re.search(rf'name="organisation" value="{re.escape(organisation)}"', html)
    assert f'href="/organisation/{slugify(organisation)}?sok=q%3Dklimatkrav"' in html


# The way back, light pages, organisation pages, roles (issue 15)


@pytest.mark.parametrize(
    "sok",
    ["//evil.example/", "https://evil.example/?q=x", "javascript:alert(1)", "q=x&page=noll", "%ZZ", "x" * 9000],
)
def test_the_way_back_leads_only_to_this_sites_search(corpus: FlaskClient, sok: str) -> None:
    html = corpus.get("/release/r01_klimatkrav_fordon", query_string={"sok": sok}).text
    back = re.search(r'<p class="back-link"><a href="([^"]*)">Till sökningen</a>', html)
    assert back and back.group(1).startswith("/") and not back.group(1).startswith("//")
    assert "evil" not in html and "javascript:" not in html


def test_the_way_back_keeps_query_filters_and_page(corpus: FlaskClient) -> None:
    sok = "q=klimatkrav&person=Maja+Fiktivsson&year=2016&sort=oldest&page=2&ref=nyhetsbrev"
    html = corpus.get("/person/fatima-exempelqvist", query_string={"sok": sok}).text
    back = "/?q=klimatkrav&amp;year=2016&amp;person=Maja+Fiktivsson&amp;sort=oldest&amp;page=2"
    assert f'<a href="{back}">Till sökningen</a>' in html
    carried = "sok=q%3Dklimatkrav%26year%3D2016%26person%3DMaja%2BFiktivsson%26sort%3Doldest%26page%3D2"
    assert 'href="/release/r' in html and f"?{carried}" in html  # its links carry it on
    assert f'<link rel="canonical" href="{DEFAULT_BASE_URL}/person/fatima-exempelqvist">' in html


def test_a_release_reached_from_a_search_marks_its_words(corpus: FlaskClient) -> None:
    html = corpus.get("/release/r01_klimatkrav_fordon?sok=q%3Dklimatkrav").text
    article = html.split("<article")[1].split("</article>")[0]
    assert "<mark>klimatkrav</mark>" in article and "<mark>Klimatkraven</mark>" in article
    assert "är <mark>markerade</mark> i texten" in article
    plain = corpus.get("/release/r01_klimatkrav_fordon").text.split("<article")[1].split("</article>")[0]
    assert "<mark>" not in plain and "markerade" not in plain
    unfound = corpus.get("/release/r01_klimatkrav_fordon?sok=q%3Dzzyzxqqw").text
    assert "markerade" not in unfound  # no note where nothing is marked


def test_organisation_page_and_its_json_twin(corpus: FlaskClient) -> None:
    total = api(corpus, organisation="Påhittade myndigheten")["total"]
    html = corpus.get("/organisation/pahittade-myndigheten").text
    assert "<h1>Påhittade myndigheten</h1>" in html and f"Nämns i {total} pressmeddelanden." in html
    assert 'href="/api/organisations/pahittade-myndigheten"' in html
    data = corpus.get("/api/organisations/pahittade-myndigheten").get_json()
    assert list(data) == ["name", "slug", "total", "page", "pages", "timeline", "related", "years"]
    assert data["total"] == total > 50 and data["pages"] == 2
    assert sum(len(year["releases"]) for year in data["years"]) == 50
    second = corpus.get("/api/organisations/pahittade-myndigheten?page=2").get_json()
    assert sum(len(year["releases"]) for year in second["years"]) == total - 50
    assert corpus.get("/api/organisations/ingen-alls").status_code == 404
    assert corpus.get("/api/organisations/pahittade-myndigheten?page=noll").status_code == 400
    assert corpus.get("/organisation/pahittade-myndigheten?page=noll").status_code == 400


def test_roles_that_differ_only_by_the_organisation_are_one() -> None:
    from indexer.search.results import RoleMention
    from searchui.pages import role_periods

    day = dt.date
    mentions = [
        RoleMention("a", day(2024, 5, 1), "generaldirektör Upphandlingsmyndigheten"),
        RoleMention("b", day(2023, 1, 1), "Generaldirektör"),
        RoleMention("c", day(2021, 2, 1), "Upphandlingsmyndighetens generaldirektör"),
        RoleMention("d", day(2019, 3, 1), "generaldirektör på Kammarkollegiet"),
        RoleMention("e", day(2018, 1, 1), "enhetschef vid Kammarkollegiet"),
        RoleMention("f", None, None),
    ]
    periods = role_periods(mentions, ["Upphandlingsmyndigheten"])
    assert [(p.role, p.organisations, p.first, p.last, p.releases) for p in periods] == [
        ("generaldirektör", ["Upphandlingsmyndigheten", "Kammarkollegiet"], day(2019, 3, 1), day(2024, 5, 1), 4),
        ("enhetschef", ["Kammarkollegiet"], day(2018, 1, 1), day(2018, 1, 1), 1),
    ]


def test_pages_are_sent_compressed(corpus: FlaskClient) -> None:
    import gzip

    response = corpus.get("/?q=upphandling", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    assert "träffar för ”upphandling”" in gzip.decompress(response.data).decode("utf-8")
    plain = corpus.get("/?q=upphandling")
    assert "Content-Encoding" not in plain.headers and len(response.data) < len(plain.data) / 4
    for path in ("/sok.csv", "/sok.atom", "/api/search"):
        assert corpus.get(path, headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"


def test_the_spelling_notice_never_contradicts_the_count(corpus: FlaskClient) -> None:
    corrected = corpus.get("/?q=klimatkarv").text
    assert status_text(corrected).endswith("för ”klimatkrav”")  # the hits shown are for the correction
    assert "Visar träffar för ”klimatkrav”" in corrected and "Menade du" not in corrected
    none = corpus.get("/", query_string={"q": "klimatkarv", "year": "2015", "person": KARIN}).text
    assert status_text(none) == "Inga träffar för ”klimatkarv”"
    assert "Visar träffar för" not in none and "Menade du" in none  # no promise of hits that are not there


def test_serving_with_a_bad_contact_stops_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from searchui.__main__ import main

    monkeypatch.setenv("PRESSARKIV_CONTACT", "nej")
    assert main(["--index", str(tmp_path / "index"), "--data", str(tmp_path)]) == 2
    assert "PRESSARKIV_CONTACT: ”nej” är varken en e-postadress" in capsys.readouterr().err
