"""Release ids: å, ä and ö kept, never shared by two files, and old links redirected.

Before, an id kept only A–Z, digits and ``_ . -``: ``rapport-år.txt`` and
``rapport-är.txt`` both became ``rapport--r``, and the second was not indexed.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

import indexer
from indexer.config import DEFAULT_TOPICS
from indexer.ingest.corpus import Entry, read_entries
from indexer.ingest.ids import disambiguated, legacy_id, release_id
from searchui import create_app

from support import SHIPPED_RELEASES

TOPICS = DEFAULT_TOPICS
FILES = {
    "rapport-år.txt": "Rapport om året\n\nPublicerad 2021-02-17\n\nEn fiktiv text om året och upphandling.\n",
    "rapport-är.txt": "Rapport om läget\n\nPublicerad 2021-02-18\n\nEn fiktiv text om läget i dag.\n",
    "Årsbok (kopia).txt": "Årsboken\n\nPublicerad 2020-01-10\n\nEn fiktiv årsbok om offentliga affärer.\n",
    "samma.txt": "Samma namn, text\n\nPublicerad 2019-03-01\n\nEn fiktiv text om ramavtal.\n",
    "samma.html": "<html><body><article><h1>Samma namn, sida</h1><p>En fiktiv sida om "
    "innovationsupphandling som är lång nog att läsas.</p></article></body></html>",
}


def old_release_id(name: str) -> str:
    """The id versions before this one made from a file name (copied from them, for comparison)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "release"


def build(data: Path, index: Path, files: dict[str, str]) -> indexer.BuildReport:
    data.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    return indexer.rebuild(indexer.resolve(data, index, TOPICS))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("ids")
    build(root / "data", root / "index", FILES)
    return root / "data", root / "index"


@pytest.fixture(scope="module")
def client(built: tuple[Path, Path]) -> FlaskClient:
    return create_app({"INDEX_DIR": built[1], "TESTING": True}).test_client()


def test_letters_are_kept_so_that_names_differing_in_one_never_collide() -> None:
    assert release_id("rapport-år") == "rapport-år" != release_id("rapport-är") == "rapport-är"
    assert release_id("Årsbok (kopia)") == "Årsbok-kopia"
    assert release_id("rapport-a\u030ar") == "rapport-år"  # a name in NFD, as macOS writes it
    assert release_id("???") == "release" and len(release_id("å" * 300)) == 200
    assert old_release_id("rapport-år") == old_release_id("rapport-är") == legacy_id("rapport-år") == "rapport--r"


@given(st.text(st.characters(categories=["Lu", "Ll", "Nd"]), min_size=1, max_size=40))
def test_a_name_of_letters_and_digits_is_its_own_id(name: str) -> None:
    assert release_id(name) == unicodedata.normalize("NFC", name)[:200]


def test_both_files_are_indexed_under_their_own_ids(built: tuple[Path, Path]) -> None:
    with indexer.open_index(built[1]) as index:
        assert index.get("rapport-år").title == "Rapport om året"
        assert index.get("rapport-är").title == "Rapport om läget"
        assert index.get("Årsbok-kopia").title == "Årsboken"
        assert index.search("", per_page=100).total == len(FILES)


def test_two_files_asking_for_one_id_get_two_ids_with_a_warning(built: tuple[Path, Path]) -> None:
    items = list(read_entries(built[0]))
    ids = [item.id for item in items if isinstance(item, Entry)]
    assert len(ids) == len(set(ids)) == len(FILES)
    second = disambiguated("samma", "samma.txt", {"samma"})  # samma.html comes first and keeps "samma"
    assert {"samma", second} <= set(ids)
    [warning] = [item for item in items if not isinstance(item, Entry) and item.source == "samma.txt"]
    assert warning.severity == "warning" and f"indexeras som {second}" in warning.reason
    assert [item.id for item in read_entries(built[0]) if isinstance(item, Entry)] == ids  # the same every time


def test_update_gives_the_same_ids_as_a_rebuild_when_the_first_of_two_goes(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    build(data, index, FILES)
    (data / "samma.html").unlink()
    report = indexer.update(indexer.resolve(data, index, TOPICS))
    assert (report.added, report.removed) == (0, 1) and report.changed == 1
    with indexer.open_index(index) as index_:
        assert index_.get("samma").title == "Samma namn, text"
        assert index_.search("", per_page=100).total == len(FILES) - 1


@pytest.mark.parametrize("name", ["rapport-år", "rapport-är", "Årsbok-kopia"])
def test_pages_and_api_answer_ids_with_letters_percent_encoded(client: FlaskClient, name: str) -> None:
    page = client.get(f"/release/{quote(name)}")
    assert page.status_code == 200
    assert client.get(f"/api/releases/{quote(name)}").get_json()["id"] == name
    links = client.get("/", query_string={"q": "fiktiv"}).text
    assert f'href="/release/{quote(name)}?' in links  # the search it was found by follows (?sok=)


def test_an_old_id_redirects_to_the_release_that_had_it(client: FlaskClient) -> None:
    # the old version indexed rapport-är.txt (it sorts first) as rapport--r and left rapport-år.txt out
    response = client.get("/release/rapport--r")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/release/{quote('rapport-är')}"
    assert client.get(response.headers["Location"]).status_code == 200
    api = client.get("/api/releases/Arsbok-kopia")
    assert api.status_code == 404  # never an id: the old version made "rsbok-kopia"
    api = client.get("/api/releases/rsbok-kopia")
    assert api.status_code == 301 and api.headers["Location"] == f"/api/releases/{quote('Årsbok-kopia')}"


def test_an_id_written_decomposed_redirects_to_the_composed_one(client: FlaskClient) -> None:
    response = client.get("/release/" + quote(unicodedata.normalize("NFD", "rapport-år")))
    assert response.status_code == 301 and response.headers["Location"] == f"/release/{quote('rapport-år')}"


def test_an_unknown_id_is_still_404(client: FlaskClient) -> None:
    assert client.get("/release/finns-inte").status_code == 404
    assert client.get("/api/releases/finns-inte").get_json()["error"]["status"] == 404


def test_shipped_ids_are_unchanged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_RELEASES, data)
    for item in read_entries(data):
        assert isinstance(item, Entry) and item.id == old_release_id(Path(item.source).stem) and not item.alias


def test_one_id_in_two_pipelines_gives_the_ids_of_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two files with one id that fall in different pipelines: the rebuild gives what one pass gives."""
    from indexer.index import segments

    monkeypatch.setattr(segments, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(segments, "pipelines", lambda files: 2)
    data = tmp_path / "data"
    for folder, title in (("a", "Påhittade verket inför klimatkrav"), ("b", "Påhittade verket inför nya regler")):
        (data / folder).mkdir(parents=True)
        (data / folder / "rapport.txt").write_text(
            f"{title}\n\nPublicerad 3 mars 2021\n\n{title} för offentlig upphandling.\n", encoding="utf-8"
        )
    settings = indexer.resolve(data_dir=data, index_dir=tmp_path / "index", topics_file=DEFAULT_TOPICS)
    report = indexer.rebuild(settings)
    assert report.indexed == 2
    assert any("samma id (rapport)" in problem.reason for problem in report.warnings)
    with indexer.open_index(settings.index_dir) as index:
        ids = sorted(hit.id for hit in index.iter_hits())
    assert ids[0] == "rapport" and ids[1].startswith("rapport-") and len(set(ids)) == 2
