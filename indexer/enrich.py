"""The analysis step between parsing and indexing: persons and topics of a release."""

from __future__ import annotations

from dataclasses import replace

from .entities import extract_persons
from .release import PersonRef, Release
from .topics import Taxonomy


def enrich(release: Release, taxonomy: Taxonomy) -> Release:
    """The release with the persons named in it and the topics it is about."""
    persons = tuple(PersonRef(p.name, p.role) for p in extract_persons(release.text))
    topics = tuple(match.label for match in taxonomy.match(release.title, release.text))
    return replace(release, persons=persons, topics=topics)
