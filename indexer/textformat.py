"""The plain-text release format: a page of the agency's site, saved as text.

Layout, as in the shipped corpus: an optional ``Start`` line, the title, then
optional ``Publicerad <datum>`` and kind (``Pressmeddelande``) lines, the lead
paragraph, body paragraphs (``–`` starts a quote, ``•``/``-``/``*`` a bullet), an
optional contact block after ``För ytterligare information, kontakta:``, and the
site's navigation leftovers, which are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from .dates import parse_swedish_date
from .release import Block, Contact, Release

#: Lines that the website's navigation leaves in a saved page; never release text.
NAVIGATION_LINES = frozenset(
    {"start", "relaterade länkar", "relaterad information", "senast uppdaterad:", "dela", "skriv ut"}
)

#: Kinds of release the site labels its pages with, by lower-case label.
KINDS = {
    kind.lower(): kind
    for kind in ("Pressmeddelande", "Nyhet", "Nyheter", "Debattartikel", "Kommentar", "Uttalande")
}

_PUBLISHED = re.compile(r"^publicerad:?\s+(?P<date>.+)$", re.IGNORECASE)
_UPDATED = re.compile(r"^(?:senast\s+)?uppdaterad:?\s*(?P<date>.*)$", re.IGNORECASE)
_CONTACT_HEADING = re.compile(
    r"^(?:för\s+(?:ytterligare|mer)\s+information,?\s+kontakta|presskontakt|kontakt)\s*:?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[•·▪*]|-(?=\s))\s*(?P<text>.+)$")
_QUOTE = re.compile(r"^[–—]\s*")
_PHONE = re.compile(r"^(?:tel(?:efon)?\.?:?\s*)?\+?[\d][\d\s\-()]{5,}\d$", re.IGNORECASE)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


class ParseError(ValueError):
    """A file that cannot be read as a release; the message says why and what to do."""


def parse_text(text: str, *, release_id: str, source: str) -> Release:
    """Parse one release in the plain-text format into a :class:`Release`."""
    lines = [line.rstrip() for line in _normalise(text).split("\n")]
    if not any(lines):
        raise ParseError("filen är tom: lägg till en titel och texten, eller ta bort filen")

    published = updated = None
    kind = None
    title = ""
    content: list[str] = []
    contact_lines: list[str] = []
    in_contacts = False
    for raw in lines:
        line = raw.strip()
        lowered = line.lower()
        if lowered in NAVIGATION_LINES:
            continue
        if (match := _PUBLISHED.match(line)) and published is None:
            published = parse_swedish_date(match["date"])
            if published is not None:
                continue
        if match := _UPDATED.match(line):
            date = parse_swedish_date(match["date"])
            if date is not None or not match["date"]:
                updated = date or updated
                continue
        if not title:
            title = line
            continue
        if lowered in KINDS and kind is None and not _has_text(content):
            kind = KINDS[lowered]
            continue
        if _CONTACT_HEADING.match(line):
            in_contacts = True
            continue
        if in_contacts and line and not _looks_like_contact(line):
            in_contacts = False
        (contact_lines if in_contacts else content).append(raw)

    if not title:
        raise ParseError("ingen titel hittades: första raden med text ska vara rubriken")
    blocks = _blocks(content)
    lead = ""
    if blocks and blocks[0].kind == "paragraph":
        lead = blocks.pop(0).text
    return Release(
        id=release_id,
        title=title,
        source=source,
        kind=kind,
        published=published,
        updated=updated,
        lead=lead,
        body=tuple(blocks),
        contacts=tuple(_contact(line.strip()) for line in contact_lines if line.strip()),
    )


def _normalise(text: str) -> str:
    """NFC, Unix line ends, no BOM, no non-breaking spaces."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def _blocks(lines: list[str]) -> list[Block]:
    """Group content lines into paragraphs, quotes and bullet lists."""
    blocks: list[Block] = []
    items: list[str] = []
    for raw in lines:
        line = raw.strip()
        bullet = _BULLET.match(line)
        if bullet:
            items.append(bullet["text"].strip())
            continue
        if not line:
            continue
        if items:
            blocks.append(Block("list", items=tuple(items)))
            items = []
        kind = "quote" if _QUOTE.match(line) else "paragraph"
        blocks.append(Block(kind, text=line))
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
