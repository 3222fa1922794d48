"""The app's one open search index: opened at first use and kept on the app."""

from __future__ import annotations

import os
import threading
from dataclasses import replace

from flask import Flask, current_app

import indexer
from indexer.search.results import MAX_PER_PAGE, Hit, SearchResults
from searchui.formatting import slugify
from searchui.params import PER_PAGE, SearchParams

_EXTENSION = "pressarkiv"

#: The most hits a download, a feed or a person or topic page lists.
MAX_LISTED = 1000


class IndexHolder:
    """Opens the index at ``path`` once, on first use, safely across threads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        self._index: indexer.SearchIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> indexer.SearchIndex:
        """The open index; raises ``indexer.IndexNotFoundError`` while there is none."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = indexer.open_index(self.path)
        return self._index


def init_app(app: Flask) -> None:
    """Attach an index holder for ``app.config["INDEX_DIR"]`` to the app."""
    app.extensions[_EXTENSION] = IndexHolder(app.config["INDEX_DIR"])


def get_index() -> indexer.SearchIndex:
    """The current app's search index."""
    holder: IndexHolder = current_app.extensions[_EXTENSION]
    return holder.get()


def search(params: SearchParams, per_page: int = PER_PAGE) -> SearchResults:
    """Run a checked search request against the current app's index."""
    return get_index().search(
        params.query,
        filters=params.filters,
        page=params.page,
        per_page=per_page,
        sort=params.sort,
        date_from=params.date_from,
        date_to=params.date_to,
    )


def all_hits(params: SearchParams, limit: int = MAX_LISTED) -> tuple[SearchResults, list[Hit]]:
    """The first page's results (for totals and facets) and up to ``limit`` hits in order."""
    first = search(replace(params, page=1), per_page=MAX_PER_PAGE)
    hits = list(first.hits)
    page = 1
    while len(hits) < min(first.total, limit):
        page += 1
        hits.extend(search(replace(params, page=page), per_page=MAX_PER_PAGE).hits)
    return first, hits[:limit]


def find_value(group: str, slug: str) -> str | None:
    """The value of a facet group (a person's name, a topic) whose slug is ``slug``.

    When two values share a slug, the one on more releases wins.
    """
    for value in get_index().values(group):
        if slugify(value.value) == slug:
            return value.value
    return None
