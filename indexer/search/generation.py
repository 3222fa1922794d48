"""One index generation opened for searching: its Whoosh searcher and the arrays made from it.

Everything a search reads comes from one :class:`OpenGeneration`, so a search never
mixes two builds. A reader that goes on after the index has moved to a newer
generation (an iterator over all hits) keeps the old one open until it is done.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from indexer.index.generations import check_format
from indexer.index.wordlist import WordList
from indexer.release import Release
from indexer.search.facet_counts import FacetTable
from indexer.search.matching import QueryEvaluator
from indexer.search.ranking import recency

#: Answers a generation keeps (:meth:`OpenGeneration.remember`).
KEPT = 256

T = TypeVar("T")


@dataclass(eq=False)
class OpenGeneration:
    """A generation's searcher, facet table, query evaluator and recency factors."""

    path: Path
    searcher: Searcher
    table: FacetTable
    evaluator: QueryEvaluator
    recency: np.ndarray
    #: The corpus's words, for spelling suggestions.
    words: WordList
    #: Readers still reading after the generation was retired; it closes when the last is done.
    readers: int = 0
    retired: bool = False
    #: Answers that only this generation's files decide, kept by what they answer (see ``remember``).
    _kept: dict[object, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> OpenGeneration:
        """Open ``path`` (a ``gen-*`` folder) for searching; IndexFormatError for another format."""
        check_format(path)
        searcher = whoosh_index.open_dir(str(path)).searcher()
        table = FacetTable(searcher.reader())
        return cls(path, searcher, table, QueryEvaluator(searcher), recency(table), WordList(path))

    def release(self, docnum: int) -> Release:
        """The release stored with a document."""
        return Release.from_dict(json.loads(self.searcher.stored_fields(docnum)["record"]))

    def remember(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()``, kept for ``key`` while the generation is open (up to ``KEPT`` answers, then
        started afresh): for work a page repeats that reads many releases, such as a person's roles."""
        if key not in self._kept:
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[key] = compute()
        return self._kept[key]

    def retire(self) -> None:
        """Stop serving new searches; close now, or when the last reader is done."""
        self.retired = True
        if not self.readers:
            self.searcher.close()
