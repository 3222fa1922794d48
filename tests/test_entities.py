"""Person extraction: the seed releases exactly, name forms, roles, negatives, robustness."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.enrich.names import (
    NAME_GAP,
    WORD,
    WordMemo,
    capitalised_indexes,
    capitalised_words,
    shape,
    text_words,
    tokenize,
    word_indexes,
)
from indexer.enrich.organisations import _sentence_around
from indexer.enrich.persons import Person, _Spans, extract_persons, first_names

from support import SHIPPED_RELEASES

RELEASES = SHIPPED_RELEASES
FIXTURES = Path(__file__).parent / "fixtures" / "entities"


def seed(prefix: str) -> str:
    """The text of the seed release whose file name starts with ``prefix``."""
    (path,) = RELEASES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def roles(text: str) -> dict[str, str | None]:
    return {person.name: person.role for person in extract_persons(text)}


def mentions(text: str, person: Person) -> list[str]:
    return [text[start:end] for start, end in person.spans]


def test_seed_000_persons_and_roles() -> None:
    assert list(roles(seed("000")).items()) == [
        ("Inger Ek", "generaldirektör"),
        ("Tommy Levinsson", "(S) vice ordförande i Varuförsörjningsnämnden"),
        ("Mattias Johansson", "inköpschef på Ystads kommun"),
    ]


def test_seed_002_persons_and_roles_from_quotes_and_contact_block() -> None:
    assert list(roles(seed("002")).items()) == [
        ("Inger Ek", "generaldirektör Upphandlingsmyndigheten"),
        ("Åsa Olsson", "kommunikationschef Upphandlingsmyndigheten"),
    ]


@pytest.mark.parametrize("prefix, count", [("000", 3), ("002", 4)])
def test_seed_spans_point_at_every_mention(prefix: str, count: int) -> None:
    text = seed(prefix)
    inger = extract_persons(text)[0]
    assert mentions(text, inger) == ["Inger Ek"] * count
    assert list(inger.spans) == sorted(inger.spans)


@pytest.mark.parametrize(
    "not_a_person",
    ["Start", "Trendens", "Ystads", "Uppsala", "Hallstahammar", "Regionsamarbetet", "Relaterade",
     "Under", "Kemikalieinspektionen", "ESF", "Pressmeddelande", "Upphandlingsmyndighetens"],
)  # fmt: skip
def test_seed_places_organisations_and_headings_are_not_persons(not_a_person: str) -> None:
    for text in (seed("000"), seed("002")):
        assert all(not_a_person not in person.name for person in extract_persons(text))


def test_genitive_is_normalised_and_later_mentions_join_the_full_name() -> None:
    text = "Det är Inger Eks förslag. Inger Ek är nöjd. Eks kollegor håller med, och Ek själv också."
    (person,) = extract_persons(text)
    assert person.name == "Inger Ek"
    assert mentions(text, person) == ["Inger Eks", "Inger Ek", "Eks", "Ek"]


def test_nominative_surnames_ending_in_s_keep_their_s() -> None:
    assert list(roles("Jonas Thomas, handläggare, och Mattias Johansson träffades.")) == [
        "Jonas Thomas",
        "Mattias Johansson",
    ]


def test_capitals_are_normalised() -> None:
    text = "INGER EK, GENERALDIREKTÖR, kommenterade."
    (person,) = extract_persons(text)
    assert person.name == "Inger Ek"
    assert mentions(text, person) == ["INGER EK"]


def test_fictional_release_with_hyphenated_double_names_and_particles() -> None:
    text = (FIXTURES / "fiktivt_pressmeddelande.txt").read_text(encoding="utf-8")
    persons = extract_persons(text)
    assert [(p.name, p.role) for p in persons] == [
        ("Anna-Karin Bergqvist", "kostchef på Påhittade kommunen"),
        ("Karl Johan af Ekelund", None),
        ("Lars von Stjärnkvist", "vice ordförande i Fiktiva nämnden"),
        ("Ola Tvärsköld", "pressansvarig"),
    ]
    anna_karin, karl_johan, lars, _ = persons
    assert mentions(text, anna_karin) == ["Anna-Karin Bergqvist"] * 2 + ["Bergqvists", "Anna-Karin Bergqvist"]
    assert mentions(text, karl_johan) == ["Karl Johan af Ekelund", "Ekelunds"]
    assert mentions(text, lars) == ["Lars von Stjärnkvist", "Stjärnkvist"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Cues admit a name whose first name is in no list.
        ("– Bra, säger biträdande enhetschef Zorbulak Vemtrå.", ("Zorbulak Vemtrå", "biträdande enhetschef")),
        ("Zorbulak Vemtrå, pressansvarig, 0100-123 45 67", ("Zorbulak Vemtrå", "pressansvarig")),
        # A role stops at phone numbers, e-mail addresses and contact words.
        ("Per Fiktivsson, jurist på Testverket tel. 0100-12 34", ("Per Fiktivsson", "jurist på Testverket")),
        ("Maria Påhittsson, analytiker maria@exempel.invalid", ("Maria Påhittsson", "analytiker")),
        ("Ulf Låtsasson, upphandlare 0100-12 34 56", ("Ulf Låtsasson", "upphandlare")),
        # A role may hold "och"; it ends at the comma, not at the conjunction.
        ("Anna Berg, chef för upphandling och inköp på Exempelkommunen, säger att det går bra.",
         ("Anna Berg", "chef för upphandling och inköp på Exempelkommunen")),
        # Definite role words count too.
        ("– Bra, säger ordföranden Lisa Strand.", ("Lisa Strand", "ordföranden")),
        ("– Bra, säger Kalle Provgård, mjölkproducent i byn.", ("Kalle Provgård", "mjölkproducent i byn")),
        # A common word is a surname when the cues say so.
        ("– Bra, säger Nils Inbillad, ordförande i Provnämnden.", ("Nils Inbillad", "ordförande i Provnämnden")),
        # Without a title, a relative clause says what the person does.
        ("– Bra, säger Lina Provmark, som driver ett elföretag i kommunen.",
         ("Lina Provmark", "driver ett elföretag i kommunen")),
    ],
)  # fmt: skip
def test_roles_from_cues(sentence: str, expected: tuple[str, str]) -> None:
    assert list(roles(sentence).items()) == [expected]


def test_two_roles_in_one_sentence_are_split_at_the_next_person() -> None:
    text = "Panelen: Olle Fiktiv, upphandlare i Exempelstad och regionens direktör Eva Påhitt."
    assert roles(text) == {"Olle Fiktiv": "upphandlare i Exempelstad", "Eva Påhitt": "direktör"}


def test_a_modifier_alone_is_no_role() -> None:
    assert roles("Anna Berg, tidigare i år, sa att det går bra.") == {"Anna Berg": None}


def test_the_most_informative_role_wins() -> None:
    text = "– Bra, säger generaldirektör Inger Ek.\n\nInger Ek, generaldirektör Exempelverket, 0100-11 22"
    assert roles(text) == {"Inger Ek": "generaldirektör Exempelverket"}


def test_a_title_wins_over_a_longer_clause() -> None:
    text = "– Bra, säger Anna Provander, som har lett projektet i många år.\n\nAnna Provander, projektledare"
    assert roles(text) == {"Anna Provander": "projektledare"}


def test_a_common_word_after_a_first_name_needs_a_cue() -> None:
    assert roles("Nils Inbillad kom.") == {}
    assert roles("säger Nils Inbillad.") == {"Nils Inbillad": None}


def test_hans_is_a_first_name_before_a_surname_but_not_before_a_noun() -> None:
    assert list(roles("Hans Provberg efterträder Hans Exempelblad.")) == ["Hans Provberg", "Hans Exempelblad"]
    assert roles("Hans tolkning var fel. Hans Ekonomi stod still.") == {}


def test_foreign_first_names_and_surnames_the_dictionary_lists_bare() -> None:
    assert list(roles("Vann gjorde Katherine Heigl före Serena Williams.")) == ["Katherine Heigl", "Serena Williams"]


@pytest.mark.parametrize(
    "text",
    [
        "Under 2017 ökade Region Skåne sina inköp i Malmö stad.",
        "Start av projektet. Sverige och Norge samarbetar.",
        "Det säger Sveriges Kommuner och Regioner.",
        "Svea Ekonomi och Exempelbolaget växer.",
        "Nu Har Vi Startat.",
        "Med Ystads kommun samarbetar Hallstahammar.",
        "Inger\nEk står på två rader och är därför inget namn.",
        "Anna ringde. Berg svarade.",
    ],
)
def test_no_person_in_places_organisations_or_sentence_starts(text: str) -> None:
    assert extract_persons(text) == []


def test_a_surname_alone_before_the_full_name_is_not_a_mention() -> None:
    text = "Ek är ett träd. Sedan talade Inger Ek."
    (person,) = extract_persons(text)
    assert mentions(text, person) == ["Inger Ek"]


def test_gazetteer_keeps_swedish_names_and_drops_common_words() -> None:
    names = first_names()
    assert {"Inger", "Åsa", "Tommy", "Mattias", "Per", "Björn"} <= names
    assert not {"Under", "Start", "Den", "Nu", "Med"} & names


NAME_WORDS = [
    "Inger",
    "Ek",
    "Eks",
    "EK",
    "Anna-Karin",
    "af",
    "von",
    "Berg",
    "säger",
    "generaldirektör",
    "Start",
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.tuples(
                st.sampled_from(NAME_WORDS) | st.text(max_size=6),
                st.sampled_from([" ", ", ", "\n", ". ", "s "]),
            ),
            max_size=25,
        ).map(lambda parts: "".join(word + sep for word, sep in parts)),
    )
)
def test_any_text_gives_well_formed_persons(text: str) -> None:
    for person in extract_persons(text):
        first, *_, surname = person.name.casefold().split() * 2
        assert person.full_name == (len(person.name.split()) >= 2)
        assert person.spans
        for start, end in person.spans:
            assert 0 <= start < end <= len(text)
            mention = text[start:end].casefold()
            assert surname in mention or first in mention


@pytest.mark.parametrize(
    "sentence, name, mention",
    [
        # Middle initials, two surnames, an Arabic particle, a regnal number is no surname.
        ("Det sade Karin M. Exempelström på mötet.", "Karin M Exempelström", "Karin M. Exempelström"),
        ("Enligt Lena Påhitt Testlund går det bra.", "Lena Påhitt Testlund", "Lena Påhitt Testlund"),
        ("Oppositionen leds av Bashar al-Fiktiv.", "Bashar al-Fiktiv", "Bashar al-Fiktiv"),
        # A first name in no list: a cue before it, or a surname-shaped word after it.
        ("– Det går bra, säger vd Zorbulak Vemtrå.", "Zorbulak Vemtrå", "Zorbulak Vemtrå"),
        ("Målet gjorde Zorbulak Vemtrovic i andra halvlek.", "Zorbulak Vemtrovic", "Zorbulak Vemtrovic"),
        # A capitalised role word before a known first name is not part of the name.
        ("– Bra, sade Testlagsguarden Ola Fiktivsson.", "Ola Fiktivsson", "Ola Fiktivsson"),
    ],
)  # fmt: skip
def test_name_shapes_in_news_text(sentence: str, name: str, mention: str) -> None:
    (person,) = extract_persons(sentence)
    assert person.name == name
    assert mentions(sentence, person) == [mention]


def test_a_later_mention_by_role_joins_the_person() -> None:
    text = "– Bra, säger generaldirektör Inger Ek. Generaldirektören menar att generaldirektörens plan håller."
    (person,) = extract_persons(text)
    assert mentions(text, person) == ["Inger Ek", "Generaldirektören", "generaldirektörens"]


@pytest.mark.parametrize(
    "text",
    [
        "Enligt Dagens Nyheter och Sveriges Radio gick det bra.",
        "Hennes Gudstro var stark. Din Ekonomi granskar. Sven Det beror på.",
        "Hos Volvo Personvagnar AB arbetar många.",
    ],
)
def test_no_person_in_newspapers_companies_or_pronouns(text: str) -> None:
    assert extract_persons(text) == []


@pytest.mark.parametrize(
    ("text", "name", "mention"),
    [
        ("– Det är bra för stabiliteten, säger Borg.", "Borg", "Borg"),
        ("Svensson var nöjd med avtalet.", "Svensson", "Svensson"),
        ("Utredningen följer Lindströms förslag.", "Lindström", "Lindströms"),
        ("I finalen mötte hon Katarina från Exempelby.", "Katarina", "Katarina"),
        ("Avtalet presenterades av förbundsordförande Påhittadsson.", "Påhittadsson", "Påhittadsson"),
    ],
)
def test_a_person_named_by_one_word(text: str, name: str, mention: str) -> None:
    (person,) = extract_persons(text)
    assert person.name == name and not person.full_name
    assert [text[start:end] for start, end in person.spans] == [mention]


@pytest.mark.parametrize(
    "text",
    [
        "Branden startade i natt.",
        "Mötet hölls i Stockholm och Varberg.",
        "Det skriver Exempelbladet i dag, enligt Aftonbladet.",
        "Inga beslut fattades.",
        "Konkurrensen ökar i Stockholmsregionen.",
    ],
)
def test_places_common_words_and_newspapers_are_no_lone_names(text: str) -> None:
    assert extract_persons(text) == []


def test_a_first_name_alone_joins_the_person_named_before() -> None:
    text = "Anna Exempelsson leder arbetet. Anna berättar att det går bra."
    (person,) = extract_persons(text)
    assert person.name == "Anna Exempelsson" and person.full_name
    assert [text[start:end] for start, end in person.spans] == ["Anna Exempelsson", "Anna"]


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda s: (s[0], sum(s))), max_size=30)


@given(taken=spans, asked=st.tuples(st.integers(0, 80), st.integers(1, 10)))
def test_span_overlap_in_log_time_answers_as_comparing_with_each(taken, asked) -> None:
    start, end = asked[0], asked[0] + asked[1]
    assert _Spans(taken).overlap(start, end) == any(start < e and s < end for s, e in taken)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aåZÅé ć-'’.,\n²½ªß9_Ωω"), max_size=40) | st.text(max_size=40))
def test_tokens_are_the_words_of_the_text_whichever_letters_it_has(text: str) -> None:
    # Latin-1 texts are split with a faster letter class, and both patterns are possessive; the tokens
    # must be the words of a plain pattern, with where each starts and ends.
    words = list(PLAIN_WORD.finditer(text))
    tokens = tokenize(text)
    assert tokens.words == tuple(m.group() for m in words)
    assert (tokens.starts, tokens.ends) == ([m.start() for m in words], [m.end() for m in words])
    assert [m.group() for m in WORD.finditer(text)] == [m.group() for m in words]


#: :data:`WORD` as it reads, without possessive quantifiers.
PLAIN_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Ek", "Al", " ", "  ", "\n", ", ", "\u00a0", "\t", " - "]), max_size=12))
def test_words_are_adjacent_when_only_spaces_stand_between(pieces: list[str]) -> None:
    text = "".join(pieces)
    tokens = tokenize(text)
    for left in range(len(tokens.words) - 1):
        gap = text[tokens.ends[left] : tokens.starts[left + 1]]
        assert tokens.adjacent(left, left + 1) == (NAME_GAP.fullmatch(gap) is not None)


def test_word_indexes_find_every_token_of_the_words() -> None:
    text = "Ek och ek, Eks och Ek."
    assert word_indexes(text, {"Ek"}) == [0, 5]
    assert word_indexes(text, set()) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZÅé ²-.!?\n"), max_size=40))
def test_word_lists_and_capitalised_words_agree_with_the_tokens(text: str) -> None:
    words = tokenize(text).words
    assert text_words(text) == words
    assert capitalised_indexes(text) == tuple(i for i, word in enumerate(words) if shape(word))
    assert capitalised_words(text) == tuple(words[i] for i in capitalised_indexes(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n"), min_size=1, max_size=40), st.data())
def test_sentence_around_a_position_reaches_the_nearest_ends(text: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(text) - 1))
    ends = [i for i, char in enumerate(text) if char in ".!?\n"]
    start = max((i + 1 for i in ends if i < position), default=0)
    assert _sentence_around(text, position) == (start, min((i for i in ends if i >= position), default=len(text)))


def test_word_memo_answers_as_its_function_and_forgets_at_its_size() -> None:
    memo = WordMemo(str.upper, size=2)
    assert [memo[word] for word in ("ek", "al", "ek", "björk")] == ["EK", "AL", "EK", "BJÖRK"]
    assert len(memo) <= 2
