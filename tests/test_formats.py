"""Input formats: robust text, saved HTML pages, JSON records, sidecars, encodings, dates."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.config import DEFAULT_TOPICS
from indexer.enrich.annotate import enrich
from indexer.enrich.topics import Taxonomy
from indexer.errors import ParseError
from indexer.ingest.corpus import PARSERS, Entry, Problem, read_corpus, read_file, read_release
from indexer.ingest.dates import date_label, parse_date_value
from indexer.ingest.encoding import decode
from indexer.ingest.htmlformat import parse_html
from indexer.ingest.jsonformat import parse_json, parse_json_lines
from indexer.ingest.sidecar import parse_sidecar
from indexer.ingest.textformat import parse_text
from indexer.release import Block, Contact, PersonRef, Release

INGEST = Path(__file__).parent / "fixtures" / "ingest"
TAXONOMY = Taxonomy.load(DEFAULT_TOPICS)
SKOLMAT_TITLE = "Exempelkommun ställer klimatkrav i upphandlingen av skolmåltider"
#: Fictional Swedish text with every letter that mojibake breaks.
SWEDISH = "Årets upphandlingar – på gång. Ökad dialog med små företag i Älvdalen, säger Åsa Ek."


def ingest(name: str) -> Release:
    return read_release(INGEST / name, INGEST)


def problems(data_dir: Path = INGEST) -> dict[str, Problem]:
    return {item.source: item for item in read_corpus(data_dir) if isinstance(item, Problem)}


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, as an editor that guesses wrong shows it."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


# -- plain text ----------------------------------------------------------------


def test_text_with_breadcrumbs_bullets_labels_and_blank_lines() -> None:
    release = ingest("t002_navigering.txt")
    assert release.title == "Testregionen inför krav på återbrukade möbler"
    assert (release.published, release.updated) == (dt.date(2021, 2, 17), dt.date(2022, 3, 3))
    assert release.kind == "Pressmeddelande"
    assert release.body[1] == Block("list", items=(
        "Begagnade skrivbord och stolar prioriteras.", "Leverantören tar tillbaka uttjänta möbler.",
        "Transporter samordnas mellan förvaltningarna.",
    ))  # fmt: skip
    assert release.body[2].kind == "quote"
    assert not {"Start", "Dela", "Skriv ut", "Relaterade länkar"} & set(release.text.splitlines())
    assert "Aktuellt" not in release.text
    assert release.provenance == {"title": "text", "published": "text", "updated": "text", "kind": "text"}


def test_text_with_bom_and_crlf_has_contacts() -> None:
    release = ingest("t001_skolmat_kopia.txt")
    assert release.title == SKOLMAT_TITLE
    assert "\r" not in release.text and "\ufeff" not in release.text
    assert release.contacts[0].email == "greta.exempelsson@exempelkommun.invalid"


def test_text_that_is_only_navigation_has_no_title() -> None:
    assert "ingen titel" in problems()["t007_bara_navigering.txt"].reason


# -- HTML ------------------------------------------------------------------------


def test_html_page_main_content_and_metadata() -> None:
    release = ingest("h001_skolmat.html")
    assert release.title == SKOLMAT_TITLE
    assert release.published == dt.date(2022, 3, 3)
    assert release.updated == dt.date(2022, 3, 4)  # the footer's label
    assert release.url.endswith(".invalid/aktuellt/exempelkommun-klimatkrav-skolmaltider/")
    assert release.kind == "Nyhet"
    assert release.lead.startswith("Exempelkommun har upphandlat skolmåltider")
    assert [block.kind for block in release.body] == ["paragraph", "quote", "paragraph", "list", "paragraph"]
    assert release.body[3].items[2] == "Matsvinnet ska mätas och minska."
    assert release.contacts == (Contact(
        "Greta Exempelsson", "upphandlingschef Exempelkommun", "012-345 67 89",
        "greta.exempelsson@exempelkommun.invalid",
    ),)  # fmt: skip
    assert release.provenance == {
        "title": "html-meta", "published": "html-meta", "url": "html-meta", "updated": "text", "kind": "text",
    }  # fmt: skip
    for leftover in ("Om oss", "Sök", "Box 0", "Klimatkrav i upphandling", "Dela"):
        assert leftover not in release.text


def test_html_without_a_stated_date_gets_none() -> None:
    release = ingest("h002_odaterad.html")
    assert release.published is None and release.updated is None  # dates in the text are not guessed
    assert release.year is None


def test_html_publication_label_line_breaks_and_plain_blockquote() -> None:
    release = ingest("h003_etikett.htm")
    assert release.title == "Testregionen startar leverantörsdialog om vårdtjänster"
    assert release.published == dt.date(2021, 2, 17)
    assert release.provenance["published"] == "text"
    assert release.url == "https://testregionen.invalid/nyheter/leverantorsdialog/"
    assert [b.text for b in release.body[:2]] == [
        "Dialogen pågår under våren. Alla leverantörer kan anmäla sig.",
        "Anmälan görs senast den 1 april 2021.",
    ]
    assert release.body[2].kind == "quote"


def test_text_file_holding_a_web_page_is_read_as_html(tmp_path: Path) -> None:
    (tmp_path / "sida.txt").write_bytes((INGEST / "h003_etikett.htm").read_bytes())
    release = read_release(tmp_path / "sida.txt", tmp_path)
    assert release.url == "https://testregionen.invalid/nyheter/leverantorsdialog/"
    assert "<" not in release.text


def test_same_release_as_text_and_html_is_indexed_once_with_a_warning() -> None:
    releases = [item.id for item in read_corpus(INGEST) if isinstance(item, Release)]
    assert "h001_skolmat" in releases and "t001_skolmat_kopia" not in releases
    duplicate = problems()["t001_skolmat_kopia.txt"]
    assert duplicate.severity == "warning" and "samma innehåll som h001_skolmat.html" in duplicate.reason


# -- JSON ------------------------------------------------------------------------


def test_json_lines_records_and_problems_per_line() -> None:
    releases = {item.id: item for item in read_corpus(INGEST) if isinstance(item, Release)}
    first = releases["j001-a"]
    assert first.source == "j001_poster.jsonl"
    assert first.published == dt.date(2020, 10, 5)
    assert [b.kind for b in first.body] == ["paragraph", "quote", "list"]
    assert first.persons == (PersonRef("Karin Testberg", "generaldirektör"),)
    second = releases["j001-b"]
    assert second.published == dt.date(2021, 2, 17)
    assert [b.kind for b in second.body] == ["paragraph", "quote", "list"]
    found = problems()
    assert "id:" in found["j001_poster.jsonl:4"].reason
    assert "inte giltig JSON" in found["j001_poster.jsonl:5"].reason
    assert "publicerad: okänd nyckel" in found["j001_poster.jsonl:6"].reason
    assert "samma id (t002_navigering) som j001_poster.jsonl:7" in found["t002_navigering.txt"].reason


def test_json_file_takes_its_id_from_the_file_and_joins_wrapped_lines() -> None:
    release = ingest("j002_enskild.json")
    assert release.id == "j002_enskild"
    assert release.published == dt.date(2022, 3, 3)
    assert release.body == (
        Block("paragraph", text="Myndigheten tillstyrker förslaget med några ändringar."),
        Block("list", items=("Tydligare övergångsregler", "Bättre vägledning")),
    )


def test_given_persons_and_topics_win_over_extraction() -> None:
    releases = {item.id: item for item in read_corpus(INGEST) if isinstance(item, Release)}
    given = enrich(releases["j001-a"], TAXONOMY)
    assert given.persons == (PersonRef("Karin Testberg", "generaldirektör"),)
    assert given.topics == ("Livsmedel och måltider",)
    extracted = enrich(releases["j001-b"], TAXONOMY)
    assert extracted.provenance["persons"] == "extracted"
    assert "Greta Exempelsson" in [person.name for person in extracted.persons]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"title": "x", "published": "2021-02-30"}, "published: ska vara ett datum"),
        ({"title": "", "body": "x"}, "title: ska vara en text som inte är tom"),
        ({"title": "x", "persons": "Ada"}, "persons: ska vara en lista"),
        ({"title": "x", "body": [{"kind": "rubrik", "text": "x"}]}, "body[0].kind"),
        ({"title": "x", "url": "www.exempel.invalid"}, "url: ska vara en webbadress"),
        ([1, 2], "JSON-objekt"),
    ],
)
def test_bad_json_record_names_the_field(record: object, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("[", r"\[").replace(".", r"\.")):
        parse_json(json.dumps(record), release_id="x", source="x.json")


# -- sidecars --------------------------------------------------------------------


def test_sidecar_values_win_and_are_marked() -> None:
    release = ingest("t003_korrigerad.txt")
    assert release.published == dt.date(2018, 2, 22)
    assert release.url == "https://pahittade-myndigheten.invalid/aktuellt/fragesservice/"
    assert release.kind == "Pressmeddelande"
    assert release.persons == (PersonRef("Karin Testberg", "enhetschef"), PersonRef("Nils Påhittad"))
    assert release.topics == ("Kompetens och stöd", "Upphandlingsregler och juridik")
    for name in ("published", "url", "kind", "persons", "topics"):
        assert release.provenance[name] == "sidecar"
    enriched = enrich(release, TAXONOMY)
    assert (enriched.persons, enriched.topics) == (release.persons, release.topics)
    assert Release.from_dict(enriched.to_dict()) == enriched


def test_sidecar_remove_topics_drops_an_extracted_topic() -> None:
    release = ingest("t006_okant_amne.txt")
    assert release.removed_topics == ("Hållbarhet och klimat", "Rymdfart")
    extracted = enrich(replace(release, removed_topics=()), TAXONOMY).topics
    assert extracted == ("Hållbarhet och klimat", "Digitalisering")
    enriched = enrich(release, TAXONOMY)
    assert enriched.topics == ("Digitalisering",)
    assert enriched.provenance["topics"] == "extracted"


def test_bad_and_stray_sidecars_are_problems_but_the_release_is_taken() -> None:
    found = problems()
    bad = found["t005_felaktig_metadata.meta.toml"]
    assert "publiserad: okänd nyckel" in bad.reason and "används inte" in bad.reason
    assert ingest("t005_felaktig_metadata.txt").published == dt.date(2020, 9, 1)
    assert "ingen pressmeddelandefil forlorad.*" in found["forlorad.meta.toml"].reason
    ids = {item.id for item in read_corpus(INGEST) if isinstance(item, Release)}
    assert "forlorad" not in ids and "t003_korrigerad" in ids


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("published = 12", "published: ska vara ett datum"),
        ('persons = [{ namn = "Ada" }]', r"persons\[0\]\.namn: okänd nyckel"),
        ('topics = "Innovation"', "topics: ska vara en lista"),
        ("published = ", "inte giltig TOML"),
    ],
)
def test_bad_sidecar_values_name_the_key(toml: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_sidecar(toml.encode())


def test_sidecar_takes_swedish_date_text_and_datetime() -> None:
    assert parse_sidecar(b'published = "17 feb. 2021"')["published"] == dt.date(2021, 2, 17)
    assert parse_sidecar(b"updated = 2021-02-17T10:00:00")["updated"] == dt.date(2021, 2, 17)


def test_harvest_sidecar_gives_address_and_fetch_time_marked_as_harvested(tmp_path: Path) -> None:
    (tmp_path / "h001_skolmat.html").write_bytes((INGEST / "h001_skolmat.html").read_bytes())
    (tmp_path / "h001_skolmat.meta.toml").write_text(
        'url = "https://pahittade-myndigheten.invalid/aktuellt/skolmat/"\n'
        "fetched = 2024-03-05T08:30:00Z\nkind = \"Pressmeddelande\"\n", encoding="utf-8"
    )  # fmt: skip
    release = read_release(tmp_path / "h001_skolmat.html", tmp_path)
    assert release.url == "https://pahittade-myndigheten.invalid/aktuellt/skolmat/"
    assert release.fetched == dt.datetime(2024, 3, 5, 8, 30, tzinfo=dt.UTC)
    assert (release.provenance["url"], release.provenance["fetched"]) == ("harvest", "harvest")
    assert release.provenance["kind"] == "sidecar"  # a curator's key beside the harvest's
    assert release.to_dict()["fetched"] == "2024-03-05T08:30:00+00:00"
    assert Release.from_dict(release.to_dict()) == release


def test_sidecar_url_without_fetch_time_is_a_curators() -> None:
    assert ingest("t003_korrigerad.txt").provenance["url"] == "sidecar"
    assert ingest("t003_korrigerad.txt").fetched is None


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("fetched = 2024-03-05T09:30:00+01:00", dt.datetime(2024, 3, 5, 8, 30, tzinfo=dt.UTC)),
        ('fetched = "2024-03-05T08:30:00Z"', dt.datetime(2024, 3, 5, 8, 30, tzinfo=dt.UTC)),
    ],
)
def test_sidecar_fetch_time_forms(toml: str, expected: dt.datetime) -> None:
    assert parse_sidecar(toml.encode())["fetched"] == expected


@pytest.mark.parametrize(
    "toml", ["fetched = 2024-03-05T08:30:00", "fetched = 2024-03-05", 'fetched = "i går"', "fetched = 3"]
)
def test_sidecar_fetch_time_needs_a_time_zone(toml: str) -> None:
    with pytest.raises(ParseError, match="fetched: ska vara en tidpunkt med tidszon"):
        parse_sidecar(toml.encode())


# -- encodings -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        ("Rubrik\n\n" + SWEDISH).encode("utf-8"),
        codecs.BOM_UTF8 + ("Rubrik\n\n" + SWEDISH).encode("utf-8"),
        ("\ufeffRubrik\n\n" + SWEDISH).encode("utf-16-le"),
        ("\ufeffRubrik\n\n" + SWEDISH).encode("utf-16-be"),
        ("Rubrik\r\n\r\n" + SWEDISH).encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252"],
)
def test_encodings_read_to_the_same_text(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "a.txt").write_bytes(data)
    release = read_release(tmp_path / "a.txt", tmp_path)
    assert (release.title, release.lead) == ("Rubrik", SWEDISH)


def test_mojibake_is_repaired_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(mojibake("Rubrik om år\n\n" + SWEDISH), encoding="utf-8")
    (tmp_path / "b.txt").write_text(mojibake(mojibake("Rubrik två\n\n" + SWEDISH)), encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        items = read_file(tmp_path / name, tmp_path)
        warning, entry = items
        assert isinstance(entry, Entry) and entry.release.lead == SWEDISH
        assert warning.severity == "warning" and "reparerad" in warning.reason


def test_mixed_mojibake_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Rubrik på svenska\n\n" + mojibake(SWEDISH), encoding="utf-8")
    (problem,) = read_file(tmp_path / "a.txt", tmp_path)
    assert "felkodad" in problem.reason and "Ã" in problem.reason and "spara om filen" in problem.reason


@pytest.mark.parametrize("data", [bytes(range(256)), b"\x00\x01\x02Rubrik", b"\x81\x8d\x8f"])
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(ParseError):
        decode(data)


@given(st.binary(max_size=300))
def test_decode_returns_text_or_parse_error(data: bytes) -> None:
    try:
        decoded = decode(data)
    except ParseError as error:
        assert str(error)
    else:
        assert "Ã¥" not in decoded.text and "\x00" not in decoded.text


# -- dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Publicerad 17 februari 2021", ("published", dt.date(2021, 2, 17))),
        ("Publicerad: den 3 mars 2022", ("published", dt.date(2022, 3, 3))),
        ("Publicerad 2022-03-03, 10:15", ("published", dt.date(2022, 3, 3))),
        ("Uppdaterad: 17 feb. 2021", ("updated", dt.date(2021, 2, 17))),
        ("Senast uppdaterad 3 mars 2022 kl. 09.00", ("updated", dt.date(2022, 3, 3))),
        ("Senast uppdaterad:", ("updated", None)),
        ("Publicerade siffror visar 3 mars 2022", None),
        ("Uppdaterad lista över ramavtal publiceras 3 mars 2022", None),
        ("Publicerad 31 februari 2021", None),
    ],
)
def test_date_labels(line: str, expected: tuple | None) -> None:
    assert date_label(line) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-02-17", dt.date(2021, 2, 17)),
        ("2022-03-03T09:00:00+01:00", dt.date(2022, 3, 3)),
        ("den 3 mars 2022", dt.date(2022, 3, 3)),
        ("17 feb. 2021", dt.date(2021, 2, 17)),
        ("2021-02-17 och sedan", None),
        ("våren 2021", None),
    ],
)
def test_date_values_must_be_one_date(value: str, expected: dt.date | None) -> None:
    assert parse_date_value(value) == expected


# -- hostile input ---------------------------------------------------------------

HTML_PARTS = [
    "<p>", "</p>", "<ul><li>", "</li></ul>", "<h1>Rubrik</h1>", "<blockquote>", "Publicerad 1 maj 2020", "<br>",
    "Text om upphandling.", "<meta name=date content=x>", "&amp;",
    "<script type='application/ld+json'>{\"datePublished\": 5}</script>",
]  # fmt: skip
_PARSERS = sorted({*PARSERS.values()}, key=lambda parser: parser.__name__)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(_PARSERS))
def test_parsers_take_random_bytes(data: bytes, parser) -> None:
    try:
        release = parser(decode(data).text, release_id="x", source="x")
    except ParseError as error:
        assert str(error)
    else:
        assert release.title


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.sampled_from([*_PARSERS, parse_sidecar, parse_json_lines]))
def test_parsers_take_random_text(text: str, parser) -> None:
    try:
        if parser is parse_sidecar:
            parse_sidecar(text.encode("utf-8", errors="replace"))
        elif parser is parse_json_lines:
            for _, item in parse_json_lines(text, source="x.jsonl"):
                assert isinstance(item, (Release, ParseError))
        else:
            assert parser(text, release_id="x", source="x").title
    except ParseError as error:
        assert str(error)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(HTML_PARTS), max_size=30))
def test_html_parser_takes_random_markup(parts: list[str]) -> None:
    try:
        release = parse_html("".join(parts), release_id="x", source="x.html")
    except ParseError as error:
        assert str(error)
    else:
        assert release.title and "<" not in release.title


def test_the_person_facet_takes_full_names_only() -> None:
    release = Release(id="x", title="Rubrik", source="x.txt",
                      lead="– Det är bra, säger Borg. Anna Påhittad, enhetschef, håller med.")  # fmt: skip
    assert [person.name for person in enrich(release, TAXONOMY).persons] == ["Anna Påhittad"]


@pytest.mark.parametrize("label", ["Pressmeddelande", "Nyhet", "NYHET"])
def test_a_kind_label_above_or_below_the_title_is_the_kind(label: str) -> None:
    above = f"Start\n\n{label}\n\nKommunen köper cyklar\n\nPublicerad 1 mars 2024\n\nText."
    below = f"Kommunen köper cyklar\n\n{label}\n\nText."
    for text in (above, below):
        release = parse_text(text, release_id="a", source="a.txt")
        assert (release.title, release.lead) == ("Kommunen köper cyklar", "Text.")
        assert release.kind == label.capitalize()


def test_an_html_page_titled_by_its_kind_label_takes_the_heading_below_it() -> None:
    page = (
        "<html><head><title>Pressmeddelande</title></head><body><article>"
        "<p>Pressmeddelande</p><h1>Regionen inför klimatkrav</h1><p>Publicerad 3 maj 2023</p>"
        "<p>Regionen ställer nya klimatkrav på alla transporter som upphandlas från och med i höst.</p>"
        "<p>Kraven gäller både nya och förlängda avtal och följs upp varje år.</p>"
        "</article></body></html>"
    )
    release = parse_html(page, release_id="h", source="h.html")
    assert (release.title, release.kind) == ("Regionen inför klimatkrav", "Pressmeddelande")
