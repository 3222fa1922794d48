"""The Whoosh schema of a Pressarkiv index: searchable text, facets, the stored record.

Text fields are analysed with the Swedish analyzer and weighted title > names >
lead > body. Facet values live in one per-document column so that counting them
needs no stored-field reads; the full release is stored once, as JSON, for
snippets, result pages and the release page. A second column records where each
release was read from and the hashes of its file and content, which
``python -m indexer update`` compares with the data directory. Both columns are
zlib-compressed, as Whoosh compresses stored fields. The ``alias`` field holds
the id an older version gave a release, so that links made then still find it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from whoosh.analysis import Analyzer
from whoosh.columns import CompressedBytesColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

from indexer.facets import FACET_GROUPS
from indexer.index.analysis import index_positions, plain_analyzer, swedish_analyzer
from indexer.release import Release, join_paragraphs

#: Text fields searched by a free-text query, with their weights.
TEXT_FIELDS: dict[str, float] = {"title": 4.0, "names": 2.5, "lead": 2.0, "body": 1.0}


class SwedishText(TEXT):
    """A text field with the Swedish analyzer that indexes a text through :func:`index_positions`:
    the same postings as the analyzer gives, with each distinct word analysed once.

    Queries, highlighting and anything else that asks for the analyzer get it unchanged.
    """

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=swedish_analyzer(), field_boost=field_boost)

    def index(self, value: Any, **kwargs: Any) -> Any:
        """(term, frequency, weight, encoded positions) of each term of ``value``, as Whoosh's
        own ``index`` gives them."""
        if not isinstance(value, str) or kwargs:
            return super().index(value, **kwargs)
        encode, boost = self.format.encode, self.format.field_boost
        postings = []
        for term, (positions, weight) in index_positions(value).items():
            if len(positions) == 1:  # most terms: their one position encoded once for all
                encoded = _ONE_POSITION.get(positions[0]) or _ONE_POSITION.setdefault(positions[0], encode(positions))
            else:
                encoded = encode(positions)
            postings.append((term, len(positions), weight * boost, encoded))
        return postings


#: The encoding of a single position, by position (the same for every field with positions).
_ONE_POSITION: dict[int, bytes] = {}


def build_schema(analyzer: Analyzer | None = None) -> Schema:
    """A fresh schema with the Swedish analyzer (or ``analyzer``, for comparisons).

    The analyzer is pickled into the index, so searches analyse queries alike.
    """

    def text(field_boost: float = 1.0) -> TEXT:
        if analyzer is None:
            return SwedishText(field_boost)
        return TEXT(analyzer=analyzer, field_boost=field_boost)

    text_fields = {name: text(boost) for name, boost in TEXT_FIELDS.items()}
    return Schema(
        id=ID(stored=True, unique=True),
        alias=ID(),
        facets=COLUMN(CompressedBytesColumn()),
        record=STORED,
        ingest=COLUMN(CompressedBytesColumn()),
        # For field queries (`person:ek`, `ämne:klimat`, `år:2017..2019`).
        person=TEXT(analyzer=plain_analyzer()),
        organisation=TEXT(analyzer=plain_analyzer()),
        topic=text(),
        year=ID(),
        **text_fields,
    )


def facet_values(release: Release) -> dict[str, Any]:
    """The values a release contributes to each facet group, plus its sort date."""
    values: dict[str, Any] = {group.name: group.values_of(release) for group in FACET_GROUPS}
    values["date"] = release.published.toordinal() if release.published else None
    return values


def document(release: Release, source_facts: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The Whoosh document for a release; ``source_facts`` (file hashes, ids) go to the ``ingest``
    column, and their ``alias`` to its field."""
    names = [person.name for person in release.persons]
    names += [f"{p.name} {p.role}" for p in release.persons if p.role]
    facets = facet_values(release)
    alias = (source_facts or {}).get("alias")
    return {
        "id": release.id,
        "title": release.title,
        "names": "\n".join(names),
        "lead": release.lead,
        "body": join_paragraphs(release.body_text, release.contact_text),
        "person": "\n".join(person.name for person in release.persons),
        "organisation": "\n".join(release.organisations),
        "topic": "\n".join(release.topics),
        "year": facets["year"][0],
        "facets": json.dumps(facets, ensure_ascii=False).encode("utf-8"),
        "record": json.dumps(release.to_dict(), ensure_ascii=False),
        "ingest": json.dumps(
            {"id": release.id, "source": release.source, **(source_facts or {})}, ensure_ascii=False
        ).encode("utf-8"),
        **({"alias": alias} if alias else {}),
    }
