"""Swedish text analysis: the one Whoosh analyzer used for indexing and for queries.

Built the way Whoosh builds its own analyzers, from small parts composed with
``|``: a Unicode tokenizer that keeps å/ä/ö and digits, lower-casing, the Snowball
Swedish stop words, and Snowball Swedish stemming behind a cache.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import snowballstemmer
from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.analysis.acore import Token
from whoosh.lang.stopwords import stoplists

#: Letters-and-hyphens ending in digits stay one token (``covid-19``, ``sars-cov-2``);
#: any other run of letters and digits is a token (``2017``, ``upphandling``).
TOKEN_PATTERN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*-\d+|[^\W_]+", re.UNICODE)

#: The Snowball project's Swedish stop-word list (as shipped by Whoosh).
STOP_WORDS: frozenset[str] = frozenset(stoplists["sv"])

# snowballstemmer uses PyStemmer's C implementation when it is installed.
_stemmer = snowballstemmer.stemmer("swedish")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Swedish stem of a lower-cased word, cached."""
    return _stemmer.stemWord(word)


class SwedishStemFilter(Filter):
    """Replace each token's text with its Swedish stem."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def swedish_analyzer() -> Analyzer:
    """The Swedish analyzer: tokenizer | lowercase | stop words | stemmer."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | SwedishStemFilter()
    )


def analyze(text: str) -> list[str]:
    """The index terms of ``text``, in order: what a search for it looks up."""
    return [token.text for token in swedish_analyzer()(text)]
