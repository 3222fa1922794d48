"""The cap on expensive requests: downloads, feeds and value pages wait for a slot or get a 503,
while ordinary searches go on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import indexer
from indexer.config import HEAVY_REQUESTS_ENV, Settings, heavy_requests
from searchui import create_app, index
from searchui.formatting import slugify
from searchui.heavy import RETRY_AFTER, RequestCap


def capped_app(settings: Settings, slots: int, locks: Path | None = None) -> Flask:
    """The app over the session's index with ``slots`` expensive requests at once and no waiting
    (its slots in ``locks``, else in a folder of its own)."""
    return create_app(
        {
            "TESTING": True,
            "INDEX_DIR": settings.index_dir,
            "DATA_DIR": settings.data_dir,
            "PRESSARKIV_HEAVY_REQUESTS": slots,
            "HEAVY_WAIT_SECONDS": 0,
            "HEAVY_LOCK_DIR": locks,
        }
    )


@pytest.fixture
def blocked_download(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Make every listing of all hits wait for ``release``; ``entered`` is set once one is waiting."""
    entered, release = threading.Event(), threading.Event()
    real = index.all_hits

    def waiting(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        assert release.wait(30), "the test never let the download go on"
        return real(*args, **kwargs)

    monkeypatch.setattr(index, "all_hits", waiting)
    yield entered, release
    release.set()


def hold_slot(app: Flask, entered: threading.Event) -> tuple[threading.Thread, list[int]]:
    """Start a JSON download in another thread; return once it holds its slot (blocked in the search)."""
    statuses: list[int] = []

    def download() -> None:
        with app.test_client() as client:
            statuses.append(client.get("/sok.json").status_code)

    thread = threading.Thread(target=download)
    thread.start()
    assert entered.wait(30), "the first download never started"
    return thread, statuses


def test_a_download_over_the_cap_gets_a_503_while_searches_go_on(
    index_settings: Settings, blocked_download: tuple[threading.Event, threading.Event]
) -> None:
    entered, release = blocked_download
    app = capped_app(index_settings, 1)
    first, statuses = hold_slot(app, entered)
    with app.test_client() as client:
        refused = client.get("/sok.csv")
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == str(RETRY_AFTER)
        assert "tunga förfrågningar" in refused.text and "Traceback" not in refused.text
        as_json = client.get("/sok.json").get_json()
        assert as_json["error"]["status"] == 503 and "Försök igen" in as_json["error"]["message"]
        feed = client.get("/sok.atom")
        assert feed.status_code == 503
        assert client.get("/api/search?q=upphandling").status_code == 200
        assert client.get("/").status_code == 200
    release.set()
    first.join(30)
    assert statuses == [200]
    with app.test_client() as client:
        assert client.get("/sok.csv").status_code == 200


def test_value_pages_share_the_cap(
    index_settings: Settings, blocked_download: tuple[threading.Event, threading.Event]
) -> None:
    entered, release = blocked_download
    app = capped_app(index_settings, 1)
    with indexer.open_index(index_settings.index_dir) as opened:
        person = opened.values("person")[0].value
    first, statuses = hold_slot(app, entered)
    with app.test_client() as client:
        assert client.get(f"/person/{slugify(person)}").status_code == 503
        answer = client.get(f"/api/persons/{slugify(person)}")
        assert answer.status_code == 503 and answer.get_json()["error"]["status"] == 503
    release.set()
    first.join(30)
    assert statuses == [200]


def test_two_slots_let_two_downloads_run(
    index_settings: Settings, blocked_download: tuple[threading.Event, threading.Event]
) -> None:
    entered, release = blocked_download
    app = capped_app(index_settings, 2)
    first, statuses = hold_slot(app, entered)
    entered.clear()
    second, more = hold_slot(app, entered)  # admitted: it reaches the search and waits there too
    with app.test_client() as client:
        assert client.get("/sok.csv").status_code == 503
    release.set()
    first.join(30)
    second.join(30)
    assert statuses == more == [200]


def test_the_cap_holds_over_every_process_sharing_its_slots(index_settings: Settings, tmp_path: Path) -> None:
    app = capped_app(index_settings, 1, tmp_path)
    other_worker = RequestCap(1, 0, tmp_path)  # another server process, with its own app, on the same slots
    with app.test_client() as client, other_worker.slot() as held:
        assert held
        assert client.get("/sok.json").status_code == 503
        assert client.get("/api/search?q=upphandling").status_code == 200
    with app.test_client() as client:
        assert client.get("/sok.json").status_code == 200


def test_no_cap_refuses_nothing(
    index_settings: Settings, blocked_download: tuple[threading.Event, threading.Event]
) -> None:
    entered, release = blocked_download
    app = capped_app(index_settings, 0)
    threads = []
    for _ in range(3):
        entered.clear()
        threads.append(hold_slot(app, entered))
    release.set()
    for thread, statuses in threads:
        thread.join(30)
        assert statuses == [200]


def test_the_cap_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HEAVY_REQUESTS_ENV, "3")
    assert heavy_requests() == 3
    assert heavy_requests(0) == 0
    monkeypatch.setenv(HEAVY_REQUESTS_ENV, "många")
    with pytest.raises(indexer.ConfigError, match=HEAVY_REQUESTS_ENV):
        heavy_requests()
