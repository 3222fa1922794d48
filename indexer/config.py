"""Where Pressarkiv finds its corpus and its index, and how it names itself: the one home of configuration.

Defaults point into the repository's ``index_data/``; the environment variables
``PRESSARKIV_DATA``, ``PRESSARKIV_INDEX``, ``PRESSARKIV_TOPICS``, ``PRESSARKIV_SOURCES``
and ``PRESSARKIV_CONTACT_URL`` override them, and explicit arguments (command-line
flags, ``create_app`` config) override both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The repository's data folder: shipped corpus, taxonomy, built index.
INDEX_DATA = Path(__file__).resolve().parent.parent / "index_data"

DATA_ENV = "PRESSARKIV_DATA"
INDEX_ENV = "PRESSARKIV_INDEX"
TOPICS_ENV = "PRESSARKIV_TOPICS"
SOURCES_ENV = "PRESSARKIV_SOURCES"
CONTACT_URL_ENV = "PRESSARKIV_CONTACT_URL"

#: Where a site's operators read who harvests their pages and why (sent in the User-Agent).
DEFAULT_CONTACT_URL = "https://github.com/pressarkiv/pressarkiv"


@dataclass(frozen=True)
class Settings:
    """Resolved paths for one run of the indexer or the web UI."""

    data_dir: Path
    index_dir: Path
    topics_file: Path


def _pick(explicit: str | os.PathLike[str] | None, env: str, default: Path) -> Path:
    if explicit is not None:
        return Path(explicit)
    if os.environ.get(env):
        return Path(os.environ[env])
    return default


def resolve(
    data_dir: str | os.PathLike[str] | None = None,
    index_dir: str | os.PathLike[str] | None = None,
    topics_file: str | os.PathLike[str] | None = None,
) -> Settings:
    """Resolve paths: explicit argument, then environment variable, then default."""
    return Settings(
        data_dir=_pick(data_dir, DATA_ENV, INDEX_DATA / "releases"),
        index_dir=_pick(index_dir, INDEX_ENV, INDEX_DATA / "index"),
        topics_file=_pick(topics_file, TOPICS_ENV, INDEX_DATA / "topics.toml"),
    )


@dataclass(frozen=True)
class HarvestSettings:
    """What a harvest needs beyond the paths: the sites to visit and the address that names us."""

    sources_file: Path
    contact_url: str


def resolve_harvest(
    sources_file: str | os.PathLike[str] | None = None, contact_url: str | None = None
) -> HarvestSettings:
    """Resolve the harvest's settings: explicit argument, then environment variable, then default."""
    return HarvestSettings(
        sources_file=_pick(sources_file, SOURCES_ENV, INDEX_DATA / "sources.toml"),
        contact_url=contact_url or os.environ.get(CONTACT_URL_ENV) or DEFAULT_CONTACT_URL,
    )
