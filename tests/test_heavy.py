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


class BlockedDownloads:
    """JSON downloads held in their slots: every listing of all hits waits until :meth:`finish`."""

    def __init__(self) -> None:
        self.entered, self.release = threading.Event(), threading.Event()
        self._held: list[tuple[threading.Thread, list[int]]] = []

    def hold(self, app: Flask) -> None:
        """Start a JSON download in another thread; return once it holds its slot (blocked in the search)."""
        statuses: list[int] = []

        def download() -> None:
            with app.test_client() as client:
                statuses.append(client.get("/sok.json").status_code)

        self.entered.clear()
        thread = threading.Thread(target=download)
        thread.start()
        assert self.entered.wait(30), "the download never started"
        self._held.append((thread, statuses))

    def finish(self) -> list[list[int]]:
        """Let the held downloads go on; the statuses each one got."""
        self.release.set()
        for thread, _ in self._held:
            thread.join(30)
        return [statuses for _, statuses in self._held]


@pytest.fixture
def blocked(monkeypatch: pytest.MonkeyPatch) -> Iterator[BlockedDownloads]:
    """Downloads that wait in the search, each holding its slot, until the test lets them go on."""
    downloads = BlockedDownloads()
    real = index.all_hits

    def waiting(*args: Any, **kwargs: Any) -> Any:
        downloads.entered.set()
        assert downloads.release.wait(30), "the test never let the download go on"
        return real(*args, **kwargs)

    monkeypatch.setattr(index, "all_hits", waiting)
    yield downloads
    downloads.release.set()


def test_a_download_over_the_cap_gets_a_503_while_searches_go_on(
    index_settings: Settings, blocked: BlockedDownloads
) -> None:
    app = capped_app(index_settings, 1)
    blocked.hold(app)
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
    assert blocked.finish() == [[200]]
    with app.test_client() as client:
        assert client.get("/sok.csv").status_code == 200


def test_value_pages_share_the_cap(index_settings: Settings, blocked: BlockedDownloads) -> None:
    app = capped_app(index_settings, 1)
    with indexer.open_index(index_settings.index_dir) as opened:
        person = opened.values("person")[0].value
    blocked.hold(app)
    with app.test_client() as client:
        assert client.get(f"/person/{slugify(person)}").status_code == 503
        answer = client.get(f"/api/persons/{slugify(person)}")
        assert answer.status_code == 503 and answer.get_json()["error"]["status"] == 503
    assert blocked.finish() == [[200]]


def test_two_slots_let_two_downloads_run(index_settings: Settings, blocked: BlockedDownloads) -> None:
    app = capped_app(index_settings, 2)
    blocked.hold(app)
    blocked.hold(app)  # admitted: it reaches the search and waits there too
    with app.test_client() as client:
        assert client.get("/sok.csv").status_code == 503
    assert blocked.finish() == [[200], [200]]


def test_the_cap_holds_over_every_process_sharing_its_slots(index_settings: Settings, tmp_path: Path) -> None:
    app = capped_app(index_settings, 1, tmp_path)
    other_worker = RequestCap(1, 0, tmp_path)  # another server process, with its own app, on the same slots
    with app.test_client() as client, other_worker.slot() as held:
        assert held
        assert client.get("/sok.json").status_code == 503
        assert client.get("/api/search?q=upphandling").status_code == 200
    with app.test_client() as client:
        assert client.get("/sok.json").status_code == 200


def test_no_cap_refuses_nothing(index_settings: Settings, blocked: BlockedDownloads) -> None:
    app = capped_app(index_settings, 0)
    for _ in range(3):
        blocked.hold(app)  # each admitted: it reaches the search and waits there
    assert blocked.finish() == [[200]] * 3


def test_the_cap_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HEAVY_REQUESTS_ENV, "3")
    assert heavy_requests() == 3
    assert heavy_requests(0) == 0
    monkeypatch.setenv(HEAVY_REQUESTS_ENV, "många")
    with pytest.raises(indexer.ConfigError, match=HEAVY_REQUESTS_ENV):
        heavy_requests()
