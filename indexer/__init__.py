"""Pressarkiv: Swedish full-text search over Upphandlingsmyndigheten's press releases.

The public API for programs that embed the search::

    import indexer
    with indexer.open_index("index_data/index") as index:
        results = index.search("upphandling", filters={"year": ["2021"]})
        for hit in results.hits:
            print(hit.title, hit.published)
"""

from indexer.index.build import BuildError, BuildReport, UpdateReport, ensure_index, rebuild, update
from indexer.config import Settings, resolve
from indexer.release import Block, Contact, PersonRef, Release
from indexer.search.results import FACETS, FacetValue, Hit, RoleMention, SearchResults
from indexer.search.searching import IndexNotFoundError, SearchError, SearchIndex, open_index

__version__ = "0.1.0"

__all__ = [
    "FACETS", "Block", "BuildError", "BuildReport", "Contact", "FacetValue", "Hit",
    "IndexNotFoundError", "PersonRef", "Release", "RoleMention", "SearchError", "SearchIndex",
    "SearchResults", "Settings", "UpdateReport", "ensure_index", "open_index", "rebuild", "resolve",
    "update",
]  # fmt: skip
