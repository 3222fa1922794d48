"""The benchmark: a deterministic synthetic corpus that the real ingestion reads, and a smoke run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import extraction
from benchmarks.speed.__main__ import main
from benchmarks.speed.generate import SYNTHETIC, Generator, generate_file
from benchmarks.speed.vocabulary import NER_CORPUS
from indexer.ingest.corpus import Entry, read_file

SOURCES = [
    pytest.param(None, id="word-list"),
    pytest.param(NER_CORPUS, id="ner-corpus", marks=pytest.mark.skipif(
        not NER_CORPUS.is_file(), reason="the NER corpus is not beside the repository")),
]  # fmt: skip


@pytest.mark.parametrize("sentences", SOURCES)
def test_same_seed_same_bytes(tmp_path: Path, sentences: Path | None) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        generate_file(tmp_path / f"{name}.jsonl", 40, seed, sentences)
    first, again, other = (tmp_path / f"{name}.jsonl" for name in "abc")
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_a_smaller_corpus_is_a_prefix() -> None:
    generator = Generator(3, None)
    lines = [release.line() for release in generator.releases(20)]
    assert lines[:5] == [release.line() for release in Generator(3, None).releases(5)]


@pytest.mark.parametrize("sentences", SOURCES)
def test_every_record_is_read_and_labelled_synthetic(tmp_path: Path, sentences: Path | None) -> None:
    path = tmp_path / "syntetisk.jsonl"
    generate_file(path, 60, 1, sentences)
    items = read_file(path, tmp_path)
    assert all(isinstance(item, Entry) for item in items), [str(i) for i in items if not isinstance(i, Entry)]
    assert len(items) == 60
    for item in items:
        release = item.release
        assert release.kind.endswith(SYNTHETIC)
        assert release.id.startswith("syntetisk-")
        assert 2014 <= release.year <= 2026
        assert len(release.body_text.split()) >= 200
        assert any(block.kind == "quote" and "säger" in block.text for block in release.body)


def _numbers(value: object) -> list[float]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def test_smoke_run_reports_every_figure(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    arguments = ["run", "--n", "100", "--rounds", "1", "--http-seconds", "2", "--clients", "2", "--build-rounds", "2",
                 "--json", str(report), "--workdir", str(tmp_path / "work")]  # fmt: skip
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    figures = json.loads(report.read_text(encoding="utf-8"))
    builds = ("rebuild_seconds", "rebuild_cpu_seconds", "releases_per_second", "peak_rss_mb", "peak_pss_mb", "index_mb")
    for side in ("ours", "baseline", "tuned"):
        assert set(builds) <= figures[side].keys()
    for side in ("ours", "baseline"):
        assert set(figures[side]["query"]) == {"p50_ms", "p95_ms", "p99_ms"}
    assert figures["ours"]["writer_mb"] > 0
    assert {"query_p50_ms", "query_p95_ms", "query_p99_ms", *builds} <= figures["ratios"].keys()
    assert set(builds) <= figures["tuned_ratios"].keys()
    assert {"requests_per_second", "p95_ms", "p99_ms", "errors", "server_rss_mb", "server_peak_rss_mb",
            "server_pss_mb", "worker_rss_mb", "worker_pss_mb"} <= figures["http"].keys()  # fmt: skip
    assert figures["http"]["requests"] > 0
    assert [t["target"].split(" ")[0] for t in figures["targets"]] == [
        "rebuild", "rebuild", "rebuild", "query", "HTTP", "HTTP", "HTTP", "server,", "rebuild", "index",
    ]  # fmt: skip
    assert all(isinstance(t["met"], bool) and t["figure"] for t in figures["targets"])
    numbers = _numbers({**figures, "http": {k: v for k, v in figures["http"].items() if k != "errors"}})
    assert numbers and all(n > 0 for n in numbers)
    for label in ("pressarkiv", "plain Whoosh", "hand-tuned", "writer memory", "PSS", "target: rebuild wall"):
        assert label in result.output


def test_extraction_smoke_run_reports_each_part_per_checkout(capsys: pytest.CaptureFixture[str]) -> None:
    repository = Path(__file__).parent.parent
    assert extraction.main(["--n", "3", "--rounds", "1", "--checkout", str(repository)]) == 0
    header, rule, row = capsys.readouterr().out.splitlines()
    assert header.count("ms / ratio") == len(extraction.PARTS)
    cells = [cell.split(" / ") for cell in row.strip("| ").split(" | ")[1:]]
    assert row.startswith(f"| {repository} |") and len(cells) == len(extraction.PARTS)
    assert all(float(ms) > 0 and ratio == "1.00" for ms, ratio in cells)


def test_extraction_names_a_checkout_without_the_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        extraction.main(["--checkout", str(tmp_path)])
    assert f"--checkout: no indexer/ package in {tmp_path}" in capsys.readouterr().err
