"""The plain-Whoosh baselines: the same corpus indexed and searched as Whoosh's documentation shows.

Whoosh's stock Swedish ``LanguageAnalyzer("sv")`` (stemming, stop words; no
compounds), TEXT fields with stored text for highlighting, KEYWORD and ID facet
fields, and ``searcher.search(q, groupedby=...)`` with ``FieldFacet``s. Its facet
values are those the generator planted, since it does no extraction.

Two ways of writing, as a user would pick them: ``documented`` is Whoosh's own
defaults, ``ix.writer()`` in one process, as its quick start shows; ``tuned``
follows its advice on batch indexing by hand: ``procs=2`` and a large ``limitmb``
(:data:`TUNED_LIMIT_MB` per process). Neither takes Pressarkiv's settings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LanguageAnalyzer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.query import And, Every, Or, Term
from whoosh.sorting import FieldFacet

PER_PAGE = 10
#: The hand-tuned writer's processes and posting memory per process (Whoosh's default is 128 MB).
TUNED_PROCS = 2
TUNED_LIMIT_MB = 512
#: How each baseline opens its writer.
WRITERS = ("documented", "tuned")


def schema() -> Schema:
    """Text fields with the stock Swedish analyzer; facet fields for year, person and topic."""
    swedish = LanguageAnalyzer("sv")
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=swedish, stored=True, field_boost=4.0),
        lead=TEXT(analyzer=swedish, stored=True, field_boost=2.0),
        body=TEXT(analyzer=swedish, stored=True),
        published=ID(stored=True, sortable=True),
        year=ID(stored=True),
        person=KEYWORD(stored=True, commas=True),
        topic=KEYWORD(stored=True, commas=True),
    )


def build(data_dir: Path, index_dir: Path, planted: Path, writer_kind: str = "documented") -> int:
    """Index every ``.jsonl`` record below ``data_dir``; ``planted`` maps ids to [persons, topics].

    ``writer_kind`` is one of :data:`WRITERS`.
    """
    facets: Mapping[str, list[list[str]]] = json.loads(planted.read_text(encoding="utf-8"))
    index_dir.mkdir(parents=True)
    ix = whoosh_index.create_in(str(index_dir), schema())
    if writer_kind == "tuned":
        writer = ix.writer(procs=TUNED_PROCS, limitmb=TUNED_LIMIT_MB)
    else:
        writer = ix.writer()
    count = 0
    for record in _records(data_dir):
        persons, topics = facets[record["id"]]
        writer.add_document(
            id=record["id"], title=record["title"], lead=record.get("lead", ""),
            body=record.get("body", ""), published=record.get("published", ""),
            year=record.get("published", "")[:4], person=",".join(persons), topic=",".join(topics),
        )  # fmt: skip
        count += 1
    writer.commit()
    return count


def _records(data_dir: Path) -> Iterator[dict]:
    for path in sorted(data_dir.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)


class BaselineIndex:
    """A searcher over a baseline index; not shared between threads."""

    def __init__(self, index_dir: Path) -> None:
        self._ix = whoosh_index.open_dir(str(index_dir))
        self._searcher = self._ix.searcher()
        self._parser = MultifieldParser(["title", "lead", "body"], self._ix.schema)
        self._facets = {
            "year": FieldFacet("year"),
            "person": FieldFacet("person", allow_overlap=True),
            "topic": FieldFacet("topic", allow_overlap=True),
        }

    def close(self) -> None:
        """Release the index files."""
        self._searcher.close()

    def search(self, query: str, filters: Mapping[str, Sequence[str]]) -> int:
        """One page of hits with highlights, every facet group counted while searching; the total."""
        parsed = self._parser.parse(query) if query else Every()
        only = And([Or([Term(group, value) for value in values]) for group, values in filters.items()])
        results = self._searcher.search(
            parsed, filter=only if filters else None, limit=PER_PAGE, groupedby=self._facets,
            sortedby=None if query else FieldFacet("published", reverse=True),
        )  # fmt: skip
        for hit in results[:PER_PAGE]:
            hit.highlights("body", top=2)
        return len(results)
