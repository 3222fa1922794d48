"""HTML releases: a page saved from the agency's website.

The main content and the page's title and canonical address are extracted with
trafilatura, whose XML output keeps paragraphs, lists and quotes; the page is
then read like the text format (labels, kind, lead, contact block). The
publication date comes from the page's metadata (``article:published_time``,
``datePublished`` and the like) or its ``Publicerad`` label; trafilatura's own
date guess is not used, since it falls back to any date in the text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from indexer.errors import ParseError
from indexer.ingest.bounded import load_json
from indexer.ingest.dates import date_label, parse_date_value
from indexer.ingest.textformat import Line, LineKind, assemble, normalise
from indexer.release import Origin, Release

#: Metadata names that state a page's publication and update dates, most specific first.
PUBLISHED_META = ("article:published_time", "datepublished", "dcterms.issued", "dc.date.issued",
                  "dcterms.date", "dc.date", "date", "pubdate", "publishdate", "publish-date")  # fmt: skip
UPDATED_META = ("article:modified_time", "datemodified", "dcterms.modified", "last-modified")

#: Labels are short; longer elements are containers of the whole page.
_LABEL_CHARS = 80


def parse_html(text: str, *, release_id: str, source: str) -> Release:
    """Parse one saved web page into a :class:`Release`."""
    try:
        tree = lxml.html.document_fromstring(
            normalise(text).encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.LxmlError, ValueError) as error:
        raise ParseError(f"är ingen läsbar HTML-sida ({error}): spara sidan på nytt") from error
    stated = _stated_dates(tree)  # before extraction, which prunes the tree
    document: Any = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True,
        include_formatting=True, date_extraction_params={"extensive_search": False},
    )  # fmt: skip
    if document is None or document.body is None:
        raise ParseError("ingen brödtext hittades på HTML-sidan: kontrollera att hela sidan sparades")
    title = " ".join((document.title or "").split())
    lines = list(_lines(document.body))
    if title and lines and lines[0].text == title:
        lines.pop(0)
    release = assemble([Line(title), *lines] if title else lines, release_id=release_id, source=source)
    provenance: dict[str, Origin] = dict(release.provenance)
    changes: dict[str, Any] = {}
    if title and release.title == title:  # not where the page's title was only its kind label
        provenance["title"] = "html-meta"
    if document.url:
        changes["url"], provenance["url"] = document.url, "html-meta"
    for name, (day, origin) in stated.items():
        if origin == "html-meta" or getattr(release, name) is None:
            changes[name], provenance[name] = day, origin
    return replace(release, **changes, provenance=provenance)


def _lines(body: lxml.etree._Element) -> Iterator[Line]:
    """trafilatura's XML body as lines: list items and quotes marked, ``<lb/>`` breaks kept."""
    for element in body:
        if element.tag == "list":
            for item in element.iter("item"):
                yield from _broken(item, "item")
        elif element.tag == "quote":
            yield from _broken(element, "quote")
        elif element.tag == "table":
            for row in element.iter("row"):
                yield Line(" | ".join(" ".join(str(text) for text in cell.itertext()) for cell in row))
        else:
            yield from _broken(element, None)


def _broken(element: lxml.etree._Element, kind: LineKind | None) -> Iterator[Line]:
    """The element's text, one line per ``<lb/>``-separated part (and per paragraph of a quote)."""
    for node in element.iterdescendants("lb", "p"):
        node.tail = "\n" + (node.tail or "")
        if node.tag == "p":
            node.text = "\n" + (node.text or "")
    for part in "".join(str(text) for text in element.itertext()).split("\n"):
        if part.strip():
            yield Line(" ".join(part.split()), kind)


def _stated_dates(tree: lxml.html.HtmlElement) -> dict[str, tuple[dt.date, Origin]]:
    """Publication and update dates the page states: metadata first, else its labels."""
    meta = _meta(tree)
    found: dict[str, tuple[dt.date, Origin]] = {}
    for name, keys in (("published", PUBLISHED_META), ("updated", UPDATED_META)):
        day = next(filter(None, (parse_date_value(meta[key]) for key in keys if key in meta)), None)
        if day:
            found[name] = (day, "html-meta")
    for element in tree.iter(lxml.etree.Element):
        if element.tag in ("script", "style"):
            continue
        text = element.text_content()
        if len(text) <= _LABEL_CHARS and (labelled := date_label(text)) and labelled[1]:
            found.setdefault(labelled[0], (labelled[1], "text"))
    return found


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """The page's metadata by lower-case name: ``<meta>`` tags, ``<time>`` and JSON-LD."""
    found: dict[str, str] = {}
    for element in tree.iter("meta", "time"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        value = element.get("content") or element.get("datetime")
        if key and value:
            found.setdefault(key.lower(), value)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        for item in _json_ld(script.text or ""):
            for key in ("datePublished", "dateModified"):
                if isinstance(item.get(key), str):
                    found.setdefault(key.lower(), item[key])
    return found


def _json_ld(text: str) -> Iterator[dict]:
    """The objects of a JSON-LD block (top level, lists and ``@graph``); nothing if invalid or too deep."""
    try:
        data = load_json(text)
    except (json.JSONDecodeError, ParseError):
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            stack.extend(item.get("@graph", ()))
