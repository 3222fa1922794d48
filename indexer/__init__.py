"""Pressarkiv: Swedish full-text search over Upphandlingsmyndigheten's press releases.

The public API for programs that embed the search::

    import indexer
    with indexer.open_index("index_data/index") as index:
        results = index.search("upphandling", filters={"year": ["2021"]})
        for hit in results.hits:
            print(hit.title, hit.published)

The package follows a release's way through it, one subpackage per stage:
``ingest`` (files → :class:`Release`), ``language`` (Swedish words), ``enrich``
(persons, organisations, topics), ``index`` (the Whoosh index and its builds) and
``search`` (queries → results). Names are imported on first use (PEP 562), so a
program that only searches never loads the build side, and ``import indexer`` is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from indexer.errors import (
    BuildError,
    ConfigError,
    IndexFormatError,
    IndexNotFoundError,
    LexiconError,
    ParseError,
    PressarkivError,
    SearchError,
    TaxonomyError,
)

__version__ = "0.2.0"

#: Each public name, and the module that defines it.
_LAZY: dict[str, str] = {
    "open_index": "indexer.search.searching",
    "SearchIndex": "indexer.search.searching",
    "SearchRequest": "indexer.search.request",
    "Sort": "indexer.search.request",
    "SORTS": "indexer.search.request",
    "SearchResults": "indexer.search.results",
    "Hit": "indexer.search.results",
    "FacetValue": "indexer.search.results",
    "RoleMention": "indexer.search.results",
    "FACETS": "indexer.facets",
    "FacetGroup": "indexer.facets",
    "FACET_GROUPS": "indexer.facets",
    "Release": "indexer.release",
    "Block": "indexer.release",
    "Contact": "indexer.release",
    "PersonRef": "indexer.release",
    "Settings": "indexer.config",
    "resolve": "indexer.config",
    "SiteInfo": "indexer.config",
    "site_info": "indexer.config",
    "rebuild": "indexer.index.build",
    "update": "indexer.index.build",
    "ensure_index": "indexer.index.build",
    "BuildReport": "indexer.index.build",
    "UpdateReport": "indexer.index.build",
    "extract_persons": "indexer.enrich.persons",
    "extract_organisations": "indexer.enrich.organisations",
    "Person": "indexer.enrich.persons",
    "Organisation": "indexer.enrich.organisations",
    "Taxonomy": "indexer.enrich.topics",
}

__all__ = [
    "FACETS", "FACET_GROUPS", "SORTS", "Block", "BuildError", "BuildReport", "ConfigError", "Contact", "FacetGroup",
    "FacetValue", "Hit", "IndexFormatError", "IndexNotFoundError", "LexiconError", "Organisation",
    "ParseError", "Person", "PersonRef", "PressarkivError", "Release", "RoleMention", "SearchError",
    "SearchIndex", "SearchRequest", "SearchResults", "Settings", "SiteInfo", "Sort", "Taxonomy", "TaxonomyError",
    "UpdateReport", "ensure_index", "extract_organisations", "extract_persons", "open_index", "rebuild",
    "resolve", "site_info", "update",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'indexer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from indexer.config import Settings, resolve
    from indexer.enrich.organisations import Organisation, extract_organisations
    from indexer.enrich.persons import Person, extract_persons
    from indexer.enrich.topics import Taxonomy
    from indexer.facets import FACET_GROUPS, FACETS, FacetGroup
    from indexer.index.build import BuildReport, UpdateReport, ensure_index, rebuild, update
    from indexer.release import Block, Contact, PersonRef, Release
    from indexer.search.request import SORTS, SearchRequest, Sort
    from indexer.search.results import FacetValue, Hit, RoleMention, SearchResults
    from indexer.search.searching import SearchIndex, open_index
