"""The query language, for people rather than programmers, on Whoosh's query parser.

All words are required; ``"citattecken"`` searches an exact phrase
(:mod:`indexer.search.phrases`); ``-ord`` excludes;
``OR``/``ELLER``, ``AND``/``OCH`` and ``NOT``/``INTE`` are operators; ``ord*`` is a
prefix; ``titel:``, ``person:``, ``organisation:``, ``ämne:`` and ``år:`` (or ``title:``,
``topic:``, ``year:``) search one field; ``år:2017..2019`` is a range of years. Anything else
is searched as words, so no query string is an error.
"""

from __future__ import annotations

import itertools
import re

from whoosh import qparser
from whoosh.fields import Schema
from whoosh.qparser import syntax
from whoosh.query import And, Every, NullQuery, Or, Prefix, Query, Term, Wildcard
from whoosh.reading import IndexReader

from indexer.facets import FACET_GROUPS
from indexer.index.schema import TEXT_FIELDS
from indexer.search.phrases import ExactPhrasePlugin

#: Swedish (and English) names for the fields a query may name.
FIELD_ALIASES: dict[str, list[str]] = {
    "title": ["titel", "rubrik"],
    **{group.name: list(group.aliases) for group in FACET_GROUPS},
}

#: Fields a query may name; other ``name:`` prefixes are searched as words.
QUERY_FIELDS = frozenset(TEXT_FIELDS) | set(FIELD_ALIASES)

#: Characters that give a query structure: phrases, groups, fields, prefixes, exclusion.
SYNTAX_CHARS = frozenset('"()*?:-')

#: Letters a prefix or wildcard needs before its first ``*`` or ``?``; shorter ones are words.
MIN_WILDCARD_PREFIX = 3
#: Words a prefix or wildcard may stand for (its most frequent ones), of at most this many read.
MAX_EXPANSIONS = 20
MAX_CANDIDATES = 5000

#: Words that are operators when written in capitals.
OPERATORS = frozenset({"AND", "OCH", "OR", "ELLER", "NOT", "INTE"})


class YearRangePlugin(qparser.TaggingPlugin):
    """``2017..2019`` as an inclusive range; either end may be left out (``..2019``)."""

    expr = r"(?P<start>\d{4})?\.\.(?P<end>\d{4})?(?=\s|\)|$)"
    priority = -1

    def create(self, parser: qparser.QueryParser, match: re.Match[str]) -> syntax.RangeNode:
        return syntax.RangeNode(match.group("start"), match.group("end"), False, False)


def make_parser(schema: Schema, *, any_word: bool = False) -> qparser.QueryParser:
    """A parser for the query language; ``any_word`` makes words alternatives instead."""
    group = qparser.OrGroup if any_word else qparser.AndGroup
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema, group=group)
    for plugin in (qparser.SingleQuotePlugin, qparser.RangePlugin, qparser.BoostPlugin,
                   qparser.EveryPlugin, qparser.OperatorsPlugin, qparser.PhrasePlugin):  # fmt: skip
        parser.remove_plugin_class(plugin)
    parser.add_plugins([
        ExactPhrasePlugin(),
        qparser.FieldAliasPlugin(FIELD_ALIASES),
        qparser.PlusMinusPlugin(minusexpr=r"(?<![^\s(])-(?=\w|\")"),
        qparser.OperatorsPlugin(
            And=r"(?<=\s)(?:AND|OCH)(?=\s)", Or=r"(?<=\s)(?:OR|ELLER)(?=\s)",
            Not=r"(^|(?<=(\s|[()])))(?:NOT|INTE)(?=\s)", AndNot=None, AndMaybe=None, Require=None,
        ),
        YearRangePlugin(),
    ])  # fmt: skip
    return parser


def parse_query(text: str, reader: IndexReader, *, any_word: bool = False) -> Query:
    """The Whoosh query for what a person typed, at a bounded cost; never raises.

    If the parser fails, or names a field that may not be searched, the words
    themselves are searched. Prefixes and wildcards are bounded by the index's
    words (:func:`bound_wildcards`). Returns ``NullQuery`` when nothing is left to search.
    """
    schema = reader.schema
    try:
        parsed = make_parser(schema, any_word=any_word).parse(text).normalize()
    except Exception:  # the parser's failures are many and undocumented
        parsed = None
    if parsed is None or parsed is NullQuery or not _fields_allowed(parsed) or _only_operators(text):
        return words_query(text, schema, any_word=any_word)
    return bound_wildcards(parsed, reader)


def words_query(text: str, schema: Schema, *, any_word: bool = False) -> Query:
    """Every analysed word of ``text`` in any text field: all required, or any."""
    analyzer = schema["body"].analyzer
    plain = " ".join(word for word in text.split() if word not in OPERATORS)
    words = [token.text for token in analyzer(plain)]
    if not words:
        return NullQuery
    clauses = [Or([Term(field, word) for field in TEXT_FIELDS]) for word in words]
    return (Or if any_word else And)(clauses).normalize()


def proximity_words(text: str, schema: Schema) -> list[str] | None:
    """For a plain query of several words: its index terms, to rank hits where they stand near.

    None for one word or for a query with operators, fields, phrases or prefixes,
    whose author has said how the words relate.
    """
    if any(char in text for char in SYNTAX_CHARS) or any(w in OPERATORS for w in text.split()):
        return None
    words = [token.text for token in schema["body"].analyzer(text)]
    return words if len(set(words)) > 1 else None


def bound_wildcards(query: Query, reader: IndexReader) -> Query:
    """The query with each prefix or wildcard made affordable.

    One with fewer than :data:`MIN_WILDCARD_PREFIX` letters before its first ``*``/``?``
    (``a*``, ``*``) is searched as its letters alone; any other stands for at most its
    :data:`MAX_EXPANSIONS` most frequent words in the index, so no query walks the
    whole vocabulary.
    """
    if isinstance(query, Every):
        return NullQuery
    if isinstance(query, (Prefix, Wildcard)):
        letters = query.text if isinstance(query, Prefix) else re.split(r"[*?\[]", query.text)[0]
        if len(letters) < MIN_WILDCARD_PREFIX:
            return Term(query.fieldname, letters) if letters else NullQuery
        words = list(itertools.islice(query._btexts(reader), MAX_CANDIDATES))
        frequent = sorted(words, key=lambda word: -reader.doc_frequency(query.fieldname, word))
        field = reader.schema[query.fieldname]
        return Or([Term(query.fieldname, field.from_bytes(w)) for w in frequent[:MAX_EXPANSIONS]])
    if query.is_leaf():
        return query
    return query.apply(lambda child: bound_wildcards(child, reader)).normalize()


def _only_operators(text: str) -> bool:
    return all(word in OPERATORS for word in text.split())


def _fields_allowed(query: Query) -> bool:
    return all(leaf.field() in QUERY_FIELDS for leaf in query.leaves() if leaf.field())
