"""The Swedish lexicon: the issue's examples, the judged list, overrides and its cache file.

The real lexicon is built once per test run in the session's cache directory
(``dictionary_cache`` in ``conftest.py``), never in the user's home.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
import snowballstemmer
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.lexicon import evaluate, load_judged
from indexer.language import lexicon
from indexer.language.hunspell import CACHE_ENV
from indexer.language.lexicon import (
    LexiconError,
    build_cache,
    cache_path,
    load_lexicon,
    load_overrides,
    normalise,
)

SWEDISH_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé"
snowball = snowballstemmer.stemmer("swedish").stemWord

TINY_AFF = """SET UTF-8
FORBIDDENWORD %
ONLYINCOMPOUND Z
COMPOUNDPERMITFLAG W

SFX A Y 1
SFX A 0 s .

SFX E Y 3
SFX E 0 en [^ae]
SFX E 0 n [ae]
SFX E 0 ns [ae]

SFX G Y 3
SFX G a or a
SFX G a orna a
SFX G 0 er [^a]

SFX T Y 3
SFX T a are a
SFX T a aren a
SFX T a arna a

SFX v N 1
SFX v a s/WZ a
"""

TINY_DIC = """7
klocka/AEGTv
klockorna
myndig/A
myndighet/AEG
mask/E
maske/E
felstavning/%AE
"""


@pytest.fixture
def tiny_dictionary(tmp_path: Path) -> Path:
    """A seven-entry Hunspell dictionary: inflections, a derivation, a shared form."""
    (tmp_path / "tiny.aff").write_text(TINY_AFF, encoding="utf-8")
    (tmp_path / "tiny.dic").write_text(TINY_DIC, encoding="utf-8")
    return tmp_path / "tiny"


def terms(words: str) -> set[str]:
    """The distinct terms of space-separated words."""
    return {normalise(word) for word in words.split()}


@pytest.mark.parametrize(
    "forms",
    [
        "konkurrens konkurrensen konkurrenser konkurrenserna konkurrensens",
        "klocka klockan klockor klockorna",
        "myndighet myndigheten myndigheter",
        "myndig myndiga myndigt",
        "upphandling upphandlingen upphandlingar upphandlingarna upphandlingens",
        "upphandla upphandlar upphandlade upphandlat upphandlas upphandlad upphandlande",
    ],
)
def test_forms_of_one_word_get_one_term(forms: str) -> None:
    assert len(terms(forms)) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("myndighet myndigheten myndigheter", "myndig myndiga myndigt"),
        ("upphandlare upphandlaren upphandlarna", "upphandla upphandlar upphandlade"),
        ("ansvarig ansvariga", "ansvar ansvaret"),
        ("hållbarhet hållbarheten", "hållbar hållbara hållbart"),
    ],
)
def test_words_snowball_merges_stay_apart(first: str, second: str) -> None:
    assert terms(first).isdisjoint(terms(second))


def test_unknown_words_get_their_snowball_stem() -> None:
    assert normalise("pressarkivets") == snowball("pressarkivets")
    assert normalise("espd") == "espd"


def test_shipped_overrides_apply() -> None:
    assert normalise("trendens") == "trendens"
    assert normalise("trenden") == normalise("trender") != "trendens"
    assert normalise("goda") == normalise("god")


def test_judged_list_is_well_formed() -> None:
    judged = load_judged()
    assert len(judged) >= 200
    labels = set(judged.values())
    assert len(labels) >= 60
    assert all(form == form.lower() and form.isalpha() for form in judged)


def test_lexicon_beats_snowball_on_the_judged_list() -> None:
    judged = load_judged()
    alone = evaluate(judged, snowball)
    scores = evaluate(judged, normalise)
    assert scores.recall >= 0.98, scores.apart
    assert scores.over_merge <= 0.10, scores.merged
    assert scores.recall > alone.recall and scores.over_merge < alone.over_merge


def test_overrides_map_forms_to_the_term_of_their_word(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(
        '[forms]\ntrendens = "trendens"\nrapporten = "trendens"\nanbudsgivarnas = "anbud"\n',
        encoding="utf-8",
    )
    assert load_overrides(path) == {
        "trendens": "trendens",
        "rapporten": "trendens",
        "anbudsgivarnas": normalise("anbud"),
    }


def test_empty_override_file_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert load_overrides(path) == {}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('[forms]\ntrendens = "trend', "lexicon.toml"),
        ('[forms]\nTrendens = "trend"\n', "'Trendens'"),
        ('[forms]\n"två ord" = "ord"\n', "'två ord'"),
        ("[forms]\ntrendens = 3\n", "'trendens'"),
        ('[forms]\ntrendens = ""\n', "'trendens'"),
        ('[forms]\ntrendens = "trenden"\ntrenden = "trend"\n', "'trendens'"),
        ('[form]\ntrendens = "trend"\n', "'form'"),
        ('forms = ["trendens"]\n', "forms"),
    ],
)
def test_bad_override_file_names_file_and_key(tmp_path: Path, content: str, named: str) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_overrides(path)
    assert str(path) in str(error.value) and named in str(error.value)


def test_expansion_keeps_only_forms_snowball_stems_otherwise(tiny_dictionary: Path) -> None:
    stored = lexicon.expand_dictionary(tiny_dictionary)

    def term(word: str) -> str:
        return stored.get(word) or snowball(word)

    klocka = {term(word) for word in ("klocka", "klockan", "klockans", "klockor", "klockorna")}
    assert klocka == {snowball("klocka")} and "klocka" not in stored
    assert len({term(word) for word in ("klockare", "klockaren", "klockarna")} | klocka) == 2
    assert term("myndighet") == term("myndigheten") != term("myndig")
    assert not {"klocks", "masken", "felstavning", "felstavningen"} & stored.keys()


def test_cache_is_built_when_missing_then_reused(
    tiny_dictionary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache" / "lexicon.json.gz"
    built = load_lexicon(path, tiny_dictionary)
    assert path.exists() and built["klockan"] == snowball("klocka")
    assert [entry.name for entry in path.parent.iterdir()] == [path.name]

    def no_expansion(*_: object) -> None:
        raise AssertionError("the cache should have been reused")

    monkeypatch.setattr(lexicon, "expand_dictionary", no_expansion)
    assert load_lexicon(path, tiny_dictionary) == built


@pytest.mark.parametrize(
    "content",
    [
        b"not gzip at all",
        gzip.compress(b"{truncated json"),
        gzip.compress(json.dumps({"format": -1, "terms": {}}).encode()),
        gzip.compress(json.dumps({"format": lexicon.CACHE_FORMAT}).encode()),
        gzip.compress(json.dumps({"format": lexicon.CACHE_FORMAT, "terms": []}).encode()),
    ],
)
def test_corrupt_or_outdated_cache_is_rebuilt(tiny_dictionary: Path, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "lexicon.json.gz"
    path.write_bytes(content)
    assert "klockan" in load_lexicon(path, tiny_dictionary)
    assert "klockan" in load_lexicon(path, tiny_dictionary)


def test_default_cache_goes_to_the_configured_directory(
    tiny_dictionary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "own"))
    path = build_cache(dictionary=tiny_dictionary)
    assert path == cache_path() and os.listdir(tmp_path / "own") == [path.name]
    assert json.loads(gzip.decompress(path.read_bytes()))["format"] == lexicon.CACHE_FORMAT


@given(st.text(alphabet=SWEDISH_LETTERS, min_size=1, max_size=30))
def test_swedish_words_get_a_term(word: str) -> None:
    assert normalise(word)


@given(st.text(min_size=1, max_size=30).map(str.lower))
def test_any_lower_case_text_gets_a_term(word: str) -> None:
    assert normalise(word)


def test_the_shared_trie_gives_every_cached_form_its_term() -> None:
    assert normalise("klockorna") == normalise("klocka")  # maps the trie, making it from the cache
    trie, forms = lexicon._lexicon(), load_lexicon(cache_path())
    assert lexicon.trie_path().is_file() and len(trie) == len(forms) > 100_000
    assert all(trie.get(form) == [term.encode("utf-8")] for form, term in forms.items())


def test_a_broken_trie_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "trie_path", lambda: tmp_path / "lexicon.marisa")
    (tmp_path / "lexicon.marisa").write_bytes(b"not a trie")
    lexicon._lexicon.cache_clear()
    form, term = next(iter(load_lexicon(cache_path()).items()))
    try:
        assert lexicon._lexicon().get(form) == [term.encode("utf-8")]
        assert (tmp_path / "lexicon.marisa").read_bytes().startswith(b"We love Marisa.")
    finally:
        lexicon._lexicon.cache_clear()
