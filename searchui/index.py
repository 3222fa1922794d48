"""The app's one open search index: opened at first use and kept on the app."""

from __future__ import annotations

import os
import threading

from flask import Flask, current_app

import indexer
from indexer.results import SearchResults
from searchui.params import PER_PAGE, SearchParams

_EXTENSION = "pressarkiv"


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


def search(params: SearchParams) -> SearchResults:
    """Run a checked search request against the current app's index."""
    return get_index().search(
        params.query,
        filters=params.filters,
        page=params.page,
        per_page=PER_PAGE,
        sort=params.sort,
    )
