"""Swedish text analysis: the one Whoosh analyzer used for indexing and for queries.

Built the way Whoosh builds its own analyzers, from small parts composed with
``|``: a Unicode tokenizer that keeps å/ä/ö and digits, lower-casing, the Snowball
Swedish stop words, compound splitting (index time only), and normalisation by a
Swedish lexicon (every form hunspell-sv knows maps to its word's term), with
Snowball stemming for the words the lexicon does not know.

Compounds are indexed whole and as their parts, all at the compound's position:
``klimatkrav`` is found by ``klimat``, by ``krav`` and by ``klimatkrav``, and
phrase queries keep working. Two words joined by a hyphen that make a known
compound (``klimat-krav``) are also indexed as the compound, so a query for the
compound finds them too. Words written apart are not joined: ``klimat påverkar``
is no compound, and telling such pairs from ``klimat krav`` needs more than a
dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.analysis.acore import Token

from indexer.language.compounds import MIN_PART, decompound
from indexer.language.lexicon import normalise
from indexer.language.snowball import stem
from indexer.language.words import STOP_WORDS, TOKEN_PATTERN

class _TermFilter(Filter):
    """Replace each token's text with ``term(text)``; subclasses name the function."""

    term: Callable[[str], str]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        term = self.term
        for token in tokens:
            if not token.stopped:
                token.text = term(token.text)
            yield token


class SwedishStemFilter(_TermFilter):
    """Replace each token's text with its Snowball Swedish stem (Snowball alone)."""

    term = staticmethod(stem)


class LexiconFilter(_TermFilter):
    """Replace each token's text with its lexicon term: dictionary forms share their word's term.

    Snowball stems what the hunspell-sv lexicon does not know (see :mod:`indexer.language.lexicon`).
    """

    term = staticmethod(normalise)


class SwedishTokenizer(RegexTokenizer):
    """Whoosh's regex tokenizer with :data:`TOKEN_PATTERN`, marking hyphen-joined words.

    Each token gets ``hyphen_after``: whether a hyphen joins it to the next word
    (``klimat-krav``), so that the compound filter can index the compound.
    """

    def __init__(self) -> None:
        super().__init__(TOKEN_PATTERN)

    def __call__(self, value: str, chars: bool = False, start_char: int = 0, **kwargs: Any) -> Iterator[Token]:
        for token in super().__call__(value, chars=True, start_char=start_char, **kwargs):
            end = token.endchar - start_char
            token.hyphen_after = value[end : end + 1] == "-"
            yield token


class DecompoundFilter(Filter):
    """At index time, add compound parts (and hyphenated compounds joined) at one position.

    A word that :func:`decompound` splits is followed by its parts; two words
    joined by a hyphen that together split into exactly those words
    (``klimat-krav``) are followed by the joined compound. Query analysis passes
    tokens through unchanged: a part query matches parts, a compound query the
    compound (written whole or hyphenated).
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        before: tuple[str, int | None, int] | None = None  # hyphenated word, its pos and start
        for token in tokens:
            if token.mode != "index" or token.stopped:
                yield token
                continue
            word, pos, start = token.text, getattr(token, "pos", None), token.startchar
            hyphen_after = getattr(token, "hyphen_after", False)
            yield token
            if len(word) < MIN_PART or not word.isalpha():  # too short to be a part
                before = None
                continue
            if len(word) >= 2 * MIN_PART and len(parts := decompound(word)) > 1:
                yield from _retexted(token, parts, pos, start)
            if before is not None and decompound(before[0] + word) == [before[0], word]:
                yield from _retexted(token, [before[0] + word], before[1], before[2])
            before = (word, pos, start) if hyphen_after else None


def _retexted(token: Token, texts: list[str], pos: int | None, start: int) -> Iterator[Token]:
    """The token again with each of ``texts``, at the given position and start."""
    for text in texts:
        token.text, token.startchar = text, start
        if pos is not None:
            token.pos = pos
        yield token


def plain_analyzer() -> Analyzer:
    """Words as written, lower-cased: for names and for spelling suggestions."""
    return SwedishTokenizer() | LowercaseFilter()


def swedish_analyzer() -> Analyzer:
    """The Swedish analyzer: tokenizer | lowercase | stop words | compounds | lexicon/stemmer."""
    return (
        SwedishTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | DecompoundFilter()
        | LexiconFilter()
    )


def analyze(text: str) -> list[str]:
    """The index terms of ``text``, in order: what a search for it looks up."""
    return [token.text for token in swedish_analyzer()(text)]
