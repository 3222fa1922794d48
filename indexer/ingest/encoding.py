"""Decoding release files: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252.

The rule is fixed rather than guessed: a byte-order mark decides; otherwise
strict UTF-8, which Windows-1252 Swedish text practically never passes (``å`` is
one byte that UTF-8 does not allow alone); otherwise Windows-1252. Text that is
UTF-8 read as Windows-1252 and saved again (``Ã¥`` for ``å``) is repaired when
the whole text converts back, and refused otherwise, so mojibake never reaches
the index.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from indexer.errors import ParseError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: What UTF-8 continuation bytes (0x80–0xBF) look like when read as Windows-1252.
_CONTINUATION = "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xC0))
#: ``Ã¥``, ``Ã¤``, ``Ã¶``, ``Ã…`` (å ä ö Å), ``â€“`` (–): UTF-8 lead bytes read as Windows-1252.
_MOJIBAKE = re.compile(f"[ÂÃ][{re.escape(_CONTINUATION)}]|â[€„]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read in, and whether mojibake was repaired."""

    text: str
    encoding: str
    repaired: bool = False


def decode(data: bytes) -> Decoded:
    """The text of a release file; raises :class:`ParseError` saying what to do."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    try:
        if encoding:
            text = data.decode(encoding)
        else:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        tried = encoding or "UTF-8 eller Windows-1252"
        raise ParseError(
            f"okänd teckenkodning (byte {error.start} går inte att läsa som {tried}): spara filen som UTF-8"
        ) from error
    repaired = False
    if mojibake := _MOJIBAKE.search(text):
        fixed = _repair(text)
        if fixed is None:
            raise ParseError(
                f"texten är felkodad (t.ex. ”{mojibake[0]}” där det ska stå å, ä, ö eller ett "
                "tankstreck) och går inte att reparera säkert: spara om filen från originalet som UTF-8"
            )
        text, repaired = fixed, True
    if _CONTROL.search(text):
        raise ParseError("innehåller styrtecken och är ingen textfil: spara pressmeddelandet som text, HTML eller JSON")
    return Decoded(text.lstrip("\ufeff"), encoding, repaired)


def _repair(text: str, rounds: int = 3) -> str | None:
    """Mojibake read back as UTF-8 (up to ``rounds`` times over); None when that fails."""
    current: str | None = text
    while rounds and current is not None and _MOJIBAKE.search(current):
        current, rounds = _undo(current), rounds - 1
    return None if current is None or _MOJIBAKE.search(current) else current


def _undo(text: str) -> str | None:
    """UTF-8 that was read as Windows-1252, read as UTF-8 again; None when it is not."""
    raw = bytearray()
    for char in text:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            raw.append(ord(char))  # a byte Windows-1252 leaves undefined, kept as Latin-1 does
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
