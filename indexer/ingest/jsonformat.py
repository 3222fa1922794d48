"""JSON releases: one object per ``.json`` file, or one per line of a ``.jsonl`` file.

An object uses the record's field names: ``id``, ``title``, ``published``,
``updated``, ``kind``, ``lead``, ``body`` (a text of blank-line-separated
paragraphs, read like the text format's body, or a list of blocks), ``url``,
``contacts``, and optionally ``persons`` and ``topics``, which analysis then
keeps as given.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from indexer.errors import ParseError
from indexer.ingest import validate
from indexer.ingest.bounded import load_json
from indexer.ingest.files import too_large
from indexer.ingest.ids import given_id
from indexer.ingest.textformat import parse_body
from indexer.release import Origin, Release

FIELDS = (
    "id", "title", "published", "updated", "kind", "lead", "body", "url", "contacts", "persons", "topics",
)  # fmt: skip

_CHECKS = {
    "published": validate.date,
    "updated": validate.date,
    "kind": lambda value, key: validate.text(value, key) or None,
    "lead": validate.text,
    "url": validate.url,
    "contacts": validate.contacts,
    "persons": validate.persons,
    "topics": validate.labels,
}


def parse_json(text: str, *, release_id: str, source: str) -> Release:
    """One release from a ``.json`` file; its ``id`` defaults to the file's id."""
    try:
        data = load_json(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"är inte giltig JSON (rad {error.lineno}: {error.msg}): rätta filen") from error
    return record(data, source=source, default_id=release_id)


def parse_json_lines(
    text: str, *, source: str, max_bytes: int | None = None
) -> Iterator[tuple[int, Release | ParseError]]:
    """Each non-blank line of a ``.jsonl`` file, by line number: a release or why not.

    A line of more than ``max_bytes`` bytes (UTF-8) is refused unread. The lines are
    taken one at a time, so that a file of millions of short lines costs no list of them.
    """
    for number, line in enumerate(io.StringIO(text), start=1):
        line = line.removesuffix("\n")
        if not line.strip():
            continue
        size = len(line.encode("utf-8")) if max_bytes is not None and 4 * len(line) > max_bytes else 0
        if max_bytes is not None and size > max_bytes:
            yield number, ParseError(too_large(size, max_bytes))
            continue
        try:
            yield number, record(load_json(line), source=source)
        except json.JSONDecodeError as error:
            reason = f"är inte giltig JSON ({error.msg}, tecken {error.pos + 1}): rätta raden"
            yield number, ParseError(reason)
        except ParseError as error:
            yield number, error


def record(data: Any, *, source: str, default_id: str | None = None) -> Release:
    """A release from one JSON object; raises :class:`ParseError` naming the field."""
    if not isinstance(data, dict):
        raise ParseError("ska vara ett JSON-objekt med fälten id, title, body …")
    validate.only_known(data, FIELDS)
    if "id" in data or default_id is None:
        release_id = given_id(data.get("id"))
    else:
        release_id = default_id
    values: dict[str, Any] = {
        key: _CHECKS[key](value, key) for key, value in data.items() if key in _CHECKS and value is not None
    }
    body = data.get("body", "")
    values["body"] = parse_body(body) if isinstance(body, str) else validate.blocks(body, "body")
    provenance: dict[str, Origin] = {key: "json" for key in ("title", *values) if data.get(key) is not None}
    return Release(
        id=release_id,
        title=validate.text(data.get("title"), "title", required=True),
        source=source,
        provenance=provenance,
        **values,
    )
