"""Parsing: the shipped seeds, the fictional fixtures, Swedish dates, and hostile text.

The other input formats, sidecars and encodings are tested in ``test_formats``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.ingest.corpus import Problem, read_corpus, read_release
from indexer.ingest.dates import format_swedish_date, parse_swedish_date
from indexer.ingest.ids import disambiguated, release_id
from indexer.ingest.textformat import ParseError, parse_text
from indexer.release import Block, Contact, PersonRef, Release

from support import SHIPPED_RELEASES

SEEDS = SHIPPED_RELEASES
FIXTURES = Path(__file__).parent / "fixtures" / "releases"


#: Lines that can never become a title: navigation leftovers, blanks, a publication date.
#: Lines that are never a title: navigation, date labels and kind labels (the kind, above or below it).
NOT_TITLES = {"Start", "Relaterade länkar", "Senast uppdaterad:", "", "Publicerad 1 maj 2020", "Pressmeddelande"}


def seed(name: str) -> Release:
    return read_release(SEEDS / f"{name}.txt", SEEDS)


def test_seed_trendens_fields() -> None:
    release = seed("000_caf244de97195c71")
    assert release.id == "000_caf244de97195c71"
    assert release.title == "Trendens: Upphandla den effekt du vill ha!"
    assert release.published == dt.date(2021, 2, 17)
    assert release.year == 2021
    assert release.kind is None
    assert release.lead.startswith("Inköp som bidrar till att nå klimatmål")
    assert release.lead.endswith("nyckeln till bättre offentliga affärer.")
    lists = [block for block in release.body if block.kind == "list"]
    assert len(lists) == 1 and len(lists[0].items) == 5
    assert lists[0].items[0] == (
        "Ystads kommun minskar sin miljöpåverkan och skapar fler arbetstillfällen med delningstjänst."
    )
    quotes = [block.text for block in release.body if block.kind == "quote"]
    assert quotes[0].startswith("– Offentliga upphandlingar görs för närmare 800 miljarder")
    assert release.contacts == ()


def test_seed_annual_report_fields() -> None:
    release = seed("002_4fac543e6dcf2c96")
    assert release.title == "Grunden lagd för rätt stöd i sunda offentliga affärer"
    assert release.kind == "Pressmeddelande"
    assert release.published is None and release.year is None
    assert release.updated is None
    assert release.lead.startswith("Upphandlingsmyndighetens utveckling fortsätter")
    assert release.contacts == (
        Contact("Inger Ek", "generaldirektör Upphandlingsmyndigheten", "08-586 217 85"),
        Contact("Åsa Olsson", "kommunikationschef Upphandlingsmyndigheten", "0765-02 17 99"),
    )
    assert [b.kind for b in release.body].count("quote") == 3
    assert release.body[-1] == Block("list", items=release.body[-1].items)
    assert release.body[-1].items[-1] == "Kemikalieturné tillsammans med Kemikalieinspektionen."


@pytest.mark.parametrize("name", ["000_caf244de97195c71", "002_4fac543e6dcf2c96"])
def test_navigation_leftovers_are_not_text(name: str) -> None:
    lines = set(seed(name).text.splitlines())
    assert not lines & {"Start", "Relaterade länkar", "Relaterad information", "Senast uppdaterad:"}


def test_fixture_with_bullets_contact_email_and_kind() -> None:
    release = read_release(FIXTURES / "f001_skolmat.txt", FIXTURES)
    assert release.kind == "Nyhet"
    assert release.published == dt.date(2022, 3, 3)
    assert release.body[3] == Block(
        "list",
        items=(
            "Minst hälften av livsmedlen ska vara ekologiska.",
            "Transporterna ska drivas med förnybart bränsle.",
            "Matsvinnet ska mätas och minska.",
        ),
    )
    assert release.contacts == (
        Contact(
            "Greta Exempelsson", "upphandlingschef Exempelkommun", "012-345 67 89",
            "greta.exempelsson@exempelkommun.invalid",
        ),
    )  # fmt: skip


def test_fixture_with_bom_and_crlf_and_no_date() -> None:
    release = read_release(FIXTURES / "f002_odaterad.txt", FIXTURES)
    assert release.title == "Påhittade myndigheten redovisar året som gått"
    assert release.kind == "Pressmeddelande"
    assert release.published is None
    assert "\r" not in release.text and "\ufeff" not in release.text
    assert release.body[-1].items == ("Tolv vägledningar om upphandling.", "Trettio utbildningar.")


def test_fixture_with_iso_date_and_updated_date() -> None:
    release = read_release(FIXTURES / "f003_innovation.txt", FIXTURES)
    assert release.published == dt.date(2019, 5, 20)
    assert release.updated == dt.date(2019, 6, 4)
    assert "Senast uppdaterad" not in release.text


def test_read_corpus_skips_bad_files_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "binär.txt").write_bytes(b"\x00\x01Rubrik\n\n\x81\x8d")
    (tmp_path / "ok.txt").write_text("Rubrik\n\nText.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.txt").write_text("Samma id\n\nText.", encoding="utf-8")
    (tmp_path / ".dold.txt").write_text("Ignoreras\n", encoding="utf-8")
    items = list(read_corpus(tmp_path))
    releases = [item for item in items if isinstance(item, Release)]
    problems = {item.source: item for item in items if isinstance(item, Problem)}
    assert [r.id for r in releases] == ["ok", disambiguated("ok", "sub/ok.txt", {"ok"})]
    assert "spara filen som UTF-8" in problems["binär.txt"].reason
    assert problems["sub/ok.txt"].severity == "warning"
    assert f"samma id (ok) som ok.txt: indexeras som {releases[1].id}" in problems["sub/ok.txt"].reason
    assert set(problems) == {"binär.txt", "sub/ok.txt"}


def test_fixture_corpus_problems_name_file_and_remedy() -> None:
    problems = {p.source: p.reason for p in read_corpus(FIXTURES) if isinstance(p, Problem)}
    assert set(problems) == {"f004_tom.txt", "f005_anteckning.md"}
    assert "tom" in problems["f004_tom.txt"]
    assert "okänt filformat .md" in problems["f005_anteckning.md"]


def test_missing_data_dir_is_a_problem(tmp_path: Path) -> None:
    (problem,) = read_corpus(tmp_path / "saknas")
    assert isinstance(problem, Problem) and "finns inte" in problem.reason


def test_release_id_is_file_name_with_its_letters_and_the_rest_made_url_safe() -> None:
    assert release_id("000_caf244de97195c71") == "000_caf244de97195c71"
    assert release_id("Årsrapport 2017 (kopia)") == "Årsrapport-2017-kopia"


def test_round_trip_through_dict() -> None:
    release = seed("002_4fac543e6dcf2c96")
    assert Release.from_dict(release.to_dict()) == release


def test_dict_is_the_dataclass_as_a_dict() -> None:
    release = replace(
        seed("002_4fac543e6dcf2c96"), persons=(PersonRef("Inger Ek", "jurist"),), topics=("Klimat",),
        topic_triggers={"Klimat": ("klimatkrav",)}, contacts=(Contact("Inger Ek", "jurist", "010-1"),),
        published=dt.date(2021, 2, 17),
    )  # fmt: skip
    data = release.to_dict()
    dates = {"published": "2021-02-17", "updated": None, "year": 2021}
    assert data == {**asdict(release), **dates} and list(data) == [*asdict(release), "year"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Publicerad 17 februari 2021", dt.date(2021, 2, 17)),
        ("17 feb. 2021", dt.date(2021, 2, 17)),
        ("den 3 mars 2022", dt.date(2022, 3, 3)),
        ("2021-02-17", dt.date(2021, 2, 17)),
        ("1 SEPT 2020", dt.date(2020, 9, 1)),
        ("31 februari 2021", None),
        ("17 brumaire 2021", None),
        ("Under 2017", None),
        ("", None),
    ],
)
def test_parse_swedish_date(text: str, expected: dt.date | None) -> None:
    assert parse_swedish_date(text) == expected


def test_format_swedish_date() -> None:
    assert format_swedish_date(dt.date(2021, 2, 17)) == "17 februari 2021"


@given(st.text())
def test_parse_swedish_date_never_raises(text: str) -> None:
    assert parse_swedish_date(text) is None or isinstance(parse_swedish_date(text), dt.date)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_parse_text_returns_release_or_parse_error(text: str) -> None:
    try:
        release = parse_text(text, release_id="x", source="x.txt")
    except ParseError as error:
        assert str(error)
    else:
        assert release.title and " ".join(release.title.split()) == release.title
        assert release.title in " ".join(unicodedata.normalize("NFC", text).split())


@given(
    st.lists(
        st.sampled_from(
            ["Start", "Rubrik", "Publicerad 1 maj 2020", "Pressmeddelande", "– Citat, säger Ada.",
             "• punkt", "- punkt", "* punkt", "", "För ytterligare information, kontakta:",
             "Ada Ek, chef, 08-123 45 67", "Senast uppdaterad:", "Relaterade länkar", "Brödtext."]
        ),
        max_size=30,
    )
)  # fmt: skip
def test_parse_text_structure_never_loses_body_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        release = parse_text(text, release_id="x", source="x.txt")
    except ParseError:
        assert set(lines) <= NOT_TITLES
        return
    assert release.title
    assert all(item == "punkt" for block in release.body for item in block.items)
