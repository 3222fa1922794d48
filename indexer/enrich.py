"""The analysis step between parsing and indexing: persons and topics of a release.

Persons and topics that the input gives (a JSON record or a sidecar) are kept as
given; otherwise they are extracted, less the topics a curator removed.
"""

from __future__ import annotations

from dataclasses import replace

from .entities import extract_persons
from .release import Origin, PersonRef, Release
from .topics import Taxonomy


def enrich(release: Release, taxonomy: Taxonomy) -> Release:
    """The release with the persons named in it and the topics it is about."""
    provenance: dict[str, Origin] = dict(release.provenance)
    persons, topics = release.persons, release.topics
    if not release.given("persons"):
        persons = tuple(PersonRef(p.name, p.role) for p in extract_persons(release.text))
        provenance["persons"] = "extracted"
    if not release.given("topics"):
        matches = taxonomy.match(release.title, release.text)
        topics = tuple(m.label for m in matches if m.label not in release.removed_topics)
        provenance["topics"] = "extracted"
    return replace(release, persons=persons, topics=topics, provenance=provenance)
