"""The search in a query string: read into a ``SearchRequest``, written back as a URL.

``indexer.SearchRequest`` checks every parameter once, with the messages the API and
the CLI give too (a bad value is a 400 page saying what to do); here the query
string is only handed over, and the sort orders get their Swedish names.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from indexer.search.request import SearchRequest

#: How the sort orders are named to users, in the order they are offered.
SORT_LABELS: dict[str, str] = {
    "relevance": "Relevans",
    "newest": "Nyast först",
    "oldest": "Äldst först",
}


def parse_search_args(args: MultiDict[str, str]) -> SearchRequest:
    """The search a query string asks for (see ``SearchRequest.from_args`` for the names)."""
    return SearchRequest.from_args(args.to_dict(flat=False))
