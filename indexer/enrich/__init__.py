"""Enrichment: a parsed ``Release`` in, the same release with persons, organisations and topics out.

``persons`` and ``organisations`` find names in Swedish text, with the word lists and
word shapes of ``names``; ``topics`` holds the taxonomy and matches its topics;
``annotate`` applies all three to a release, keeping what the input already gave.
"""

from indexer.enrich.annotate import enrich
from indexer.enrich.organisations import Organisation, extract_organisations
from indexer.enrich.persons import Person, extract_persons
from indexer.enrich.topics import Taxonomy, Topic, TopicMatch

__all__ = [
    "Organisation", "Person", "Taxonomy", "Topic", "TopicMatch",
    "enrich", "extract_organisations", "extract_persons",
]  # fmt: skip
