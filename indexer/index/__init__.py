"""The Whoosh index: enriched releases in, index generations on disk out.

``analysis`` is the Swedish Whoosh analyzer (tokenizer | lower-case | stop words |
decompounding | lexicon/stem), used for indexing and for queries; ``schema`` the fields
and how a release becomes a document; ``generations`` the layout of an index directory
(``gen-*`` folders and the ``current`` link) that readers follow; ``recovery`` cleans up
after a killed writer; ``pipeline`` enriches releases in worker processes;
``update_plan`` compares the data directory with the index; ``build`` writes a new
generation and swaps it in. The read side (:mod:`indexer.search`) uses only ``analysis``,
``schema`` and ``generations``.
"""
