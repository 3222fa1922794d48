"""Cutting a text into tokens and gaps: the quick way gives the pieces of the token pattern."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from indexer.language.words import TOKEN_PATTERN, tokens_and_gaps

#: Letters, digits (also non-ASCII ones), hyphens, underscores and spaces: where the two ways could part.
PIECES = st.text(alphabet="aöZé1٣²_- .\n", max_size=40)


def by_the_pattern(text: str) -> tuple[str, ...]:
    return tuple(re.split(f"({TOKEN_PATTERN.pattern})", text))


@given(PIECES)
def test_pieces_are_those_of_the_token_pattern(text: str) -> None:
    assert tokens_and_gaps(text) == by_the_pattern(text)


@given(st.text(max_size=60))
def test_pieces_of_any_text_are_those_of_the_token_pattern(text: str) -> None:
    assert tokens_and_gaps(text) == by_the_pattern(text)


def test_a_letter_hyphen_and_digit_keep_their_token() -> None:
    assert tokens_and_gaps("Covid-19 och sars-cov-2, tel 08-123") == (
        "", "Covid-19", " ", "och", " ", "sars-cov-2", ", ", "tel", " ", "08", "-", "123", "",
    )  # fmt: skip
    assert tokens_and_gaps("klimat-krav") == ("", "klimat", "-", "krav", "")
    assert tokens_and_gaps("") == ("",)
