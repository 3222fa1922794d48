"""The layout of an index directory, as readers see it: generations and the ``current`` link.

An index directory holds generations (``gen-*`` folders, each a whole Whoosh index,
finished by a ``pressarkiv.json`` of build facts written after its commit) and a
``current`` symlink to the one in service. Readers follow ``current`` only. Each
generation records the :data:`INDEX_FORMAT` it was written in; one written in
another format (older class paths pickled in its schema, other fields) is not
opened but rebuilt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from indexer.errors import IndexFormatError

#: The symlink to the generation in service, and the file a generation gets last, after its commit.
CURRENT = "current"
META_FILE = "pressarkiv.json"

#: The version of the index layout this code writes and reads; bump it when the schema changes.
#: Indexes without one were written before the stage packages (format 1); format 2 made ids
#: without å, ä and ö; format 3 listed the spelling words beside the segments (``words.tsv``)
#: instead of in a ``spell`` field; format 4 keeps stop words' gaps, puts compound parts
#: beyond the text and indexes the parts of parts.
INDEX_FORMAT = 4


def linked_generation(index_dir: Path) -> Path | None:
    """Where the ``current`` link points (resolved), or None when there is no link."""
    link = index_dir / CURRENT
    return link.resolve() if link.is_symlink() else None


def current_generation(index_dir: Path) -> Path | None:
    """The generation in service, or None when no complete index exists."""
    target = linked_generation(index_dir)
    if target is None or not whoosh_index.exists_in(str(target)):
        return None
    return target


def read_meta(generation: Path) -> dict[str, Any]:
    """The build facts stored with a generation (``built_at``, counts, problems, format)."""
    meta: dict[str, Any] = json.loads((generation / META_FILE).read_text(encoding="utf-8"))
    return meta


def index_format(generation: Path) -> int:
    """The format a generation was written in (1 for one written before formats were recorded)."""
    try:
        return int(read_meta(generation).get("format", 1))
    except (OSError, ValueError, TypeError):
        return 1


def check_format(generation: Path) -> None:
    """Raise :class:`IndexFormatError` unless this code can read ``generation``."""
    found = index_format(generation)
    if found != INDEX_FORMAT:
        raise IndexFormatError(
            f"Indexet i {generation.parent} är byggt av en annan version av Pressarkiv "
            f"(format {found}, den här versionen läser format {INDEX_FORMAT}): "
            "bygg om det med `python -m indexer rebuild`"
        )
