"""The plain-text release format: a page of the agency's site, saved as text.

Layout, as in the shipped corpus: an optional ``Start`` line, the title, then
optional ``Publicerad <datum>`` and kind (``Pressmeddelande``) lines, the lead
paragraph, body paragraphs (``–`` starts a quote, ``•``/``-``/``*`` a bullet), an
optional contact block after ``För ytterligare information, kontakta:``, and the
site's navigation leftovers, which are dropped. A kind label (:data:`KINDS`) is the
kind wherever it stands before the lead, above the title too: it is never the title.
HTML pages are reduced to the same lines (with the block kinds their markup gives)
and read by :func:`assemble`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from indexer.errors import ParseError
from indexer.ingest.dates import date_label
from indexer.release import Block, Contact, Origin, Release

__all__ = ["KINDS", "NAVIGATION_LINES", "Line", "ParseError", "assemble", "parse_body", "parse_text"]

#: Lines that the website's navigation leaves in a saved page; never release text.
NAVIGATION_LINES = frozenset(
    {
        "start", "relaterade länkar", "relaterad information", "dela", "dela sidan", "skriv ut",
        "skriv ut sidan", "tillbaka", "till toppen", "till startsidan", "kopiera länk", "lyssna",
        "hoppa till huvudinnehållet", "hoppa till innehållet", "dela på facebook", "dela på linkedin",
        "dela på x", "dela via e-post", "prenumerera på nyheter", "prenumerera på pressmeddelanden",
    }
)  # fmt: skip

#: Kinds of release the site labels its pages with, by lower-case label.
KINDS = {
    kind.lower(): kind for kind in ("Pressmeddelande", "Nyhet", "Nyheter", "Debattartikel", "Kommentar", "Uttalande")
}

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BREADCRUMB = re.compile(r"^start\s*[/>›»|]", re.IGNORECASE)
_CONTACT_HEADING = re.compile(
    r"^(?:för\s+(?:ytterligare|mer)\s+information,?\s+kontakta|presskontakt|kontakt)\s*:?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[•·▪◦‣*]|-(?=\s))\s*(?P<text>.+)$")
_QUOTE = re.compile(r"^[–—]\s*")
_PHONE = re.compile(r"^(?:tel(?:efon)?\.?:?\s*)?\+?[\d][\d\s\-()]{5,}\d$", re.IGNORECASE)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None) | {
    ord("\u00a0"): " ", ord("\t"): " ", ord("\u2028"): "\n", ord("\u2029"): "\n",
}  # fmt: skip

LineKind = Literal["item", "quote"]


@dataclass(frozen=True)
class Line:
    """A line of a release page; ``kind`` is set where markup says it is a list item or quote."""

    text: str
    kind: LineKind | None = None


def parse_text(text: str, *, release_id: str, source: str) -> Release:
    """Parse one release in the plain-text format into a :class:`Release`."""
    lines = (Line(line) for line in normalise(text).split("\n"))
    return assemble(lines, release_id=release_id, source=source)


def parse_body(text: str) -> tuple[Block, ...]:
    """Body text alone, as blocks: paragraphs separated by blank lines, marked as in the text format.

    The lines of one paragraph are joined, except where a bullet or a quote dash starts a line.
    """
    lines: list[Line] = []
    for paragraph in _PARAGRAPH_BREAK.split(normalise(text)):
        parts: list[str] = []
        for line in filter(None, (" ".join(raw.split()) for raw in paragraph.split("\n"))):
            if parts and not (_BULLET.match(line) or _QUOTE.match(line)):
                parts[-1] += " " + line
            else:
                parts.append(line)
        lines += map(Line, parts)
    return tuple(_blocks(lines))


def normalise(text: str) -> str:
    """NFC, Unix line ends, no BOM or zero-width characters, plain spaces."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def assemble(lines: Iterable[Line], *, release_id: str, source: str) -> Release:
    """Read a page's lines: title, date labels, kind, lead, body and contact block."""
    dates: dict[str, dt.date] = {}
    kind = None
    title = ""
    content: list[Line] = []
    contact_lines: list[str] = []
    in_contacts = False
    for line in lines:
        text = " ".join(line.text.split())
        if _is_navigation(text):
            continue
        if (label := date_label(text)) is not None:
            which, day = label  # the first publication date counts, and the last update
            if day and (which == "updated" or which not in dates):
                dates[which] = day
            continue
        if text.lower() in KINDS and kind is None and not content:  # above or below the title
            kind = KINDS[text.lower()]
            continue
        if not title:
            title = text
            continue
        if _CONTACT_HEADING.match(text):
            in_contacts = True
            continue
        if in_contacts and not _looks_like_contact(text):
            in_contacts = False
        if in_contacts:
            contact_lines.append(text)
        else:
            content.append(Line(text, line.kind))

    if not title:
        raise ParseError("ingen titel hittades: första raden med text ska vara rubriken")
    blocks = _blocks(content)
    lead = blocks.pop(0).text if blocks and blocks[0].kind == "paragraph" else ""
    provenance: dict[str, Origin] = {"title": "text"}
    provenance.update((name, "text") for name, value in (*dates.items(), ("kind", kind)) if value)
    return Release(
        id=release_id,
        title=title,
        source=source,
        kind=kind,
        published=dates.get("published"),
        updated=dates.get("updated"),
        lead=lead,
        body=tuple(blocks),
        contacts=tuple(_contact(line) for line in contact_lines),
        provenance=provenance,
    )


def _is_navigation(text: str) -> bool:
    return not text or text.lower() in NAVIGATION_LINES or bool(_BREADCRUMB.match(text))


def _blocks(lines: list[Line]) -> list[Block]:
    """Group content lines into paragraphs, quotes and bullet lists."""
    blocks: list[Block] = []
    items: list[str] = []
    for line in lines:
        bullet = _BULLET.match(line.text) if line.kind is None else None
        if line.kind == "item" or bullet:
            items.append(bullet["text"].strip() if bullet else line.text)
            continue
        if not line.text:
            continue
        if items:
            blocks.append(Block("list", items=tuple(items)))
            items = []
        quote = line.kind == "quote" or _QUOTE.match(line.text)
        blocks.append(Block("quote" if quote else "paragraph", text=line.text))
    if items:
        blocks.append(Block("list", items=tuple(items)))
    return blocks


def _looks_like_contact(line: str) -> bool:
    """A contact line: a name first, then title, phone or e-mail after commas."""
    parts = [part.strip() for part in line.split(",")]
    return len(parts) > 1 and len(parts[0].split()) <= 4 and parts[0][:1].isupper()


def _contact(line: str) -> Contact:
    parts = [part.strip() for part in line.split(",") if part.strip()]
    name, rest = parts[0], parts[1:]
    phone = next((part for part in rest if _PHONE.match(part)), None)
    email = next((part for part in rest if _EMAIL.match(part)), None)
    title = ", ".join(part for part in rest if part not in (phone, email)) or None
    return Contact(name=name, title=title, phone=phone, email=email)
