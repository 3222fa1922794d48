"""A forged ``Host`` header never reaches a link: absolute URLs come from the configured address.

Before, the canonical link, the Atom feed, ``/opensearch.xml`` and the addresses
in downloads were made from the request's own host, so anyone could have them
point at a host of their choosing.
"""

from __future__ import annotations

import pytest
from flask import Flask

from indexer.config import BASE_URL_ENV, DEFAULT_BASE_URL, ConfigError
from searchui import create_app
from searchui.__main__ import main

FORGED = "angripare.example"
#: Every page with absolute links, and one with relative links only.
PAGES = ["/?q=klimat", "/sok.atom?q=klimat", "/opensearch.xml", "/sok.json?q=klimat", "/sok.csv?q=klimat",
         "/release/r01_klimatkrav_fordon", "/api/search?q=klimat"]  # fmt: skip


def bodies(app: Flask, host: str = FORGED) -> dict[str, str]:
    with app.test_client() as client:
        answers = {page: client.get(page, headers={"Host": host}) for page in PAGES}
    assert all(answer.status_code == 200 for answer in answers.values())
    return {page: answer.get_data(as_text=True) + str(answer.headers) for page, answer in answers.items()}


def test_a_forged_host_gets_links_to_the_default_address(corpus_app: Flask) -> None:
    for page, body in bodies(corpus_app).items():
        assert FORGED not in body, page
    found = bodies(corpus_app)
    assert f'<link rel="canonical" href="{DEFAULT_BASE_URL}/?q=klimat">' in found["/?q=klimat"]
    assert f"{DEFAULT_BASE_URL}/sok.atom?q={{searchTerms}}" in found["/opensearch.xml"]
    assert f'"url":"{DEFAULT_BASE_URL}/release/' in found["/sok.json?q=klimat"].replace(": ", ":")
    assert f"{DEFAULT_BASE_URL}/release/" in found["/sok.atom?q=klimat"]


@pytest.mark.parametrize("host", [FORGED, "127.0.0.1:8000", "[::1]", "värd.example"])
def test_a_configured_address_is_the_only_one_in_links(corpus_app: Flask, host: str) -> None:
    app = create_app({**corpus_app.config, "PRESSARKIV_BASE_URL": "https://pressarkiv.example.se/arkiv/"})
    found = bodies(app, host)
    assert all(host not in body for body in found.values())
    assert '<link rel="canonical" href="https://pressarkiv.example.se/arkiv/?q=klimat">' in found["/?q=klimat"]
    assert 'template="https://pressarkiv.example.se/arkiv/opensearch.xml"' in found["/opensearch.xml"]
    assert "https://pressarkiv.example.se/arkiv/release/" in found["/sok.csv?q=klimat"]


def test_the_address_comes_from_the_environment_when_not_given(corpus_app: Flask, monkeypatch) -> None:
    monkeypatch.setenv(BASE_URL_ENV, "https://miljo.example.se")
    app = create_app({key: value for key, value in corpus_app.config.items() if key != "PRESSARKIV_BASE_URL"})
    assert '<link rel="canonical" href="https://miljo.example.se/?q=klimat">' in bodies(app)["/?q=klimat"]


@pytest.mark.parametrize("address", ["pressarkiv.example.se", "ftp://x.example", "https://a.example/?q=1", "https://"])
def test_an_address_that_is_none_is_refused(address: str, capsys) -> None:
    with pytest.raises(ConfigError, match=BASE_URL_ENV):
        create_app({"PRESSARKIV_BASE_URL": address})
    assert main(["--base-url", address, "--port", "0"]) == 2
    assert BASE_URL_ENV in capsys.readouterr().err


@pytest.mark.parametrize("page", ["/", "/api/search", "/release/x", "/finns-inte"])
def test_a_host_that_cannot_be_read_is_400_without_a_page(corpus_app: Flask, page: str) -> None:
    with corpus_app.test_client() as client:
        response = client.get(page, headers={"Host": "x" * 300})
    assert response.status_code == 400 and response.mimetype == "text/plain" and "Host" in response.text
