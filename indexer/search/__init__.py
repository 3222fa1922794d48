"""Searching: a query and filters in, ranked hits with facets and snippets out.

``searching`` is the public API (:func:`open_index`, :class:`SearchIndex`); ``query``
parses the query language; ``matching`` evaluates a query on numpy arrays with Whoosh's
BM25F scores; ``facet_counts`` counts facet values; ``snippets`` cuts and marks text;
``spelling`` suggests corrections; ``results`` holds the typed records that serialise
to the public JSON. Nothing here writes an index or imports the build side.
"""
