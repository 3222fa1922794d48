"""The topic matcher gives the same topics, scores and triggers as before it was made faster.

``fixtures/topics_synthetic.json`` holds what the matcher as of commit f411e87 (before issue 18's
speed-up) found in the first releases of the synthetic corpus (seed 7, word-list filler, so the
texts need no file outside the repository). Any change to the matcher must leave them equal.
A change to the generator shows as a different digest of the texts; after it, or after a change
to the taxonomy or the compound splitter that is meant to change topics, the fixture is made
again from the matcher that is trusted (``PYTHONPATH=. python tests/test_topics_synthetic.py``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import indexer.config
from benchmarks.speed.generate import Generator
from indexer.enrich.topics import Taxonomy
from indexer.ingest.jsonformat import parse_json

FIXTURE = Path(__file__).parent / "fixtures" / "topics_synthetic.json"
SEED, COUNT = 7, 300


def sample() -> tuple[str, dict[str, Any]]:
    """The digest of the sample's texts and the topics the matcher finds in each release."""
    taxonomy = Taxonomy.load(indexer.config.DEFAULT_TOPICS)
    digest = hashlib.sha256()
    found = {}
    for synthetic in Generator(SEED, None).releases(COUNT):
        record = synthetic.record
        release = parse_json(json.dumps(record, ensure_ascii=False), release_id=record["id"], source="synthetic")
        digest.update(f"{release.title}\0{release.text}\0".encode())
        matches = taxonomy.match(release.title, release.text)
        found[release.id] = [[match.label, match.score, list(match.triggers)] for match in matches]
    return digest.hexdigest(), found


def test_topics_of_the_synthetic_sample_are_unchanged() -> None:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    digest, found = sample()
    assert digest == expected["digest"], "the sample's texts changed: make the fixture again (see the docstring)"
    assert sum(map(len, found.values())) > COUNT  # the sample has topics to compare
    assert found == expected["topics"]


if __name__ == "__main__":
    digest, found = sample()
    lines = (f"{json.dumps(key)}: {json.dumps(topics, ensure_ascii=False)}" for key, topics in found.items())
    FIXTURE.write_text(f'{{"digest": "{digest}", "topics": {{\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8")
