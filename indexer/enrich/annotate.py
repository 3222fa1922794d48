"""The analysis step between parsing and indexing: persons, organisations and topics.

Values that the input gives (a JSON record or a sidecar) are kept as given;
otherwise they are extracted, less the topics a curator removed. Each extracted
topic keeps the words that triggered it, so a reader can see why it is there.
"""

from __future__ import annotations

from dataclasses import replace

from indexer.enrich.organisations import extract_organisations
from indexer.enrich.persons import extract_persons
from indexer.enrich.topics import Taxonomy
from indexer.release import Origin, PersonRef, Release


def enrich(release: Release, taxonomy: Taxonomy) -> Release:
    """The release with the persons and organisations named in it and the topics it is about."""
    provenance: dict[str, Origin] = dict(release.provenance)
    persons, organisations = release.persons, release.organisations
    topics, triggers = release.topics, release.topic_triggers
    if not release.given("persons"):
        persons = tuple(PersonRef(p.name, p.role) for p in extract_persons(release.text) if p.full_name)
        provenance["persons"] = "extracted"
    if not release.given("organisations"):
        organisations = tuple(o.name for o in extract_organisations(release.text))
        provenance["organisations"] = "extracted"
    if release.given("topics"):  # a label the taxonomy lacks is reported, not indexed
        topics = tuple(label for label in topics if label in taxonomy.labels)
    else:
        matches = [m for m in taxonomy.match(release.title, release.text)
                   if m.label not in release.removed_topics]  # fmt: skip
        topics = tuple(m.label for m in matches)
        triggers = {m.label: tuple(m.triggers) for m in matches}
        provenance["topics"] = "extracted"
    return replace(
        release, persons=persons, organisations=organisations, topics=topics,
        topic_triggers=triggers, provenance=provenance,
    )  # fmt: skip
