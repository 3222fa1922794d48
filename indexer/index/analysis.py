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

Indexing does not run the analyzer token by token: :func:`index_positions` gives the
same terms at the same positions with each distinct word analysed once (lower-cased,
checked against the stop words, split and looked up), so that every later occurrence
of the word costs one dictionary look-up. Queries go through the analyzer as before.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.analysis.acore import Token

from indexer.language.compounds import MIN_PART, decompound
from indexer.language.lexicon import normalise
from indexer.language.snowball import stem
from indexer.language.words import STOP_WORDS, TOKEN_PATTERN

#: The tokens, each with the hyphen that follows it, if any (``klimat-`` of ``klimat-krav``).
_HYPHENED_TOKEN = re.compile(TOKEN_PATTERN.pattern + "-?")


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


class _WordTerms(NamedTuple):
    """What indexing does with one word as written: its lower-case form, the terms (UTF-8) it
    stands for at its position (itself, then its compound parts), whether it may be the first
    of two hyphen-joined words that make a compound, and whether it may be the second."""

    word: str
    terms: tuple[bytes, ...]
    joins_next: bool
    joins: bool


#: Distinct words analysed at most before the memo of :func:`index_positions` starts over.
WORDS_KEPT = 1 << 20
#: Each word as written (with the hyphen after it, if any) with its analysis; None for a stop word.
_words: dict[str, _WordTerms | None] = {}
#: Each pair of hyphen-joined words with the term of the compound they make, or None.
_joined: dict[tuple[str, str], bytes | None] = {}


def index_positions(text: str) -> dict[bytes, list[int]]:
    """Each index term of ``text`` (UTF-8) with its positions: exactly what :func:`swedish_analyzer`
    gives at index time (positions numbered as its stop filter numbers them, compound parts at
    their compound's position, a hyphen-joined compound at its first word's), with each distinct
    word analysed only once."""
    positions: defaultdict[bytes, list[int]] = defaultdict(list)
    words = _words
    pos = -1
    before: tuple[str, int] | None = None  # a word a hyphen joins to the next, and its position
    for number, written in enumerate(_HYPHENED_TOKEN.findall(text)):
        try:
            analysed = words[written]
        except KeyError:
            analysed = _analyse(written)
        if analysed is None:
            continue
        pos = number if pos < 0 else pos + 1  # as StopFilter renumbers
        for term in analysed.terms:
            positions[term].append(pos)
        if not analysed.joins:
            before = None
            continue
        if before is not None:
            joined = _joined_term(before[0], analysed.word)
            if joined is not None:
                positions[joined].append(before[1])
        before = (analysed.word, pos) if analysed.joins_next else None
    return positions


def _analyse(written: str) -> _WordTerms | None:
    """Analyse a word as :func:`swedish_analyzer` does at index time, and remember it."""
    if len(_words) >= WORDS_KEPT:
        _words.clear()
        _joined.clear()
    word = written.removesuffix("-").lower()
    if word in STOP_WORDS:
        analysed = None
    else:
        joins = len(word) >= MIN_PART and word.isalpha()
        parts = decompound(word) if joins and len(word) >= 2 * MIN_PART else []
        texts = (word, *parts) if len(parts) > 1 else (word,)
        terms = tuple(normalise(text).encode("utf-8") for text in texts)
        analysed = _WordTerms(word, terms, joins and written.endswith("-"), joins)
    _words[written] = analysed
    return analysed
def _joined_term(first: str, second: str) -> bytes | None:
    """The term of the compound two hyphen-joined words make (``klimat-krav``), or None."""
    key = (first, second)
    if key not in _joined:
        whole = first + second
        _joined[key] = normalise(whole).encode("utf-8") if decompound(whole) == [first, second] else None
    return _joined[key]
