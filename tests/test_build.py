"""Building: reports, skipped files, atomic swap, the writer lock, configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import indexer
from indexer.config import DEFAULT_TOPICS, resolve
from indexer.enrich.topics import Taxonomy
from indexer.index.build import BuildError, current_generation, writer_lock
from indexer.index.update_plan import indexed_releases
from indexer.ingest.check import check_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
TOPICS = DEFAULT_TOPICS


def settings_for(data: Path, index: Path) -> indexer.Settings:
    return resolve(data_dir=data, index_dir=index, topics_file=TOPICS)


def test_build_reports_indexed_and_skipped(tmp_path: Path) -> None:
    report = indexer.rebuild(settings_for(FIXTURES, tmp_path / "ix"))
    assert report.indexed == 3
    assert sorted(p.source for p in report.skipped) == ["f004_tom.txt", "f005_anteckning.md"]
    assert report.summary().startswith("3 pressmeddelanden indexerade, 2 överhoppade")
    with indexer.open_index(tmp_path / "ix") as index:
        assert len(index) == 3
        assert index.search("skolmåltid").hits[0].id == "f001_skolmat"


def test_build_reports_warnings_and_stores_source_facts(tmp_path: Path) -> None:
    report = indexer.rebuild(settings_for(FIXTURES.parent / "ingest", tmp_path / "ix"))
    checked = check_corpus(FIXTURES.parent / "ingest", Taxonomy.load(DEFAULT_TOPICS).labels)
    assert sorted(map(str, (*report.skipped, *report.warnings))) == sorted(map(str, checked.problems))
    assert (
        "t001_skolmat_kopia.txt: samma innehåll som h001_skolmat.html: indexeras bara en gång; ta bort en av dem"
        in map(str, report.warnings)
    )
    assert ", 7 överhoppade, 6 varningar, " in report.summary()
    with indexer.open_index(tmp_path / "ix") as index:
        release = index.get("h001_skolmat")
        assert release.url.startswith("https://pahittade-myndigheten.invalid/")
        assert release.provenance["published"] == "html-meta"
    with whoosh_index.open_dir(str(current_generation(tmp_path / "ix"))).reader() as reader:
        facts = {item.id: item for item in indexed_releases(reader)}
    assert facts["j001-b"].where == "j001_poster.jsonl:2" and facts["j001-b"].source == "j001_poster.jsonl"
    assert len(facts["h001_skolmat"].digest) == 32


def test_failed_rebuild_keeps_previous_index(tmp_path: Path) -> None:
    indexer.rebuild(settings_for(FIXTURES, tmp_path / "ix"))
    before = current_generation(tmp_path / "ix")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BuildError, match="inget pressmeddelande kunde indexeras"):
        indexer.rebuild(settings_for(empty, tmp_path / "ix"))
    assert current_generation(tmp_path / "ix") == before
    assert sorted(p.name for p in (tmp_path / "ix").glob("gen-*")) == [before.name]
    with indexer.open_index(tmp_path / "ix") as index:
        assert len(index) == 3


def test_open_index_follows_a_rebuild(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    settings = settings_for(data, tmp_path / "ix")
    indexer.rebuild(settings)
    with indexer.open_index(settings.index_dir) as index:
        assert index.search("kvartalsrapport").total == 0
        (data / "ny.txt").write_text("Ny kvartalsrapport\n\nPublicerad 1 april 2024\n\nText.")
        indexer.rebuild(settings)
        assert index.search("kvartalsrapport").total == 1
        assert len(index) == 4
    assert len(list((tmp_path / "ix").glob("gen-*"))) == 2  # current and the previous one


def test_second_writer_is_refused_with_a_message(tmp_path: Path) -> None:
    settings = settings_for(FIXTURES, tmp_path / "ix")
    with writer_lock(settings.index_dir), pytest.raises(BuildError, match="pågår"):
        indexer.rebuild(settings)


def test_unwritable_index_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(BuildError, match="kan inte skriva indexet"):
        indexer.rebuild(settings_for(FIXTURES, blocker / "ix"))


def test_ensure_index_builds_only_once(tmp_path: Path) -> None:
    settings = settings_for(FIXTURES, tmp_path / "ix")
    assert indexer.ensure_index(settings).indexed == 3
    assert indexer.ensure_index(settings) is None


def test_open_index_without_index_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(indexer.IndexNotFoundError, match="python -m indexer rebuild"):
        indexer.open_index(tmp_path)


def test_configuration_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PRESSARKIV_DATA", "PRESSARKIV_INDEX", "PRESSARKIV_TOPICS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve().data_dir == tmp_path / "index_data" / "releases"
    assert resolve().index_dir == tmp_path / "index_data" / "index"
    assert resolve().topics_file == DEFAULT_TOPICS  # the shipped taxonomy, from the package
    (tmp_path / "index_data").mkdir()
    (tmp_path / "index_data" / "topics.toml").write_text("", encoding="utf-8")
    assert resolve().topics_file == tmp_path / "index_data" / "topics.toml"  # the site's own
    monkeypatch.setenv("PRESSARKIV_DATA", str(tmp_path / "env-data"))
    monkeypatch.setenv("PRESSARKIV_INDEX", str(tmp_path / "env-index"))
    assert resolve().data_dir == tmp_path / "env-data"
    assert resolve().index_dir == tmp_path / "env-index"
    assert resolve(data_dir=tmp_path / "flag").data_dir == tmp_path / "flag"


def test_broken_taxonomy_is_a_build_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "topics.toml"
    broken.write_text("[[topic]\nlabel = ", encoding="utf-8")
    settings = resolve(data_dir=FIXTURES, index_dir=tmp_path / "ix", topics_file=broken)
    with pytest.raises(BuildError, match="topics.toml"):
        indexer.rebuild(settings)
    assert current_generation(tmp_path / "ix") is None
