"""Corpus defects at scale: a share of broken files of every kind, and the good ones all indexed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from benchmarks.speed.__main__ import main
from benchmarks.speed.defects import DEFECTS, verify, write_corpus
from benchmarks.speed.run import TOPICS
from indexer.ingest.corpus import read_file


def test_every_good_release_indexed_and_every_broken_file_reported(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["defects", "--n", "400", "--workdir", str(tmp_path / "work")])
    assert result.exit_code == 0, result.output
    assert "OK: every good release indexed, every broken file reported" in result.output
    for name in DEFECTS:
        assert f"{name:<24}{4:>7}" in result.output  # 1 % of 400 of each kind


def test_the_harness_notices_a_miss(tmp_path: Path) -> None:
    expected = write_corpus(tmp_path / "data", 40, share=0.05)
    expected.ids.add("syntetisk-finns-inte")
    expected.problems["syntetisk-finns-inte.txt"] = "error"
    findings = verify(tmp_path / "data", tmp_path / "index", TOPICS, expected)
    assert not findings.ok
    assert findings.missing == ["syntetisk-finns-inte"]
    assert findings.unreported == ["check: syntetisk-finns-inte.txt: error", "rebuild: syntetisk-finns-inte.txt: error"]
    assert "FAILED" in findings.table()


def test_a_link_to_a_missing_file_is_reported_as_unreadable(tmp_path: Path) -> None:
    link = tmp_path / "borta.txt"
    link.symlink_to(tmp_path / "finns-inte.txt")
    [problem] = read_file(link, tmp_path)
    assert problem.source == "borta.txt"
    assert "kan inte läsas" in problem.reason
