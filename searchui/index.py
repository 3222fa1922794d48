"""The app's one open search index: opened at first use and kept on the app."""

from __future__ import annotations

import os
import threading

from flask import Flask, current_app

import indexer
from indexer.search.request import SearchRequest
from indexer.search.results import HitIterator, SearchResults
from searchui.formatting import slugify

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


def search(request: SearchRequest) -> SearchResults:
    """Run a search against the current app's index."""
    return get_index().search(request)


def all_hits(request: SearchRequest, limit: int = MAX_LISTED) -> HitIterator:
    """Up to ``limit`` hits of a search in its order, from one generation, without facets or snippets."""
    return get_index().iter_hits(request, limit=limit)


def find_value(group: str, slug: str) -> str | None:
    """The value of a facet group (a person's name, a topic) whose slug is ``slug``.

    When two values share a slug, the one on more releases wins.
    """
    for value in get_index().values(group):
        if slugify(value.value) == slug:
            return value.value
    return None
