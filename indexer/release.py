"""The ``Release`` record: one press release, as every input format yields it.

A release keeps its text as structure (paragraphs, quotes, bullet lists, a
contact block) so that the web page can show it as written, and offers the
flat text that analysis and indexing read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Literal

BlockKind = Literal["paragraph", "quote", "list"]

#: Where a field's value came from: the release's text, an HTML page's metadata, a
#: JSON record, a curator's sidecar file, a harvest (the page's address and fetch time,
#: written in the sidecar by ``python -m indexer harvest``), or analysis (persons and topics).
Origin = Literal["text", "html-meta", "json", "sidecar", "harvest", "extracted"]

#: Origins of values given with the release, which analysis never replaces.
GIVEN: frozenset[Origin] = frozenset({"json", "sidecar"})


@dataclass(frozen=True)
class Block:
    """A unit of body text: a paragraph, a quoted paragraph or a bullet list."""

    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()

    @property
    def plain(self) -> str:
        """The block as plain text, list items one per line."""
        return "\n".join(self.items) if self.kind == "list" else self.text


@dataclass(frozen=True)
class Contact:
    """A line of the contact block: who to ask, in what role, on which number."""

    name: str
    title: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class PersonRef:
    """A person named in a release, by canonical name, with the role given there."""

    name: str
    role: str | None = None


@dataclass(frozen=True)
class Release:
    """One press release: parsed fields, then persons and topics from analysis."""

    id: str
    title: str
    source: str
    kind: str | None = None
    published: dt.date | None = None
    updated: dt.date | None = None
    lead: str = ""
    body: tuple[Block, ...] = ()
    contacts: tuple[Contact, ...] = ()
    persons: tuple[PersonRef, ...] = ()
    organisations: tuple[str, ...] = ()
    topics: tuple[str, ...] = field(default=())
    #: For each topic found by analysis, the words (as written) that made it.
    topic_triggers: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    url: str | None = None
    #: When a harvest fetched the page from ``url`` (time-zone aware), if it did.
    fetched: dt.datetime | None = None
    #: Topic labels a curator removed from what analysis finds (``remove_topics``).
    removed_topics: tuple[str, ...] = ()
    #: Where each field's value came from, by field name (see :data:`Origin`).
    provenance: dict[str, Origin] = field(default_factory=dict, hash=False)

    def given(self, name: str) -> bool:
        """Whether the input gave this field's value, so that analysis keeps it."""
        return self.provenance.get(name) in GIVEN

    @property
    def year(self) -> int | None:
        """The publication year, or None when the release states no date."""
        return self.published.year if self.published else None

    @property
    def body_text(self) -> str:
        """Body blocks as plain text, one block per paragraph."""
        return "\n\n".join(block.plain for block in self.body)

    @property
    def contact_text(self) -> str:
        """The contact block as plain text, one contact per line."""
        return "\n".join(", ".join(part for part in (c.name, c.title, c.phone, c.email) if part) for c in self.contacts)

    @property
    def text(self) -> str:
        """Everything a reader sees, as plain text: title, lead, body, contacts."""
        return join_paragraphs(self.title, self.lead, self.body_text, self.contact_text)

    @property
    def content(self) -> str:
        """The text below the title: lead, body and contacts (what snippets are cut from)."""
        return join_paragraphs(self.lead, self.body_text, self.contact_text)

    def to_dict(self) -> dict[str, Any]:
        """The release as JSON-ready data (dates as ISO strings): what ``dataclasses.asdict`` gives,
        without its deep copies (a build stores every release so)."""
        data = _shallow_dict(self)
        data["body"] = tuple(map(_shallow_dict, self.body))
        data["contacts"] = tuple(map(_shallow_dict, self.contacts))
        data["persons"] = tuple(map(_shallow_dict, self.persons))
        data["topic_triggers"] = dict(self.topic_triggers)
        data["provenance"] = dict(self.provenance)
        data["published"] = self.published.isoformat() if self.published else None
        data["updated"] = self.updated.isoformat() if self.updated else None
        data["fetched"] = self.fetched.isoformat() if self.fetched else None
        data["year"] = self.year
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Release:
        """Rebuild a release from :meth:`to_dict` output."""

        def day(value: str | None) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        return cls(
            id=data["id"],
            title=data["title"],
            source=data["source"],
            kind=data.get("kind"),
            published=day(data.get("published")),
            updated=day(data.get("updated")),
            lead=data.get("lead", ""),
            body=tuple(Block(b["kind"], b.get("text", ""), tuple(b.get("items", ()))) for b in data.get("body", ())),
            contacts=tuple(Contact(**c) for c in data.get("contacts", ())),
            persons=tuple(PersonRef(**p) for p in data.get("persons", ())),
            organisations=tuple(data.get("organisations", ())),
            topics=tuple(data.get("topics", ())),
            topic_triggers={k: tuple(v) for k, v in data.get("topic_triggers", {}).items()},
            url=data.get("url"),
            fetched=dt.datetime.fromisoformat(data["fetched"]) if data.get("fetched") else None,
            removed_topics=tuple(data.get("removed_topics", ())),
            provenance=dict(data.get("provenance", {})),
        )


def join_paragraphs(*parts: str) -> str:
    """The non-empty parts of a release's text, joined as paragraphs."""
    return "\n\n".join(part for part in parts if part)


def _shallow_dict(record: Any) -> dict[str, Any]:
    """A dataclass record's fields by name, in order, the values as they are."""
    return {each.name: getattr(record, each.name) for each in fields(record)}
