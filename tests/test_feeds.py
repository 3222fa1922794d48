"""Following and taking away a search: the Atom feed, OpenSearch, and CSV and JSON downloads."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from flask.testing import FlaskClient

from indexer.config import DEFAULT_BASE_URL as BASE

from support import MAJA

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
TOPIC = "Hållbarhet och klimat"


def api_total(client: FlaskClient, **args: object) -> int:
    return client.get("/api/search", query_string=args).get_json()["total"]


def test_atom_feed_follows_a_search_newest_first(corpus: FlaskClient) -> None:
    response = corpus.get("/sok.atom", query_string={"q": "klimat", "ämne": TOPIC})
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == f"Pressarkiv: ”klimat” · Ämne: {TOPIC}"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == f"{BASE}/sok.atom?q=klimat&topic=H%C3%A5llbarhet+och+klimat"
    assert links["alternate"] == f"{BASE}/?q=klimat&topic=H%C3%A5llbarhet+och+klimat"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == api_total(corpus, q="klimat", topic=TOPIC) > 1
    published = [entry.findtext(f"{ATOM}published") for entry in entries]
    assert published == sorted(published, reverse=True)
    first = entries[0]
    release_url = first.find(f"{ATOM}link").get("href")
    assert release_url.startswith(f"{BASE}/release/")
    assert first.findtext(f"{ATOM}id") == release_url
    assert corpus.get(release_url.removeprefix(BASE)).status_code == 200
    assert "<mark>" in first.findtext(f"{ATOM}summary")  # HTML summary, escaped in the XML
    assert TOPIC in {category.get("term") for category in first.findall(f"{ATOM}category")}


def test_atom_feed_is_bounded_and_never_shows_an_undated_release_as_new(corpus: FlaskClient) -> None:
    feed = ET.fromstring(corpus.get("/sok.atom").data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    assert all(entry.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}published") for entry in entries)
    assert api_total(corpus, year="okänt") == 1
    undated = ET.fromstring(corpus.get("/sok.atom?year=okänt").data)
    assert undated.findall(f"{ATOM}entry") == []  # not given the build time as its date
    every = ET.fromstring(corpus.get("/sok.atom?q=frågelåda").data)  # the undated release's own word
    assert all(entry.findtext(f"{ATOM}published") for entry in every.findall(f"{ATOM}entry"))


def test_atom_feed_escapes_what_the_user_typed(corpus: FlaskClient) -> None:
    feed = ET.fromstring(corpus.get("/sok.atom", query_string={"q": "<b>&"}).data)
    assert feed.findtext(f"{ATOM}title") == "Pressarkiv: ”<b>&”"


def test_atom_feed_rejects_bad_parameters(corpus: FlaskClient) -> None:
    response = corpus.get("/sok.atom?page=abc")
    assert response.status_code == 400 and "Sidnumret" in response.text


def test_opensearch_description(corpus: FlaskClient) -> None:
    response = corpus.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(response.data)
    assert root.findtext(f"{OPENSEARCH}ShortName") == "Pressarkiv"
    templates = {url.get("type"): url.get("template") for url in root.findall(f"{OPENSEARCH}Url")}
    assert templates["text/html"] == f"{BASE}/?q={{searchTerms}}"
    assert templates["application/atom+xml"] == f"{BASE}/sok.atom?q={{searchTerms}}"
    assert templates["application/json"] == f"{BASE}/api/search?q={{searchTerms}}"


def test_csv_download_has_every_hit(corpus: FlaskClient) -> None:
    response = corpus.get("/sok.csv?q=upphandling&sort=oldest")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="pressarkiv-sokning.csv"'
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads UTF-8
    assert text.splitlines()[0] == (
        "\ufeffPublicerad;År;Rubrik;Ingress;Personer;Organisationer;Ämnen;Typ;Originalet;I Pressarkiv;Id"
    )  # ";": the list separator of Swedish Excel, which then opens the file in columns
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows) == api_total(corpus, q="upphandling") > 10
    dates = [row["Publicerad"] for row in rows if row["Publicerad"]]
    assert dates == sorted(dates)
    assert any(", " in row["Personer"] for row in rows)
    assert rows[0]["I Pressarkiv"] == f"{BASE}/release/{rows[0]['Id']}"
    release = corpus.get(f"/api/releases/{rows[0]['Id']}").get_json()
    assert rows[0]["Ingress"] == release["lead"] != ""


def test_csv_names_the_original_and_cannot_start_a_formula(corpus: FlaskClient) -> None:
    text = corpus.get("/sok.csv?q=klimatkrav").data.decode("utf-8").removeprefix("\ufeff")
    rows = {row["Id"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert (
        rows["r01_klimatkrav_fordon"]["Originalet"]
        == "https://pahittade-myndigheten.invalid/aktuellt/klimatkrav-fordon/"
    )
    from indexer.search.results import Hit
    from searchui.exports import csv_row

    hit = Hit("x", "=HYPERLINK(1)", None, None, None, [], [], [], "")
    with corpus.application.test_request_context():
        assert csv_row(hit, None)[2] == "'=HYPERLINK(1)"


def test_json_download_has_every_hit_and_the_search(corpus: FlaskClient) -> None:
    response = corpus.get("/sok.json", query_string={"person": MAJA, "from": "2016-01-01"})
    data = response.get_json()
    assert response.headers["Content-Disposition"] == 'attachment; filename="pressarkiv-sokning.json"'
    assert data["filters"] == {"person": [MAJA]} and data["date_from"] == "2016-01-01"
    assert data["total"] == len(data["hits"]) == api_total(corpus, person=MAJA, **{"from": "2016-01-01"})
    assert data["truncated"] is False
    assert all(MAJA in hit["persons"] and hit["published"] >= "2016-01-01" for hit in data["hits"])


def test_download_errors_match_their_format(corpus: FlaskClient) -> None:
    assert corpus.get("/sok.json?page=0").get_json()["error"]["status"] == 400
    response = corpus.get("/sok.csv?year=nyss")
    assert response.status_code == 400 and '<html lang="sv">' in response.text


@pytest.mark.parametrize("path", ["/sok.atom", "/opensearch.xml", "/sok.csv", "/sok.json"])
def test_feeds_and_downloads_send_security_headers(corpus: FlaskClient, path: str) -> None:
    headers = corpus.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers
