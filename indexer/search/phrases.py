"""Exact phrases: the words of a quoted phrase in order, each in its place, never a compound part.

The analyzer keeps each word at its place in the text (a stop word is not indexed but
leaves its gap) and puts compound parts beyond the text, at
:data:`~indexer.index.analysis.PART_POSITIONS` and after. An :class:`ExactPhrase` knows
how far each of its words stands after the one before, from the query's own analysis
(``"gör en innovationsupphandling"``: 2, since ``en`` is a stop word), and matches a
document where its words stand exactly so, counting positions in the text only. Each
word matches its inflections (one index term), never a compound that contains it nor a
word across a stop word the phrase does not have; a quoted single word is the word
itself, not a part of a compound.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh import qparser
from whoosh.matching import NullMatcher, WrappingMatcher
from whoosh.qparser import syntax
from whoosh.qparser.common import attach
from whoosh.qparser.taggers import RegexTagger
from whoosh.query import NullQuery, Phrase, Query, Term
from whoosh.query.spans import Span, SpanNear2

from indexer.index.analysis import PART_POSITIONS


class ExactPhrase(Phrase):
    """A Whoosh phrase whose words stand ``gaps`` positions after each other, in the text only."""

    def __init__(
        self,
        fieldname: str,
        words: Sequence[str],
        gaps: Sequence[int] | None = None,
        slop: int = 1,
        boost: float = 1.0,
        char_ranges: list[tuple[int, int]] | None = None,
    ) -> None:
        super().__init__(fieldname, list(words), slop=slop, boost=boost, char_ranges=char_ranges)
        self.gaps: tuple[int, ...] = tuple(gaps) if gaps is not None else (1,) * (len(words) - 1)
        if len(self.gaps) != max(len(self.words) - 1, 0):
            raise ValueError("an exact phrase needs one gap between each two words")

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and isinstance(other, ExactPhrase) and self.gaps == other.gaps

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.gaps)

    def __repr__(self) -> str:
        name, words = type(self).__name__, self.words
        return f"{name}({self.fieldname!r}, {words!r}, gaps={self.gaps!r}, boost={self.boost:f})"

    def normalize(self) -> Query:
        """Itself, even for one word (``"klimat"`` is the word, not a part of ``klimatkrav``)."""
        if not self.words:
            return NullQuery
        return type(self)(self.fieldname, self.words, self.gaps, self.slop, self.boost, self.char_ranges)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Documents with every word at its place, scored as the words' terms together."""
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or not field.format or not field.format.supports("positions"):
            return NullMatcher()
        reader = searcher.reader()
        matchers = []
        for word in self.words:
            if (self.fieldname, field.to_bytes(word)) not in reader:
                return NullMatcher()
            matchers.append(Term(self.fieldname, word).matcher(searcher, context))
        found = _PlacedWords(matchers, self.gaps)
        return WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found


class _PlacedWords(SpanNear2.SpanNear2Matcher):
    """Whoosh's span matcher over the words' matchers, with a fixed distance after each word."""

    def __init__(self, matchers: list[Any], gaps: tuple[int, ...]) -> None:
        self.gaps = gaps  # before the parent's constructor: it looks for the first match
        super().__init__(matchers, slop=max(gaps, default=1), ordered=True, mindist=1)

    def copy(self) -> _PlacedWords:
        return type(self)([matcher.copy() for matcher in self.ms], self.gaps)

    def _get_spans(self) -> list[Span]:
        starts = _text_positions(self.ms[0])
        offset = 0
        for matcher, gap in zip(self.ms[1:], self.gaps):
            offset += gap
            starts &= {position - offset for position in _text_positions(matcher)}
            if not starts:
                return []
        return [Span(start, start + offset) for start in sorted(starts)]


def _text_positions(matcher: Any) -> set[int]:
    """The positions in the text (not a compound part's) of the current document's term."""
    return {position for position in matcher.value_as("positions") if position < PART_POSITIONS}


class ExactPhrasePlugin(qparser.PhrasePlugin):
    """Whoosh's ``"…"`` syntax, making :class:`ExactPhrase` queries with the gaps the analyzer leaves."""

    class PhraseNode(qparser.PhrasePlugin.PhraseNode):
        def query(self, parser: qparser.QueryParser) -> Query:
            fieldname = self.fieldname or parser.fieldname
            field = parser.schema[fieldname] if parser.schema and fieldname in parser.schema else None
            if field is None or not field.analyzer:
                return super().query(parser)
            start = self.textstartchar
            tokens = [
                (token.text, token.pos, (start + token.startchar, start + token.endchar))
                for token in field.tokenize(self.text, mode="query", chars=True, positions=True)
            ]  # fmt: skip
            words = [text for text, _, _ in tokens]
            gaps = [b[1] - a[1] for a, b in zip(tokens, tokens[1:])]
            ranges = [span for _, _, span in tokens]
            phrase = ExactPhrase(fieldname, words, gaps, self.slop, self.boost, ranges)
            return attach(phrase, self)

    class PhraseTagger(RegexTagger):
        def create(self, parser: qparser.QueryParser, match: Any) -> syntax.SyntaxNode:
            slop = int(match.group("slop")) if match.group("slop") else 1
            return ExactPhrasePlugin.PhraseNode(match.group("text"), match.start("text"), slop)

    def taggers(self, parser: qparser.QueryParser) -> list[tuple[RegexTagger, int]]:
        return [(self.PhraseTagger(self.expr), 0)]
