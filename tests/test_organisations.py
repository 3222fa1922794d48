"""Organisation extraction: the seed releases, normalisation, genitives, negatives, robustness."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.enrich import Organisation, extract_organisations, extract_persons
from indexer.enrich.names import countries

from support import SHIPPED_RELEASES


def seed(prefix: str) -> str:
    """The text of the seed release whose file name starts with ``prefix``."""
    (path,) = (SHIPPED_RELEASES).glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def names(text: str) -> list[str]:
    return [organisation.name for organisation in extract_organisations(text)]


def mentions(text: str, organisation: Organisation) -> list[str]:
    return [text[start:end] for start, end in organisation.spans]


def test_seed_000_organisations() -> None:
    # Hallstahammar alone is a place; only "Hallstahammars kommun" would be the organisation.
    assert names(seed("000")) == [
        "Upphandlingsmyndigheten",
        "Ystads kommun",
        "Uppsala kommun",
        "Varuförsörjningsnämnden",
    ]


def test_seed_002_organisations_leave_out_the_government_as_a_common_noun() -> None:
    # "regeringen" is written in lower case: the government in office, not a named organisation.
    assert names(seed("002")) == ["Upphandlingsmyndigheten", "Kemikalieinspektionen"]


def test_seed_spans_point_at_every_mention_genitives_included() -> None:
    text = seed("002")
    agency = extract_organisations(text)[0]
    assert mentions(text, agency) == ["Upphandlingsmyndighetens"] * 3 + ["Upphandlingsmyndigheten"] * 2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ystad kommun och Ystads kommuns skolor.", ["Ystads kommun"]),
        ("Uppsala kommuns måltidsenhet och Uppsala kommun.", ["Uppsala kommun"]),
        ("Upphandlingsmyndighetens rapport.", ["Upphandlingsmyndigheten"]),
        ("Region Skånes inköp och Region Skåne.", ["Region Skåne"]),
        ("SCB och Statistiska centralbyråns siffror.", ["Statistiska centralbyrån"]),
        ("Enligt Moderaternas förslag.", ["Moderaterna"]),
        ("Exempelverkets och Exempelverket.", ["Exempelverket"]),
        ("UPPHANDLINGSMYNDIGHETEN informerar.", ["Upphandlingsmyndigheten"]),
    ],
)
def test_one_canonical_name_per_organisation(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Arbetsförmedlingen och Kemikalieinspektionen.", ["Arbetsförmedlingen", "Kemikalieinspektionen"]),
        ("Påhittade Teknik AB och AB Exempelbolag.", ["Påhittade Teknik AB", "AB Exempelbolag"]),
        ("Volvo AB köper.", ["Volvo AB"]),
        ("Stockholms läns landsting och Malmö stad.", ["Stockholms läns landsting", "Malmö stad"]),
        ("Forskare vid Lunds universitet och Region Västra Götaland.",
         ["Lunds universitet", "Region Västra Götaland"]),
        ("Exempelstads IF mötte IFK Påhittby.", ["Exempelstads IF", "IFK Påhittby"]),
        ("Enligt Påhittade Dagblad.", ["Påhittade Dagblad"]),
        ("Kammarkollegiet och Sveriges Kommuner och Regioner.",
         ["Kammarkollegiet", "Sveriges Kommuner och Regioner"]),
        # A capitalised adjective before a body's noun, also at a sentence start.
        ("Chef på Låtsade myndigheten och Låtsade myndighetens nämnd.", ["Låtsade myndigheten"]),
        ("Testiga inköpscentralen och Provade kommunen avtalar.",
         ["Testiga inköpscentralen", "Provade kommunen"]),
        ("Det visar Provat Näringsliv och Svenskt Näringsliv.", ["Provat Näringsliv", "Svenskt Näringsliv"]),
        # One-word municipalities and a court with its seat.
        ("Provbykommun och Provbykommuns skolor.", ["Provbykommun"]),
        ("Förvaltningsrätten i Provstad och Länsstyrelsen i Västra Provlands län.",
         ["Förvaltningsrätten i Provstad", "Länsstyrelsen i Västra Provlands län"]),
        ("EU-kommissionen och Europeiska kommissionen.", ["EU-kommissionen"]),
    ],
)  # fmt: skip
def test_kinds_of_organisation(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hallstahammar finansierar renovering.",
        "Stockholms län och Sverige växer.",
        "regeringen, polisen och riksdagen är gemensamma substantiv.",
        "Verket och Styrelsen börjar meningar.",
        "Nätverket växer. Stockholmsområdet. Regelverket.",
        "Under 2017 ökade inköpen. Relaterade länkar.",
        "Anna Berg och Inger Ek talade.",
        "Ystads\nkommun står på två rader.",
        "Hela kommunen, Nya myndigheten och Varje kommun börjar meningar.",
        "Franska storbanken växer. Hemkommunen och Grannkommun.",
        "I hela EU gäller EU:s regler och EU-direktiv.",
        "Enligt Jonas går det bra. Förvaltningsrätten beslutade.",
    ],
)
def test_no_organisation_in_places_persons_common_nouns_or_headings(text: str) -> None:
    assert extract_organisations(text) == []


def test_persons_are_not_taken_from_organisation_names() -> None:
    text = "Det säger Sveriges Kommuner och Regioner, och Inger Ek på Exempelverket."
    assert [person.name for person in extract_persons(text)] == ["Inger Ek"]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.tuples(
                st.sampled_from(["Ystads", "Ystad", "kommun", "kommuns", "Region", "Skåne", "AB", "läns",
                                 "landsting", "Upphandlingsmyndighetens", "IF", "SCB", "Västra", "s"])
                | st.text(max_size=6),
                st.sampled_from([" ", ", ", "\n", ". ", ":"]),
            ),
            max_size=25,
        ).map(lambda parts: "".join(word + sep for word, sep in parts)),
    )
)  # fmt: skip
def test_any_text_gives_well_formed_organisations(text: str) -> None:
    found = extract_organisations(text)
    assert len({organisation.name for organisation in found}) == len(found)
    for organisation in found:
        assert organisation.name and organisation.spans
        for start, end in organisation.spans:
            assert 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected", "written"),
    [
        ("Beslutet togs av Borås Stad i går.", "Borås stad", "Borås Stad"),
        ("Beslutet togs av Borås stad i går.", "Borås stad", "Borås stad"),
        ("Göteborgs Stads nämnder beslutade.", "Göteborgs stad", "Göteborgs Stads"),
        ("Beslutet togs av Malmö stad i går.", "Malmö stad", "Malmö stad"),
        ("Avtalet gäller Region Exempelland från maj.", "Region Exempelland", "Region Exempelland"),
        ("Region Exempellands sjukhus köper in.", "Region Exempelland", "Region Exempellands"),
        ("Avtalet tecknades av Exempelstads kommun.", "Exempelstads kommun", "Exempelstads kommun"),
        ("Avtalet tecknades av Exempelstad kommun.", "Exempelstads kommun", "Exempelstad kommun"),
        ("Avtalet tecknades av Exempelstads Kommun.", "Exempelstads kommun", "Exempelstads Kommun"),
        ("Det beslutade Västra Götalandsregionen.", "Västra Götalandsregionen", "Västra Götalandsregionen"),
    ],
)
def test_official_spellings_of_municipalities_and_regions(text: str, expected: str, written: str) -> None:
    (found,) = extract_organisations(text)
    assert found.name == expected and mentions(text, found) == [written]


def test_every_spelling_of_one_municipality_is_one_organisation() -> None:
    text = "Borås Stad och Borås stad är samma. Exempelstad kommun heter Exempelstads kommun."
    assert names(text) == ["Borås stad", "Exempelstads kommun"]


def test_well_known_companies_and_media() -> None:
    text = "Vattenfall och Telia sa till Sveriges Radio att Googles tjänst inte används."
    assert names(text) == ["Vattenfall", "Telia", "Sveriges Radio", "Google"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A town is a team in a sentence about a game: a word of a game or a result.
        ("Provby besegrade Exempelköping med 6 – 3 i matchen.", []),  # unknown words are no towns
        ("Timrå besegrade Karlskoga på hemmaplan.", ["Timrå", "Karlskoga"]),
        ("Seger även för Karlskrona hemma mot Tingsryd, 3 – 0.", ["Karlskrona", "Tingsryd"]),
        ("Timrås målvakt räddade allt.", ["Timrå"]),
        ("Norrköping Dolphins vann mot Uppsala med 99 – 85.", ["Norrköping Dolphins", "Uppsala"]),
        # ... but never after a locative, nor a country, nor a person's surname.
        ("Matchen spelades i Mora och i Karlskoga.", []),
        ("Schweiz vann sin premiärmatch mot Lettland.", []),
        ("Leo Messi gjorde två mål i matchen.", []),
        # A sentence about no game, and a range of amounts, leave the towns alone.
        ("Mora och Karlskoga växer. Priserna steg 10–15 procent i Mora.", []),
    ],
)
def test_teams_named_by_their_town_in_sentences_about_a_game(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_person_in_a_sentence_about_a_game_stays_a_person() -> None:
    text = "Leo Messi gjorde två mål i matchen mot Karlskoga."
    assert [person.name for person in extract_persons(text)] == ["Leo Messi"]
    assert names(text) == ["Karlskoga"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Clubs, unions, international bodies and media of general knowledge are in the gazetteer.
        ("Brynäs mötte Arsenal och Evertons tränare.", ["Brynäs IF", "Arsenal", "Everton"]),
        ("Det säger LO, Unionen och WHO.", ["Landsorganisationen", "Unionen", "Världshälsoorganisationen"]),
        # A club named by a place is no club after a locative.
        ("Frölunda vann. Han bor i Frölunda.", ["Frölunda HC"]),
        # A name that is also a common word counts only inside a sentence.
        ("Det skriver Metro och Fokus.", ["Metro", "Fokus"]),
        ("Metro byggs ut. Fokus ligger på priset. Företagarna i kommunen är nöjda.", []),
    ],
)
def test_gazetteer_of_general_knowledge(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Svenska Gymnastikförbundet meddelade det.", ["Svenska Gymnastikförbundet"]),
        ("Svenska provförbundets styrelse.", ["Svenska provförbundet"]),
        ("Provförvaltningen och Provkontoret svarar.", ["Provförvaltningen", "Provkontoret"]),
        ("Påhittgymnasiet och Kvinnojouren i Provby.", ["Påhittgymnasiet", "Kvinnojouren"]),
        ("Statsrådet svarar. Stockholmsområdet växer. Hovrättsrådet Kim Ek.", []),
    ],
)
def test_bodies_by_their_ending(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_countries_come_in_swedish_from_babel() -> None:
    assert {"Schweiz", "Kanada", "Sverige"} <= countries() and "Mora" not in countries()


def test_a_town_is_a_team_only_in_the_sentence_about_the_game() -> None:
    text = "Matchen slutade 3 – 1 för Timrå. Karlskoga växer, och Luleå bygger en arena."
    assert names(text) == ["Timrå"]


@pytest.mark.parametrize(
    ("text", "expected", "written"),
    [
        ("Hon sa det till TV4 i går.", ["TV4"], ["TV4"]),
        ("TV4s tittare och Tele2 som operatör.", ["TV4", "Tele2"], ["TV4", "Tele2"]),
        ("Han sa det till TV 4 och till TV 4-nyheterna.", ["TV4"], ["TV 4", "TV 4"]),
        ("Programmet sändes på TV i går och i TV45 och TV 45.", [], []),
        ("Det står på Tele i dag.", [], []),
    ],
)
def test_a_name_that_ends_in_digits_needs_them(text: str, expected: list[str], written: list[str]) -> None:
    found = extract_organisations(text)
    assert [organisation.name for organisation in found] == expected
    assert [mention for organisation in found for mention in mentions(text, organisation)] == written
