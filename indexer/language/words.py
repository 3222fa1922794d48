"""Swedish words as every stage sees them: what a token is, and which words are stop words."""

from __future__ import annotations

import re

from whoosh.lang.stopwords import stoplists

#: Letters-and-hyphens ending in digits stay one token (``covid-19``, ``sars-cov-2``);
#: any other run of letters and digits is a token (``2017``, ``upphandling``).
TOKEN_PATTERN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*-\d+|[^\W_]+", re.UNICODE)

#: The Snowball project's Swedish stop-word list (as shipped by Whoosh, a plain data module).
STOP_WORDS: frozenset[str] = frozenset(stoplists["sv"])
