"""The ``python -m indexer`` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer.cli import main

from support import SHIPPED_RELEASES

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
SEEDS = SHIPPED_RELEASES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seed_index(runner: CliRunner, tmp_path: Path) -> Path:
    result = runner.invoke(main, ["rebuild", "--data", str(SEEDS), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    return tmp_path / "ix"


def test_rebuild_summary_and_skipped_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["rebuild", "--data", str(FIXTURES), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "3 pressmeddelanden indexerade, 2 överhoppade" in result.stdout
    assert "Överhoppad: f004_tom.txt: filen är tom" in result.stderr
    assert "Överhoppad: f005_anteckning.md: okänt filformat .md" in result.stderr


def test_rebuild_lists_warnings(runner: CliRunner, tmp_path: Path) -> None:
    ingest = FIXTURES.parent / "ingest"
    result = runner.invoke(main, ["rebuild", "--data", str(ingest), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "Varning: t001_skolmat_kopia.txt: samma innehåll som h001_skolmat.html" in result.stderr
    assert "Överhoppad: forlorad.meta.toml: ingen pressmeddelandefil" in result.stderr
    assert "13 pressmeddelanden indexerade, 7 överhoppade, 6 varningar" in result.stdout


def test_rebuild_with_nothing_to_index_fails_cleanly(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["rebuild", "--data", str(tmp_path / "saknas"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fel: ")
    assert "datakatalogen finns inte" in result.stderr
    assert "Traceback" not in result.output


def test_rebuild_uses_environment(runner: CliRunner, tmp_path: Path) -> None:
    env = {"PRESSARKIV_DATA": str(FIXTURES), "PRESSARKIV_INDEX": str(tmp_path / "env-ix")}
    result = runner.invoke(main, ["rebuild"], env=env)
    assert result.exit_code == 0
    assert (tmp_path / "env-ix" / "current").is_symlink()


def test_search_json_is_the_api_structure(runner: CliRunner, seed_index: Path) -> None:
    result = runner.invoke(main, ["search", "upphandling", "--index", str(seed_index), "--json"])
    assert result.exit_code == 0
    with indexer.open_index(seed_index) as index:
        assert json.loads(result.stdout) == index.search("upphandling").to_dict()


def test_search_filters_may_repeat(runner: CliRunner, seed_index: Path) -> None:
    args = ["search", "--index", str(seed_index), "--json",
            "--person", "Åsa Olsson", "--person", "Tommy Levinsson"]  # fmt: skip
    assert json.loads(runner.invoke(main, args).stdout)["total"] == 2
    args += ["--year", "2021"]
    data = json.loads(runner.invoke(main, args).stdout)
    assert [hit["id"] for hit in data["hits"]] == ["000_caf244de97195c71"]


def test_search_text_output(runner: CliRunner, seed_index: Path) -> None:
    result = runner.invoke(main, ["search", "klimatmål", "--index", str(seed_index)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "1 träff för ”klimatmål”"
    assert "1. Trendens: Upphandla den effekt du vill ha!  [2021-02-17]" in result.stdout
    assert "*klimatmål*" in result.stdout
    assert "År: 2021 (1)" in lines


def test_search_text_marks_partial_matches_and_corrections(runner: CliRunner, seed_index: Path) -> None:
    def search(*args: str) -> list[str]:
        return runner.invoke(main, ["search", *args, "--index", str(seed_index)]).stdout.splitlines()

    lines = search("pandemi", "upphandling")
    assert lines[0] == "1 träff för ”pandemi upphandling” med alla orden"
    heading = lines.index("Träffar med några av orden:")
    assert heading > next(n for n, line in enumerate(lines) if line.startswith("1. "))
    assert any(line.startswith("2. ") for line in lines[heading:])
    assert search("upphandlnig")[:2] == [
        "2 träffar för ”upphandling”", "Visar träffar för ”upphandling”. Sök i stället efter ”upphandlnig”.",
    ]  # fmt: skip
    as_typed = search("upphandlnig", "--no-autocorrect")
    assert as_typed[:2] == ["0 träffar för ”upphandlnig”", "Menade du ”upphandling”?"]


def test_search_bad_parameter_is_one_line(runner: CliRunner, seed_index: Path) -> None:
    result = runner.invoke(main, ["search", "x", "--index", str(seed_index), "--page", "0"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fel: Sidnumret")


def test_search_without_index(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["search", "x", "--index", str(tmp_path)])
    assert result.exit_code == 1
    assert "python -m indexer rebuild" in result.stderr


def test_module_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "indexer", "--help"], capture_output=True, text=True, check=True)
    assert all(command in result.stdout for command in ("rebuild", "update", "check", "search"))


def test_search_by_organisation(runner: CliRunner, seed_index: Path) -> None:
    args = ["search", "--index", str(seed_index), "--json", "--organisation", "Kemikalieinspektionen"]
    data = json.loads(runner.invoke(main, args).stdout)
    assert [hit["id"] for hit in data["hits"]] == ["002_4fac543e6dcf2c96"]
    assert "organisation" in data["facets"]
