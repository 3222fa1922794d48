"""Shared fixtures: one index built from the shipped corpus, and the web app over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from flask.testing import FlaskClient

import indexer
import indexer.config
import indexer.index.build
from indexer.config import Settings
from indexer.language.compounds import CACHE_ENV
from searchui import create_app

from support import CHROMIUM, CHROMIUM_ARGS, CORPUS, SHIPPED_RELEASES, SIDECAR, UNDATED, live_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session", autouse=True)
def dictionary_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Expanded Hunspell dictionaries in pytest's cache folder (kept between runs), never in $HOME."""
    cache = getattr(request.config, "cache", None)
    directory = cache.mkdir("pressarkiv-dictionaries") if cache else tmp_path_factory.mktemp("dicts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(directory))
        yield directory


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose index is built once per session from ``index_data/releases``."""
    settings = indexer.config.resolve(
        data_dir=SHIPPED_RELEASES,
        index_dir=tmp_path_factory.mktemp("index") / "index",
        topics_file=indexer.config.DEFAULT_TOPICS,
    )
    indexer.index.build.rebuild(settings)
    return settings


@pytest.fixture(scope="session")
def make_index(
    tmp_path_factory: pytest.TempPathFactory, index_settings: Settings
) -> Iterator[Callable[[dict[str, str]], indexer.SearchIndex]]:
    """A factory: an open index over releases given as ``{id: text in the plain-text format}``."""
    opened: list[indexer.SearchIndex] = []

    def make(texts: dict[str, str]) -> indexer.SearchIndex:
        data = tmp_path_factory.mktemp("releases")
        for name, text in texts.items():
            (data / f"{name}.txt").write_text(text, encoding="utf-8")
        settings = indexer.resolve(data_dir=data, index_dir=data / "index", topics_file=index_settings.topics_file)
        indexer.rebuild(settings)
        opened.append(indexer.open_index(settings.index_dir))
        return opened[-1]

    yield make
    for index in opened:
        index.close()


@pytest.fixture(scope="session")
def app(index_settings: Settings) -> Flask:
    """The web app over the session's index."""
    return create_app(
        {
            "TESTING": True,
            "INDEX_DIR": index_settings.index_dir,
            "DATA_DIR": index_settings.data_dir,
        }
    )


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """A Flask test client for one test."""
    with app.test_client() as test_client:
        yield test_client


@pytest.fixture(scope="session")
def corpus_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app over the fictional corpus; built once per run even when several modules ask."""
    root = tmp_path_factory.getbasetemp() / "web-corpus"
    settings = indexer.config.resolve(
        data_dir=root / "releases",
        index_dir=root / "index",
        topics_file=indexer.config.DEFAULT_TOPICS,
    )
    if not (root / "built").exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        for source in CORPUS.glob("*.txt"):
            (settings.data_dir / source.name).write_bytes(source.read_bytes())
        (settings.data_dir / "x01_odaterad.txt").write_text(UNDATED, encoding="utf-8")
        (settings.data_dir / "r01_klimatkrav_fordon.meta.toml").write_text(SIDECAR, encoding="utf-8")
        indexer.index.build.rebuild(settings)
        (root / "built").touch()
    return create_app(
        {
            "INDEX_DIR": settings.index_dir,
            "TESTING": True,
            "PRESSARKIV_CONTACT": "tillganglighet@example.invalid",
        }
    )


@pytest.fixture
def corpus(corpus_app: Flask) -> FlaskClient:
    """A test client over the fictional corpus."""
    return corpus_app.test_client()


@pytest.fixture(scope="session")
def server_url(corpus_app: Flask) -> Iterator[str]:
    """The app over the fictional corpus, served by waitress on loopback for the whole run."""
    with live_server(corpus_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright never downloads a browser of its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
