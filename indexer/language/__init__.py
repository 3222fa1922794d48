"""Swedish words without Whoosh: stop words, stems, lemmas and compound parts.

``words`` holds the tokenizer pattern and the stop words; ``snowball`` stems with
PyStemmer's C code; ``hunspell`` reads the hunspell-sv dictionary with spylls and caches
what is expanded from it; ``lexicon`` maps every dictionary form to its word's term;
``compounds`` splits compounds into parts. Words go in, terms and parts come out; the
Whoosh analyzer in :mod:`indexer.index.analysis` composes these into filters.
"""
