"""Where Pressarkiv finds its corpus and its index, and its limits: the one home of configuration.

Defaults point into the repository's ``index_data/``; the environment variables
``PRESSARKIV_DATA``, ``PRESSARKIV_INDEX``, ``PRESSARKIV_TOPICS``,
``PRESSARKIV_MAX_RELEASE_BYTES`` and ``PRESSARKIV_BASE_URL`` override them, and
explicit arguments (command-line flags, ``create_app`` config) override both.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ConfigError

#: The repository's data folder: shipped corpus, taxonomy, built index.
INDEX_DATA = Path(__file__).resolve().parent.parent / "index_data"

DATA_ENV = "PRESSARKIV_DATA"
INDEX_ENV = "PRESSARKIV_INDEX"
TOPICS_ENV = "PRESSARKIV_TOPICS"
MAX_RELEASE_BYTES_ENV = "PRESSARKIV_MAX_RELEASE_BYTES"
BASE_URL_ENV = "PRESSARKIV_BASE_URL"

#: The largest release file read (and JSON Lines record): a press release has some ten
#: kilobytes, a saved web page with its scripts and styles a few hundred; a file over the
#: limit is reported and skipped, so that one giant file cannot hold up a build. Indexing
#: takes about 2 s of CPU and 65 MB of memory per MB of text (``python -m benchmarks.sizes``).
MAX_RELEASE_BYTES = 5_000_000
#: The public address of the web UI when none is configured: what ``python -m searchui`` serves.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"

_BASE_URL = re.compile(r"https?://[^/?#@\s]+(?:/[^?#\s]*)?")


@dataclass(frozen=True)
class Settings:
    """Resolved paths and limits for one run of the indexer or the web UI."""

    data_dir: Path
    index_dir: Path
    topics_file: Path
    max_release_bytes: int = MAX_RELEASE_BYTES


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
    """Resolve paths and limits: explicit argument, then environment variable, then default.

    Raises :class:`ConfigError` for a size limit that is not a positive whole number.
    """
    return Settings(
        data_dir=_pick(data_dir, DATA_ENV, INDEX_DATA / "releases"),
        index_dir=_pick(index_dir, INDEX_ENV, INDEX_DATA / "index"),
        topics_file=_pick(topics_file, TOPICS_ENV, INDEX_DATA / "topics.toml"),
        max_release_bytes=_max_release_bytes(),
    )


def base_url(explicit: str | None = None, default: str = DEFAULT_BASE_URL) -> str:
    """The web UI's public address (``https://host[:port][/path]``, no ``/`` at the end), from which
    every absolute link is made: ``explicit``, else ``$PRESSARKIV_BASE_URL``, else ``default``.

    Raises :class:`ConfigError` for an address that is not one.
    """
    value = explicit or os.environ.get(BASE_URL_ENV) or default
    if not _BASE_URL.fullmatch(value):
        raise ConfigError(
            f"{BASE_URL_ENV}: {value[:80]!r} är ingen webbadress; "
            "ange till exempel https://pressarkiv.example.se"
        )
    return value.rstrip("/")


def _max_release_bytes() -> int:
    value = os.environ.get(MAX_RELEASE_BYTES_ENV, "").strip()
    if not value:
        return MAX_RELEASE_BYTES
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(
            f"{MAX_RELEASE_BYTES_ENV}: ska vara ett antal byte, till exempel 5000000 (fick {value[:40]!r})"
        )
    return int(value)
