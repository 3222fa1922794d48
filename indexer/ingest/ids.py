"""Release ids: made from a file's name, checked when a record gives one, and kept unique.

An id keeps every letter and digit of the file name, å, ä and ö included
(``rapport-år.txt`` → ``rapport-år``, ``rapport-är.txt`` → ``rapport-är``), so that
names differing in a letter never share an id; any other run of characters becomes
``-``. Links carry the letters percent-encoded. Versions before this one dropped
every letter outside A–Z (both files above became ``rapport--r``); :func:`legacy_id`
makes those ids again, so that links made then can be redirected.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Container
from typing import Any

from indexer.ingest.bounded import shown
from indexer.ingest.validate import FieldError

#: The longest id: a file name may have 255 bytes, a URL should stay readable.
MAX_CHARS = 200
#: The id of a file whose name has no letter or digit at all.
FALLBACK = "release"

_OTHER_CHARS = re.compile(r"[^\w.-]+")
_LEGACY_OTHER_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_GIVEN = re.compile(r"\w[\w.-]*")


def release_id(name: str) -> str:
    """The id of the release in the file named ``name`` (without its extension)."""
    made = _OTHER_CHARS.sub("-", unicodedata.normalize("NFC", name)).strip("-.")
    return made[:MAX_CHARS].rstrip("-.") or FALLBACK


def legacy_id(name: str) -> str:
    """The id that versions before ids kept å, ä and ö made from the file named ``name``."""
    return _LEGACY_OTHER_CHARS.sub("-", name).strip("-.") or FALLBACK


def given_id(value: Any, key: str = "id") -> str:
    """An id a record gives: letters (å, ä, ö too), digits and ``_ . -``, starting with a letter or digit."""
    if not isinstance(value, str) or len(value) > MAX_CHARS or not _GIVEN.fullmatch(value):
        rule = f"ska vara en text av bokstäver, siffror och _ . -, högst {MAX_CHARS} tecken"
        raise FieldError(key, f"{rule} (fick {shown(value)})")
    return unicodedata.normalize("NFC", value)


def disambiguated(wanted: str, where: str, taken: Container[str]) -> str:
    """An id for a second release that wants the id ``wanted``: ``wanted`` and a hash of where it stands.

    The same place always gives the same id, unless that one is ``taken`` too (then a number follows).
    """
    base = f"{wanted}-{hashlib.sha256(where.encode('utf-8')).hexdigest()[:6]}"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
