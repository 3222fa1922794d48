"""Where Pressarkiv finds its corpus and its index: the one home of configuration.

Defaults point into the repository's ``index_data/``; the environment variables
``PRESSARKIV_DATA`` and ``PRESSARKIV_INDEX`` override them, and explicit
arguments (command-line flags, ``create_app`` config) override both.
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
