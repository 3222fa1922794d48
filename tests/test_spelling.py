"""Spelling rules on a vocabulary of counted words: Lucene's AUTO distances, the dictionary, confidence."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from indexer.language.known import is_known
from indexer.search.spelling import CONFIDENCE, Suggestion, allowed_edits, closest, needs_help, suggest


class Words:
    """A vocabulary from a word → count table, with plain Damerau-Levenshtein distances."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)

    def __contains__(self, word: object) -> bool:
        return word in self.counts

    def near(self, word: str, edits: int) -> dict[str, int]:
        return {w: n for w, n in self.counts.items() if w[:1] == word[:1] and _distance(w, word) <= edits}


def _distance(a: str, b: str) -> int:
    rows = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def unknown(word: str) -> bool:
    return False


@pytest.mark.parametrize(
    ("word", "edits"), [("ek", 0), ("eck", 1), ("takt", 1), ("kanot", 1), ("klimat", 2), ("upphandlnig", 2)]
)
def test_allowed_edits_are_lucenes_auto(word: str, edits: int) -> None:
    assert allowed_edits(word) == edits


def test_a_suggestion_is_never_further_than_auto_allows() -> None:
    corpus = Words({"tagit": 5, "tak": 3, "klimatet": 4, "upphandling": 9})
    assert closest("takt", corpus) == ("tak", True)  # one edit; "tagit" is two
    assert closest("takt", Words({"tagit": 5})) is None  # two edits for four letters: none
    assert closest("klimatkrv", Words({"klimatet": 4})) is None  # three edits
    assert closest("upphandlnig", corpus) == ("upphandling", True)  # two for eleven letters
    assert closest("ek", Words({"eko": 5})) is None  # two letters: no edit


def test_the_nearest_then_the_most_used_wins_and_confidence_needs_a_clear_lead() -> None:
    assert closest("ramavtl", Words({"ramavtal": 2, "ramavtalen": 50})) == ("ramavtal", True)  # nearer first
    assert closest("kraf", Words({"krav": 10, "kraft": 9})) == ("krav", False)  # too close to call
    assert closest("kraf", Words({"krav": 3 * CONFIDENCE, "kraft": 3})) == ("krav", True)


def test_words_the_corpus_or_the_dictionary_knows_need_no_help() -> None:
    corpus = Words({"upphandling": 3})
    assert not needs_help("upphandling", corpus, unknown)
    assert not needs_help("takt", corpus)  # hunspell-sv knows it
    assert is_known("takt") and is_known("Kanot") and not is_known("upphandlnig")
    assert needs_help("upphandlnig", corpus) and not needs_help("ek", corpus, unknown)
    assert not needs_help("covid19", corpus, unknown)


def test_suggest_replaces_only_the_words_that_need_help_and_keeps_capitals() -> None:
    corpus = Words({"upphandling": 3, "ek": 2, "inger": 2})
    assert suggest("Inger Eck", corpus) == Suggestion("Inger Ek", True)
    assert suggest("upphandlnig OR takt", corpus) == Suggestion("upphandling OR takt", True)
    assert suggest("titel:upphandlnig", corpus) == Suggestion("titel:upphandling", True)  # the field name stays
    assert suggest("takt", corpus) is None
