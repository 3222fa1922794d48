"""Swedish text analysis: the one Whoosh analyzer used for indexing and for queries.

Built the way Whoosh builds its own analyzers, from small parts composed with
``|``: a Unicode tokenizer that keeps å/ä/ö and digits, lower-casing, the Snowball
Swedish stop words, compound splitting (index time only), and normalisation by a
Swedish lexicon (every form hunspell-sv knows maps to its word's term), with
Snowball stemming for the words the lexicon does not know.

Compounds are indexed whole and as their parts, and the parts of their parts
(:func:`~indexer.language.compounds.compound_parts`): ``klimatkrav`` is found by
``klimat``, by ``krav`` and by ``klimatkrav``, ``statsstödsreglerna`` by ``statsstöd``
and ``stöd``. A part weighs :data:`PART_WEIGHT` of a word written out, so a release that
says the word itself ranks first. Two words joined by a hyphen that make a known
compound (``klimat-krav``) are also indexed as the compound, so a query for the
compound finds them too. Words written apart are not joined: ``klimat påverkar``
is no compound, and telling such pairs from ``klimat krav`` needs more than a
dictionary.

Positions are kept for exact phrases: each word is at its place in the text, stop
words included (they are not indexed, but leave their gap), and the parts of a
compound (and a hyphenated compound joined) stand at :data:`PART_POSITIONS` plus the
compound's position, where no phrase reaches them: ``"offentliga affärer"`` never
matches ``offentligt affärsmässiga``. :func:`word_position` gives the place in the text back.

Indexing does not run the analyzer token by token: :func:`index_positions` gives the
same terms, positions and weights with each distinct word analysed once (lower-cased,
checked against the stop words, split and looked up), so that every later occurrence
of the word costs one dictionary look-up. Queries go through the analyzer as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.analysis.acore import Token

from indexer.language.compounds import MIN_PART, compound_parts, decompound
from indexer.language.lexicon import normalise
from indexer.language.snowball import stem
from indexer.language.words import STOP_WORDS, TOKEN_PATTERN

#: The tokens, each with the hyphen that follows it, if any (``klimat-`` of ``klimat-krav``).
_HYPHENED_TOKEN = re.compile(TOKEN_PATTERN.pattern + "-?")
#: Where compound parts are indexed: this plus their compound's position, beyond any text.
PART_POSITIONS = 1 << 24
#: A compound part's weight in the index, against 1 for a word written out.
PART_WEIGHT = 0.75


def word_position(position: int) -> int:
    """The place in the text of an indexed position (a compound part's is its compound's)."""
    return position - PART_POSITIONS if position >= PART_POSITIONS else position


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
    """At index time, add compound parts (and hyphenated compounds joined) beyond the text.

    A word that :func:`decompound` splits is followed by its :func:`compound_parts`,
    weighing :data:`PART_WEIGHT`; two words joined by a hyphen that together split into
    exactly those words (``klimat-krav``) are followed by the joined compound. Both
    stand at ``PART_POSITIONS`` plus the (first) word's position. Query analysis passes
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
            if len(word) >= 2 * MIN_PART and (parts := compound_parts(word)):
                yield from _retexted(token, parts, pos, start, PART_WEIGHT)
            if before is not None and decompound(before[0] + word) == [before[0], word]:
                yield from _retexted(token, [before[0] + word], before[1], before[2], 1.0)
            before = (word, pos, start) if hyphen_after else None


def _retexted(token: Token, texts: list[str], pos: int | None, start: int, weight: float) -> Iterator[Token]:
    """The token again with each of ``texts``, weighing ``weight``, beyond the text at ``pos``."""
    for text in texts:
        token.text, token.startchar, token.boost = text, start, weight
        if pos is not None:
            token.pos = PART_POSITIONS + pos
        yield token


def plain_analyzer() -> Analyzer:
    """Words as written, lower-cased: for names and for spelling suggestions."""
    return SwedishTokenizer() | LowercaseFilter()


def swedish_analyzer() -> Analyzer:
    """The Swedish analyzer: tokenizer | lowercase | stop words | compounds | lexicon/stemmer."""
    return (
        SwedishTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1, renumber=False)
        | DecompoundFilter()
        | LexiconFilter()
    )


def analyze(text: str) -> list[str]:
    """The index terms of ``text``, in order: what a search for it looks up."""
    return [token.text for token in swedish_analyzer()(text)]


class _WordTerms(NamedTuple):
    """What indexing does with one word as written: its lower-case form, its term (UTF-8), the terms
    of its compound parts, whether it may be the first of two hyphen-joined words that make a
    compound, and whether it may be the second."""

    word: str
    term: bytes
    parts: tuple[bytes, ...]
    joins_next: bool
    joins: bool


#: Distinct words analysed at most before the memo of :func:`index_positions` starts over.
WORDS_KEPT = 1 << 20
#: Each word as written (with the hyphen after it, if any) with its analysis; None for a stop word.
_words: dict[str, _WordTerms | None] = {}
#: Each pair of hyphen-joined words with the term of the compound they make, or None.
_joined: dict[tuple[str, str], bytes | None] = {}


def index_positions(text: str) -> dict[bytes, tuple[list[int], float]]:
    """Each index term of ``text`` (UTF-8) with its positions and summed weight: exactly what
    :func:`swedish_analyzer` gives at index time (each word at its place in the text, its compound
    parts and a hyphen-joined compound beyond the text, in the order the analyzer yields them),
    with each distinct word analysed only once."""
    postings: dict[bytes, tuple[list[int], list[float]]] = {}

    def add(term: bytes, position: int, weight: float) -> None:
        positions, weights = postings.setdefault(term, ([], [0.0]))
        positions.append(position)
        weights[0] += weight

    before: tuple[str, int] | None = None  # a word a hyphen joins to the next, and its position
    for pos, written in enumerate(_HYPHENED_TOKEN.findall(text)):
        analysed = _words[written] if written in _words else _analyse(written)
        if analysed is None:
            continue
        add(analysed.term, pos, 1.0)
        for part in analysed.parts:
            add(part, PART_POSITIONS + pos, PART_WEIGHT)
        if not analysed.joins:
            before = None
            continue
        if before is not None and (joined := _joined_term(before[0], analysed.word)) is not None:
            add(joined, PART_POSITIONS + before[1], 1.0)
        before = (analysed.word, pos) if analysed.joins_next else None
    return {term: (positions, weights[0]) for term, (positions, weights) in postings.items()}


def _analyse(written: str) -> _WordTerms | None:
    """Analyse a word as :func:`swedish_analyzer` does at index time, and remember it."""
    if len(_words) >= WORDS_KEPT:
        _words.clear()
        _joined.clear()
    word = written.removesuffix("-").lower()
    analysed = None
    if word not in STOP_WORDS:
        joins = len(word) >= MIN_PART and word.isalpha()
        parts = compound_parts(word) if joins and len(word) >= 2 * MIN_PART else []
        term = normalise(word).encode("utf-8")
        terms = tuple(normalise(part).encode("utf-8") for part in parts)
        analysed = _WordTerms(word, term, terms, joins and written.endswith("-"), joins)
    _words[written] = analysed
    return analysed


def _joined_term(first: str, second: str) -> bytes | None:
    """The term of the compound two hyphen-joined words make (``klimat-krav``), or None."""
    key = (first, second)
    if key not in _joined:
        whole = first + second
        _joined[key] = normalise(whole).encode("utf-8") if decompound(whole) == [first, second] else None
    return _joined[key]
