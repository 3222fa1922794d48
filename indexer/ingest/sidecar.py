"""Curators' metadata overrides: a ``NAME.meta.toml`` file next to the release ``NAME.*``.

It sets or corrects ``published``, ``updated``, ``url``, ``kind``, ``persons`` and
``topics`` without touching the release's text; ``remove_topics`` drops topics
that analysis finds. Its values win over extracted ones, and the record notes
``"sidecar"`` as their origin. ``python -m indexer harvest`` writes the page's
address and fetch time into the sidecar as ``url`` and ``fetched``: with ``fetched``
present, those two are noted as ``"harvest"``, not as a curator's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from indexer.ingest import validate
from indexer.ingest.bounded import load_toml
from indexer.ingest.encoding import decode
from indexer.release import Origin, Release

SUFFIX = ".meta.toml"
#: The largest sidecar read: its few keys take a few hundred bytes.
MAX_BYTES = 100_000

#: The keys a sidecar may set, with the check each value must pass.
KEYS: dict[str, Callable[[Any, str], Any]] = {
    "published": validate.date,
    "updated": validate.date,
    "url": validate.url,
    "fetched": validate.moment,
    "kind": lambda value, key: validate.text(value, key, required=True),
    "persons": validate.persons,
    "topics": validate.labels,
    "remove_topics": validate.labels,
}

#: The keys a harvest writes, noted as ``"harvest"`` when the sidecar has ``fetched``.
HARVEST_KEYS = ("url", "fetched")


def is_sidecar(path: Path) -> bool:
    """Whether ``path`` is a sidecar file rather than a release."""
    return path.name.endswith(SUFFIX)


def sidecar_path(release_path: Path) -> Path:
    """Where the sidecar of the release file ``release_path`` lives (it may not exist)."""
    return release_path.with_name(release_path.stem + SUFFIX)


def parse_sidecar(data: bytes) -> dict[str, Any]:
    """The checked values of a sidecar file; raises :class:`ParseError` naming the key."""
    table = load_toml(decode(data).text)
    validate.only_known(table, tuple(KEYS))
    return {key: KEYS[key](value, key) for key, value in table.items()}


def apply(release: Release, values: dict[str, Any]) -> Release:
    """The release with a sidecar's values in place of its own, marked ``"sidecar"``."""
    changes = {("removed_topics" if key == "remove_topics" else key): value for key, value in values.items()}
    harvested = "fetched" in values
    provenance: dict[str, Origin] = dict(release.provenance)
    for key in values:
        if key != "remove_topics":
            provenance[key] = "harvest" if harvested and key in HARVEST_KEYS else "sidecar"
    return replace(release, **changes, provenance=provenance)
