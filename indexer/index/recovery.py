"""Cleaning up after a writer that was killed: run under the writer lock, before a build.

A writer killed part-way (SIGKILL, power loss, a full disk) leaves at most a
``gen-*`` folder that never went into service and a ``.current-*`` symlink it
meant to rename over ``current``. Neither is ever read: readers follow
``current`` only. The generations kept are the one in service and those older
than it (the previous one may still be open in a reader); a generation newer
than the one in service, or one without its build facts, was interrupted.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from indexer.index.generations import CURRENT, META_FILE, linked_generation

_log = logging.getLogger(__name__)


def interrupted_generations(index_dir: Path) -> list[Path]:
    """The ``gen-*`` folders that an interrupted build left: never in service, never finished."""
    current = linked_generation(index_dir)
    newest_in_service = current.name if current is not None and current.is_dir() else None
    return sorted(
        path
        for path in index_dir.glob("gen-*")
        if path != current
        and (newest_in_service is None or path.name > newest_in_service or not (path / META_FILE).is_file())
    )


def leftover_links(index_dir: Path) -> list[Path]:
    """The ``.current-*`` symlinks of a swap that was interrupted before its rename."""
    return sorted(index_dir.glob(f".{CURRENT}-*"))


def recover(index_dir: Path) -> list[str]:
    """Remove what interrupted writers left in ``index_dir``; one message per removal.

    Call only while holding the writer lock. Each message is also logged as a warning.
    """
    messages = []
    for path in interrupted_generations(index_dir):
        shutil.rmtree(path, ignore_errors=True)
        messages.append(f"Tog bort ofullständigt bygge {path.name} (avbrutet)")
    for path in leftover_links(index_dir):
        path.unlink(missing_ok=True)
        messages.append(f"Tog bort kvarlämnad länk {path.name} (avbrutet byte av index)")
    for message in messages:
        _log.warning("%s: %s", index_dir, message)
    return messages
