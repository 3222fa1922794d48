"""Checking the values that JSON records and sidecar files give for a release's fields.

Each function takes a raw value and the key it was given under, and returns the
record's value or raises :class:`FieldError` naming the key and what to write.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from indexer.errors import ParseError
from indexer.ingest.bounded import clipped, shown
from indexer.ingest.dates import parse_date_value
from indexer.release import Block, Contact, PersonRef

_URL = re.compile(r"^https?://\S+$")


class FieldError(ParseError):
    """A value of the wrong type or form; the message names the key and what to write."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


def text(value: Any, key: str, *, required: bool = False) -> str:
    """A text value, whitespace tidied; an empty one only where it may be left out."""
    if not isinstance(value, str) or (required and not value.strip()):
        rule = "ska vara en text som inte är tom" if required else "ska vara en text"
        raise FieldError(key, f"{rule} (fick {shown(value)})")
    return " ".join(value.split())


def date(value: Any, key: str) -> dt.date:
    """A date: a TOML date, or a text such as ``2021-02-17`` or ``17 februari 2021``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    day = parse_date_value(value) if isinstance(value, str) else None
    if day is None:
        rule = "ska vara ett datum som 2021-02-17 eller 17 februari 2021"
        raise FieldError(key, f"{rule} (fick {shown(value)})")
    return day


def moment(value: Any, key: str) -> dt.datetime:
    """A point in time with its time zone: a TOML offset date-time or ISO text (``2024-03-01T09:30:00Z``)."""
    when = value
    if isinstance(value, str):
        try:
            when = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            when = None
    if not isinstance(when, dt.datetime) or when.utcoffset() is None:
        raise FieldError(key, f"ska vara en tidpunkt med tidszon som 2024-03-01T09:30:00Z (fick {value!r})")
    return when


def url(value: Any, key: str) -> str:
    """An absolute http(s) address."""
    if not isinstance(value, str) or not _URL.match(value.strip()):
        raise FieldError(key, f"ska vara en webbadress som börjar med https:// (fick {shown(value)})")
    return value.strip()


def labels(value: Any, key: str) -> tuple[str, ...]:
    """A list of labels (topics), each a non-empty text."""
    items = _list(value, key)
    return tuple(text(item, f"{key}[{n}]", required=True) for n, item in enumerate(items))


def persons(value: Any, key: str) -> tuple[PersonRef, ...]:
    """Persons as a list of names or of ``{name = …, role = …}`` tables."""
    found = []
    for n, item in enumerate(_list(value, key)):
        where = f"{key}[{n}]"
        if isinstance(item, dict):
            only_known(item, ("name", "role"), where)
            role = item.get("role")
            found.append(PersonRef(
                text(item.get("name"), f"{where}.name", required=True),
                None if role is None else text(role, f"{where}.role") or None,
            ))  # fmt: skip
        else:
            found.append(PersonRef(text(item, where, required=True)))
    return tuple(found)


def contacts(value: Any, key: str) -> tuple[Contact, ...]:
    """Contacts as a list of ``{name, title, phone, email}`` objects (name required)."""
    found = []
    for n, item in enumerate(_list(value, key)):
        where = f"{key}[{n}]"
        if not isinstance(item, dict):
            raise FieldError(where, "ska vara ett objekt med name, title, phone, email")
        only_known(item, ("name", "title", "phone", "email"), where)
        text(item.get("name"), f"{where}.name", required=True)
        given: dict[str, Any] = {k: text(v, f"{where}.{k}") or None for k, v in item.items() if v is not None}
        found.append(Contact(**given))
    return tuple(found)


def blocks(value: Any, key: str) -> tuple[Block, ...]:
    """Body blocks: texts (paragraphs) or ``{kind, text}`` / ``{kind: "list", items}`` objects."""
    found = []
    for n, item in enumerate(_list(value, key)):
        where = f"{key}[{n}]"
        if isinstance(item, str):
            found.append(Block("paragraph", text=text(item, where, required=True)))
            continue
        if not isinstance(item, dict):
            raise FieldError(where, "ska vara en text eller ett objekt med kind och text eller items")
        only_known(item, ("kind", "text", "items"), where)
        kind = item.get("kind", "paragraph")
        if kind == "list":
            found.append(Block("list", items=labels(item.get("items"), f"{where}.items")))
        elif kind in ("paragraph", "quote"):
            found.append(Block(kind, text=text(item.get("text"), f"{where}.text", required=True)))
        else:
            raise FieldError(f"{where}.kind", f"ska vara paragraph, quote eller list (fick {shown(kind)})")
    return tuple(found)


def only_known(data: dict[str, Any], known: tuple[str, ...], where: str = "") -> None:
    """Refuse keys other than ``known``, naming the first unknown one."""
    for key in data:
        if key not in known:
            name = f"{where}.{clipped(key, 40)}" if where else clipped(key, 40)
            raise FieldError(name, f"okänd nyckel: använd {', '.join(known)}")


def _list(value: Any, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError(key, f"ska vara en lista (fick {shown(value)})")
    return value
