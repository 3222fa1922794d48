"""Topic matching: the shipped taxonomy, the seed releases, scoring rules and file errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.config import DEFAULT_TOPICS
from indexer.enrich import topics
from indexer.enrich.topics import STEM_KEEPS, Taxonomy, TaxonomyError, TopicMatch
from indexer.language.hunspell import dictionary_entries
from indexer.language.snowball import stem

from support import SHIPPED_RELEASES

TOPICS_FILE = DEFAULT_TOPICS


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.load(TOPICS_FILE)


def seed(prefix: str) -> tuple[str, str]:
    """The title (first line that is not the "Start" breadcrumb) and text of a seed release."""
    (path,) = (SHIPPED_RELEASES).glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip() not in ("", "Start"))
    return title, text


def small(words: list[str], **settings: float) -> Taxonomy:
    """A one-topic taxonomy, threshold 3 and title weight 2 unless given."""
    return Taxonomy.from_dict(
        {"threshold": 3, "title_weight": 2, **settings, "topic": [{"label": "T", "words": words}]}
    )


def by_label(matches: list[TopicMatch]) -> dict[str, TopicMatch]:
    return {match.label: match for match in matches}


def test_shipped_taxonomy_loads_with_swedish_labels(taxonomy: Taxonomy) -> None:
    assert 10 <= len(taxonomy.labels) <= 16
    assert len(set(taxonomy.labels)) == len(taxonomy.labels)
    assert {"Hållbarhet och klimat", "Kris och beredskap", "Myndighetens verksamhet", "Innovation"} <= set(
        taxonomy.labels
    )
    assert all(topic.words for topic in taxonomy.topics)


def test_seed_000_is_about_strategy_climate_crisis_and_the_trendens_report(taxonomy: Taxonomy) -> None:
    matches = taxonomy.match(*seed("000"))
    found = by_label(matches)
    assert set(found) == {
        "Strategisk upphandling och styrning",
        "Hållbarhet och klimat",
        "Kris och beredskap",
        "Statistik och uppföljning",
    }
    climate = set(found["Hållbarhet och klimat"].triggers)
    assert {"klimatmål", "koldioxidutsläpp", "miljöpåverkan"} <= climate
    assert set(found["Kris och beredskap"].triggers) == {"kriser", "pandemi", "pandemin"}
    assert "effekt" in found["Strategisk upphandling och styrning"].triggers
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_seed_002_is_about_the_agency_its_support_and_strategy(taxonomy: Taxonomy) -> None:
    found = by_label(taxonomy.match(*seed("002")))
    assert set(found) == {
        "Myndighetens verksamhet",
        "Kompetens och stöd",
        "Strategisk upphandling och styrning",
    }
    assert "årsredovisning" in found["Myndighetens verksamhet"].triggers
    assert "stöd" in found["Kompetens och stöd"].triggers


def test_seed_passing_mentions_make_no_topic(taxonomy: Taxonomy) -> None:
    # 002 lists korruption, livsmedel, innovationspartnerskap once each, and
    # "små och medelstora kommuner" is not "små och medelstora företag"; 000
    # names one "måltidsenhet".
    labels = {m.label for prefix in ("000", "002") for m in taxonomy.match(*seed(prefix))}
    assert not labels & {"Korruption och oegentligheter", "Livsmedel och måltider", "Innovation",
                         "Små företag och leverantörer", "Sociala hänsyn och arbetsvillkor"}  # fmt: skip


def test_one_passing_mention_is_not_enough() -> None:
    taxonomy = small(["klimat*", "miljö*", "utsläpp"])
    assert taxonomy.match("", "Vi pratade om klimatet.") == []
    (match,) = taxonomy.match("", "Klimatet, miljön och utsläppen.")
    assert match.score == 3.0
    assert match.triggers == ("klimatet", "miljön", "utsläppen")


def test_a_repeated_word_saturates() -> None:
    taxonomy = small(["klimat*"])
    assert taxonomy.match("", "klimat " * 6) == []
    assert [m.score for m in taxonomy.match("", "klimat " * 7)] == [3.0]


def test_a_title_hit_counts_more() -> None:
    taxonomy = small(["klimat*", "miljö*"])
    text = "Klimatsmart upphandling. Om miljön."
    assert taxonomy.match("Nyheter", text) == []
    (match,) = taxonomy.match("Klimatsmart upphandling", text)
    assert match.score == 3.0
    assert match.triggers == ("klimatsmart", "miljön")


def test_per_topic_threshold_and_weights() -> None:
    taxonomy = Taxonomy.from_dict(
        {"topic": [{"label": "Kris", "words": ["kris"], "weights": {"pandemi*": 2}, "threshold": 2}]}
    )
    assert taxonomy.match("", "Krisen.") == []
    assert [m.triggers for m in taxonomy.match("", "Pandemin.")] == [("pandemin",)]


def test_inflections_compounds_and_phrases_match_on_stems() -> None:
    taxonomy = small(["upphandling", "*måltid", "små och medelstora företag"], threshold=1)
    assert by_label(taxonomy.match("", "Upphandlingarna"))["T"].triggers == ("upphandlingarna",)
    assert by_label(taxonomy.match("", "Skolmåltiderna"))["T"].triggers == ("skolmåltiderna",)
    (match,) = taxonomy.match("", "Stöd till små och medelstora företagen.")
    assert match.triggers == ("små och medelstora företagen",)
    assert taxonomy.match("", "Små och medelstora kommuner.") == []


def test_hyphenated_words_split_like_the_index() -> None:
    taxonomy = small(["e-faktur*", "it-system"], threshold=1)
    (match,) = taxonomy.match("", "Fler e-fakturor och nya it-systemen.")
    assert match.triggers == ("e-fakturor", "it-systemen")


def test_every_shipped_signal_matches_its_own_word(taxonomy: Taxonomy) -> None:
    for topic in taxonomy.topics:
        for signal in topic.signals:
            plain = signal.word.replace("*", "")
            assert small([signal.word], threshold=1).match("", plain), (topic.label, signal.word)


def test_a_word_counts_once_per_topic_even_when_two_signals_fit() -> None:
    (match,) = small(["måltid*", "*måltid"], threshold=1).match("", "måltider")
    assert match.score == 1.0


def test_the_heaviest_signal_that_fits_a_word_counts() -> None:
    taxonomy = Taxonomy.from_dict(
        {"topic": [{"label": "T", "words": ["innovation*"], "weights": {"innovationsupphandling": 2}}]}
    )
    assert [m.score for m in taxonomy.match("", "Innovationsupphandlingen.")] == []
    assert [m.score for m in taxonomy.match("", "Innovationsupphandlingen och innovationsupphandling.")] == [3.17]


def test_plain_words_match_compound_parts_wildcards_whole_words() -> None:
    taxonomy = small(["kris", "klimat", "plast*"], threshold=1)
    assert by_label(taxonomy.match("", "Energikrisen och klimatkraven."))["T"].triggers == (
        "energikrisen",
        "klimatkraven",
    )
    assert taxonomy.match("", "Engångsplasten.") == []
    assert by_label(taxonomy.match("", "Klimat-krav."))["T"].triggers == ("klimat",)


def test_a_phrase_keeps_its_small_words_and_is_not_broken_by_parts() -> None:
    taxonomy = small(["följa upp", "sociala hänsyn"], threshold=1)
    assert taxonomy.match("", "Kommunen följer avtalet.") == []
    (match,) = taxonomy.match("", "Vi följer upp sociala hänsynskrav och sociala hänsyn.")
    assert match.triggers == ("följer upp", "sociala hänsyn")


def test_a_job_title_is_no_signal_but_counts_in_a_phrase() -> None:
    taxonomy = small(["hållbar*", "analys*", "innovation", "ny generaldirektör"], threshold=1)
    text = "säger Eva Ek, hållbarhetsexpert, och analyschefen Lo Berg med innovationsexperterna."
    assert taxonomy.match("", text) == []
    assert by_label(taxonomy.match("", "En ny generaldirektör."))["T"].triggers == ("ny generaldirektör",)


def broken(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "topics.toml"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "content, expected",
    [
        ('[[topic]\nlabel = "X"', ["inte giltig TOML"]),
        ("threshold = 3\n", ["inga ämnen", "[[topic]]"]),
        ('[[topic]]\nlabel = "A"\nwords = ["a"]\n[[topic]]\nwords = ["b"]\n', ["ämne nr 2", "label"]),
        ('[[topic]]\nlabel = "Klimat"\n', ["'Klimat'", "words"]),
        ('[[topic]]\nlabel = "Klimat"\nwords = "klimat"\n', ["'Klimat'", "words måste vara en lista"]),
        ('[[topic]]\nlabel = "Klimat"\nwords = ["klimat", 3]\n', ["'Klimat'", "words"]),
        ('[[topic]]\nlabel = "Klimat"\nwords = ["och"]\n', ["'Klimat'", "'och'", "stoppord"]),
        ('[[topic]]\nlabel = "Klimat"\nwords = ["*"]\n', ["'Klimat'", "'*'", "minst tre bokstäver"]),
        (
            '[[topic]]\nlabel = "Klimat"\nwords = ["klimat"]\ntreshold = 2\n',
            ["'Klimat'", "okänt fält 'treshold'"],
        ),
        ('[[topics]]\nlabel = "Klimat"\nwords = ["klimat"]\n', ["okänt fält 'topics'"]),
        ('[[topic]]\nlabel = "Klimat"\nwords = ["klimat"]\nthreshold = "hög"\n', ["'Klimat'", "threshold"]),
        ('[[topic]]\nlabel = "Klimat"\nwords = ["klimat"]\nweights = ["miljö"]\n', ["'Klimat'", "weights"]),
        (
            '[[topic]]\nlabel = "Klimat"\nwords = ["klimat"]\nweights = { "miljö" = -1 }\n',
            ["'Klimat'", "'miljö'", "positivt tal"],
        ),
        ('title_weight = 0\n[[topic]]\nlabel = "K"\nwords = ["k"]\n', ["title_weight", "positivt"]),
        (
            '[[topic]]\nlabel = "K"\nwords = ["a"]\n[[topic]]\nlabel = "K"\nwords = ["b"]\n',
            ["'K'", "två gånger"],
        ),
    ],
)
def test_broken_files_name_the_file_the_topic_and_the_fix(tmp_path: Path, content: str, expected: list[str]) -> None:
    path = broken(tmp_path, content)
    with pytest.raises(TaxonomyError) as caught:
        Taxonomy.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:")
    for part in expected:
        assert part in message
    assert isinstance(caught.value, ValueError)


def test_a_missing_file_is_a_taxonomy_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="kan inte läsas"):
        Taxonomy.load(tmp_path / "saknas.toml")


def test_a_snowball_stem_is_the_start_of_its_word_and_keeps_three_letters() -> None:
    # The matcher leaves a word unanalysed when no signal's letters stand in it; that holds
    # only while every stem starts its word and keeps STEM_KEEPS letters of a longer word.
    words = {word.lower() for word in dictionary_entries() if word.isalpha()}
    assert len(words) > 100_000
    wrong = [w for w in words if not w.startswith(stem(w)) or len(stem(w)) < min(len(w), STEM_KEEPS)]
    assert wrong == []


def test_a_full_memo_starts_over_with_the_same_topics(taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    title, text = seed("000")
    expected = taxonomy.match(title, text)
    monkeypatch.setattr(topics, "MAX_PLANS", 8)
    fresh = Taxonomy.load(TOPICS_FILE)
    assert fresh.match(title, text) == expected and fresh.match(title, text) == expected
    assert len(fresh._plans) + len(fresh._phrases) <= 8
