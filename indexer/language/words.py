"""Swedish words as every stage sees them: what a token is, and which words are stop words."""

from __future__ import annotations

import functools
import re

from whoosh.lang.stopwords import stoplists

#: Letters-and-hyphens ending in digits stay one token (``covid-19``, ``sars-cov-2``);
#: any other run of letters and digits is a token (``2017``, ``upphandling``).
#: (Possessive, so that a word without a hyphen is not scanned again letter by letter.)
TOKEN_PATTERN = re.compile(r"[^\W\d_]++(?:-[^\W\d_]++)*+-\d+|[^\W_]+", re.UNICODE)
#: Cuts a text at the edges of its tokens (see :func:`tokens_and_gaps`).
_TOKEN_OR_GAP = re.compile(f"({TOKEN_PATTERN.pattern})")
#: Cuts the same where no token can hold a hyphen: at the edges of runs of letters and digits.
_RUN_OR_GAP = re.compile(r"([^\W_]+)")

#: The Snowball project's Swedish stop-word list (as shipped by Whoosh, a plain data module).
STOP_WORDS: frozenset[str] = frozenset(stoplists["sv"])


@functools.lru_cache(maxsize=4)
def tokens_and_gaps(text: str) -> tuple[str, ...]:
    """``text`` cut at the edges of its tokens: gap, token, gap, …, token, gap, so the tokens are
    the odd items and joining them all gives the text back. Cached: the topic matcher and the
    spelling words read the same texts. A text where no letter, hyphen and digit stand in a row
    (most texts) is cut by a simpler pattern, a third faster, into the same pieces."""
    return tuple((_TOKEN_OR_GAP if _letter_hyphen_digit(text) else _RUN_OR_GAP).split(text))


def _letter_hyphen_digit(text: str) -> bool:
    """Whether a letter, a hyphen and a digit stand in a row in ``text``: only then may a token hold a
    hyphen (``covid-19``); elsewhere :data:`TOKEN_PATTERN` is a run of letters and digits."""
    at = text.find("-", 1)
    while 0 < at < len(text) - 1:
        before = text[at - 1]
        if text[at + 1].isdecimal() and before.isalnum() and not before.isdecimal():  # as [^\W\d_]
            return True
        at = text.find("-", at + 1)
    return False
