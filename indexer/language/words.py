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

#: The Snowball project's Swedish stop-word list (as shipped by Whoosh, a plain data module).
STOP_WORDS: frozenset[str] = frozenset(stoplists["sv"])


@functools.lru_cache(maxsize=4)
def tokens_and_gaps(text: str) -> tuple[str, ...]:
    """``text`` cut at the edges of its tokens: gap, token, gap, …, token, gap, so the tokens are
    the odd items and joining them all gives the text back. Cached: the topic matcher and the
    spelling words read the same texts."""
    return tuple(_TOKEN_OR_GAP.split(text))
