"""``update``: add, re-index and delete what changed, with the same results as a rebuild."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index

import indexer
from indexer.cli import main
from indexer.config import DEFAULT_TOPICS, resolve
from indexer.index.build import BuildError, current_generation, update, writer_lock

FIXTURES = Path(__file__).parent / "fixtures"
TOPICS = DEFAULT_TOPICS
QUERIES = ["", "upphandling", "klimatkrav", "skolmåltider", "Exempelkommun", "leverantörer OR möbler"]
FILTERS = [{}, {"year": ["2021"]}, {"topic": ["Hållbarhet och klimat"]}, {"year": ["okänt"]}]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A corpus of every format: the ingest fixtures (all their defects included) and the text fixtures."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "ingest", data)
    shutil.copytree(FIXTURES / "releases", data / "text")
    return data


def settings(data: Path, index: Path, topics: Path = TOPICS) -> indexer.Settings:
    return resolve(data_dir=data, index_dir=index, topics_file=topics)


def view(index_dir: Path) -> list[dict]:
    """What users see: ids, totals and facet counts of several searches."""
    with indexer.open_index(index_dir) as index:
        return [
            {
                "ids": sorted(hit.id for hit in results.hits),
                "total": results.total,
                "facets": {
                    group: sorted((v.value, v.count) for v in values) for group, values in results.facets.items()
                },
            }  # fmt: skip
            for query in QUERIES
            for filters in FILTERS
            for results in [index.search(query, filters=filters, per_page=100)]
        ]


def assert_same_as_rebuild(data: Path, index_dir: Path, tmp_path: Path) -> None:
    fresh = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    indexer.rebuild(settings(data, fresh))
    assert view(index_dir) == view(fresh)


def change_corpus(data: Path) -> None:
    """Add a text file, change one, delete one, correct one with a sidecar, edit a JSON Lines file."""
    new = "Ny kvartalsrapport om upphandling\n\nPublicerad 1 april 2024\n\nText om leverantörer."
    (data / "ny.txt").write_text(new, encoding="utf-8")
    changed = data / "t002_navigering.txt"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("möbler", "möbler och textilier"), encoding="utf-8")
    (data / "text" / "f003_innovation.txt").unlink()
    (data / "t004_utan_datum.meta.toml").write_text("published = 2021-05-05\n", encoding="utf-8")
    lines = (data / "j001_poster.jsonl").read_text(encoding="utf-8").splitlines()
    (data / "j001_poster.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")  # bad lines fixed


def test_update_without_index_builds_it_and_says_so(data: Path, tmp_path: Path) -> None:
    report = update(settings(data, tmp_path / "ix"))
    assert report.rebuilt.startswith("Inget index fanns")
    assert report.added == report.indexed == 15
    assert report.summary().startswith("Inget index fanns, så hela indexet byggdes: 15 nya, 0 ändrade")
    assert_same_as_rebuild(data, tmp_path / "ix", tmp_path)


def test_update_after_changes_matches_a_rebuild(data: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    indexer.rebuild(settings(data, index_dir))
    change_corpus(data)
    report = update(settings(data, index_dir))
    # changed: t002 (edited; its id was the JSON record's, now dropped), j001-a/b/c (their file
    # changed), t004 (a new sidecar); removed: f003, and t002 under the id it had while the record
    # had its own (t002_navigering-2c4cd9); t005 is read again for its problems but kept
    assert (report.added, report.changed, report.removed) == (1, 5, 2)
    assert report.unchanged == report.indexed - 6
    assert report.rebuilt is None
    assert_same_as_rebuild(data, index_dir, tmp_path)
    with indexer.open_index(index_dir) as index:
        assert index.get("t004_utan_datum").published.isoformat() == "2021-05-05"
        assert index.get("t004_utan_datum").provenance["published"] == "sidecar"
        assert index.get("f003_innovation") is None
        assert index.search("textilier").hits[0].id == "t002_navigering"


def test_removing_the_original_indexes_its_duplicate(data: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    indexer.rebuild(settings(data, index_dir))
    (data / "h001_skolmat.html").unlink()
    report = update(settings(data, index_dir))
    assert (report.added, report.removed) == (1, 1)
    assert_same_as_rebuild(data, index_dir, tmp_path)
    with indexer.open_index(index_dir) as index:
        assert index.get("t001_skolmat_kopia") is not None


def test_update_with_nothing_changed_makes_no_generation(data: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    built = indexer.rebuild(settings(data, index_dir))
    before = current_generation(index_dir)
    report = update(settings(data, index_dir))
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 0, 0, 15)
    assert sorted(map(str, report.skipped)) == sorted(map(str, built.skipped))
    assert report.warnings == built.warnings
    assert current_generation(index_dir) == before


def test_readers_keep_a_consistent_view_and_then_follow(data: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    indexer.rebuild(settings(data, index_dir))
    with indexer.open_index(index_dir) as index:
        old_generation = current_generation(index_dir)
        files_before = {path.name: path.stat().st_ino for path in old_generation.iterdir()}
        change_corpus(data)
        update(settings(data, index_dir))
        # the old generation is untouched (segments shared as hard links, never rewritten)
        assert {path.name: path.stat().st_ino for path in old_generation.iterdir()} == files_before
        with whoosh_index.open_dir(str(old_generation)).searcher() as old:
            assert old.document(id="f003_innovation") is not None  # a reader of the old view keeps it
        assert index.search("kvartalsrapport").total == 1  # the open index follows the swap
        assert index.get("f003_innovation") is None
    assert len(list(index_dir.glob("gen-*"))) == 2


def test_changed_taxonomy_rebuilds(data: Path, tmp_path: Path) -> None:
    topics = tmp_path / "topics.toml"
    shutil.copy(TOPICS, topics)
    indexer.rebuild(settings(data, tmp_path / "ix", topics))
    topics.write_text(topics.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = update(settings(data, tmp_path / "ix", topics))
    assert report.rebuilt.startswith("Ämnesfilen har ändrats")


def test_second_writer_is_refused(data: Path, tmp_path: Path) -> None:
    config = settings(data, tmp_path / "ix")
    with writer_lock(config.index_dir), pytest.raises(BuildError, match="pågår"):
        update(config)


def test_update_that_would_empty_the_index_keeps_it(data: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    indexer.rebuild(settings(data, index_dir))
    before = current_generation(index_dir)
    shutil.rmtree(data)
    data.mkdir()
    with pytest.raises(BuildError, match="inget pressmeddelande kunde indexeras"):
        update(settings(data, index_dir))
    assert current_generation(index_dir) == before


def test_update_command_prints_one_summary_line(data: Path, tmp_path: Path) -> None:
    args = ["update", "--data", str(data), "--index", str(tmp_path / "ix"), "--topics", str(TOPICS)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0
    assert first.stdout.startswith("Inget index fanns")
    assert "Överhoppad: t007_bara_navigering.txt: ingen titel" in first.stderr
    assert "Varning: t001_skolmat_kopia.txt: samma innehåll" in first.stderr
    (data / "ny.txt").write_text("Ny rubrik\n\nText.", encoding="utf-8")
    second = CliRunner().invoke(main, args)
    summary = second.stdout.splitlines()[-1]
    assert summary.startswith("1 nya, 0 ändrade, 0 borttagna, 15 oförändrade, 9 överhoppade")
    meta = json.loads((current_generation(tmp_path / "ix") / "pressarkiv.json").read_text(encoding="utf-8"))
    assert meta["indexed"] == 16


def test_update_links_every_unchanged_segment_file_instead_of_copying_it(data: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    indexer.rebuild(settings(data, index_dir))
    before = current_generation(index_dir)
    new = "Ny rubrik om upphandling\n\nPublicerad 2024-04-01\n\nText."
    (data / "ny.txt").write_text(new, encoding="utf-8")
    update(settings(data, index_dir))
    after = current_generation(index_dir)
    old = {path.name: path.stat().st_ino for path in before.iterdir()}
    kept = {path.name: path.stat() for path in after.iterdir() if path.name in old}
    written_once = {name for name in kept if name.startswith(("MAIN_", "_MAIN_")) and "." in name}
    assert any(name.endswith((".trm", ".pst", ".col")) for name in written_once)
    assert all(kept[name].st_ino == old[name] and kept[name].st_nlink >= 2 for name in written_once)
    assert kept["pressarkiv.json"].st_ino != old["pressarkiv.json"]  # rewritten, so never shared
