"""``python -m indexer check``: every problem of a corpus, one line each, without an index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

import indexer
from indexer.cli import main
from indexer.config import DEFAULT_TOPICS, Settings
from indexer.ingest.check import check_corpus

from support import SHIPPED_RELEASES

INGEST = Path(__file__).parent / "fixtures" / "ingest"
TOPICS = DEFAULT_TOPICS

EXPECTED = [
    "h002_odaterad.html: varning: inget publiceringsdatum: lägg till raden Publicerad <datum> i texten "
    "eller published = 2021-02-17 i h002_odaterad.meta.toml; till dess visas det under Okänt år",
    "j001_poster.jsonl:4: fel: id: ska vara en text av bokstäver, siffror och _ . -, högst 200 tecken (fick 'j001 d')",
    "j001_poster.jsonl:5: fel: är inte giltig JSON (Expecting value, tecken 1): rätta raden",
    "j001_poster.jsonl:6: fel: publicerad: okänd nyckel: använd id, title, published, updated, kind, lead, "
    "body, url, contacts, persons, topics",
    "j001_poster.jsonl:3: varning: inget publiceringsdatum: lägg till published i posten; "
    "till dess visas det under Okänt år",
    "j001_poster.jsonl:7: varning: inget publiceringsdatum: lägg till published i posten; "
    "till dess visas det under Okänt år",
    "t001_skolmat_kopia.txt: varning: samma innehåll som h001_skolmat.html: indexeras bara en gång; ta bort en av dem",
    "t002_navigering.txt: varning: samma id (t002_navigering) som j001_poster.jsonl:7: "
    "indexeras som t002_navigering-2c4cd9; byt namn på en av filerna eller ändra id",
    "t004_utan_datum.txt: varning: inget publiceringsdatum: lägg till raden Publicerad <datum> i texten "
    "eller published = 2021-02-17 i t004_utan_datum.meta.toml; till dess visas det under Okänt år",
    "t005_felaktig_metadata.meta.toml: fel: publiserad: okänd nyckel: "
    "använd published, updated, url, fetched, kind, persons, topics, remove_topics; "
    "metadatafilen används inte",
    "t006_okant_amne.meta.toml: fel: remove_topics: okänt ämne ”Rymdfart”: "
    "använd en etikett ur ämnesfilen (topics.toml) eller lägg till ämnet där",
    "t007_bara_navigering.txt: fel: ingen titel hittades: första raden med text ska vara rubriken",
    "forlorad.meta.toml: fel: ingen pressmeddelandefil forlorad.* bredvid: byt namn på metadatafilen eller ta bort den",
    "13 pressmeddelanden i 12 filer: 7 fel, 6 varningar",
]


def run(*args: str):
    return CliRunner().invoke(main, ["check", "--topics", str(TOPICS), *args])


def test_check_lists_every_problem_and_fails() -> None:
    result = run("--data", str(INGEST))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == EXPECTED


def test_check_json_for_machines() -> None:
    result = run("--data", str(INGEST), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["files"], data["releases"], data["errors"], data["warnings"]) == (12, 13, 7, 6)
    assert data["problems"][0] == {
        "source": "h002_odaterad.html", "severity": "warning", "file": "h002_odaterad.html",
        "reason": EXPECTED[0].split(": varning: ", 1)[1],
    }  # fmt: skip


def test_warnings_alone_exit_zero() -> None:
    result = run("--data", str(SHIPPED_RELEASES))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "002_4fac543e6dcf2c96.txt: varning: inget publiceringsdatum: lägg till raden Publicerad <datum> i "
        "texten eller published = 2021-02-17 i 002_4fac543e6dcf2c96.meta.toml; "
        "till dess visas det under Okänt år",
        "2 pressmeddelanden i 2 filer: 0 fel, 1 varning",
    ]


def test_unknown_topic_in_topics_names_the_sidecar(tmp_path: Path) -> None:
    shutil.copy(INGEST / "t003_korrigerad.txt", tmp_path / "sub.txt")
    sidecar = 'published = 2018-02-22\ntopics = ["Innovation", "Rymdfart"]\n'
    (tmp_path / "sub.meta.toml").write_text(sidecar, encoding="utf-8")
    report = check_corpus(tmp_path, ["Innovation"])
    (problem,) = report.problems
    assert problem.source == "sub.meta.toml" and "topics: okänt ämne ”Rymdfart”" in problem.reason
    assert not report.ok


def test_a_build_reports_an_unknown_topic_and_leaves_it_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(INGEST / "t003_korrigerad.txt", data / "sub.txt")
    (data / "sub.meta.toml").write_text('topics = ["Innovation", "Rymdfart"]\n', encoding="utf-8")
    report = indexer.rebuild(Settings(data, tmp_path / "ix", TOPICS))
    assert [problem.source for problem in report.skipped] == ["sub.meta.toml"]
    with indexer.open_index(tmp_path / "ix") as index:
        assert index.get("sub").topics == ("Innovation",)


def test_check_does_not_touch_the_index(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PRESSARKIV_INDEX", str(tmp_path / "ix"))
    run("--data", str(INGEST))
    assert not (tmp_path / "ix").exists()


def test_missing_data_dir() -> None:
    result = run("--data", "/saknas/helt")
    assert result.exit_code == 1
    assert "datakatalogen finns inte" in result.stdout
