"""Reading a sitemap (sitemaps.org 0.9): its pages with their ``lastmod``, or the sitemaps an index names.

Parsed with lxml without entities, DTDs or network access; a gzip-compressed sitemap
is unpacked, up to the 50 MB that the protocol allows. Input that is not a sitemap
raises :class:`~indexer.errors.HarvestError` naming the address and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zlib
from dataclasses import dataclass

import lxml.etree

from indexer.errors import HarvestError
from indexer.harvest.addresses import absolute, is_web_address

#: The protocol's limit for one sitemap, uncompressed.
MAX_BYTES = 50 * 2**20
_GZIP_MAGIC = b"\x1f\x8b"
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(urlset|sitemapindex)[\s/>]")
#: W3C datetime forms that :meth:`datetime.fromisoformat` does not read: a year, a year and month.
_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2})?")


@dataclass(frozen=True)
class Listed:
    """An address a sitemap or feed lists, with the time it says the page last changed."""

    url: str
    lastmod: dt.datetime | None = None


@dataclass(frozen=True)
class Sitemap:
    """What a sitemap lists: pages (a ``urlset``) or further sitemaps (a ``sitemapindex``)."""

    pages: tuple[Listed, ...] = ()
    sitemaps: tuple[Listed, ...] = ()


def is_sitemap(data: bytes) -> bool:
    """Whether the document looks like a sitemap or sitemap index (or is gzip-compressed)."""
    return data.startswith(_GZIP_MAGIC) or _ROOT.search(data[:4096]) is not None


def parse_sitemap(data: bytes, where: str) -> Sitemap:
    """The entries of a sitemap fetched from ``where`` (relative addresses are read against it)."""
    if data.startswith(_GZIP_MAGIC):
        data = _gunzip(data, where)
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                  remove_comments=True,
                                  remove_pis=True, huge_tree=False)  # fmt: skip
    try:
        root = lxml.etree.fromstring(data, parser)
    except (lxml.etree.LxmlError, ValueError) as error:
        raise HarvestError(f"{where}: är ingen läsbar sitemap (ogiltig XML: {error}); kontrollera adressen") from error
    kind = lxml.etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise HarvestError(f"{where}: är ingen sitemap (rotelementet är <{kind}>, inte <urlset> eller <sitemapindex>)")
    entries = []
    for element in root:
        if not isinstance(element.tag, str) or lxml.etree.QName(element).localname not in ("url", "sitemap"):
            continue
        loc = _text(element, "loc").strip()
        if loc and is_web_address(absolute(loc, where)):
            entries.append(Listed(absolute(loc, where), parse_lastmod(_text(element, "lastmod"))))
    return Sitemap(sitemaps=tuple(entries)) if kind == "sitemapindex" else Sitemap(pages=tuple(entries))


def parse_lastmod(text: str) -> dt.datetime | None:
    """A W3C datetime (``2024-03-01``, ``2024-03-01T09:30:00+01:00`` …) as an aware time; None if unreadable.

    A date or a time without a zone is taken as UTC.
    """
    text = text.strip()
    if _PARTIAL_DATE.fullmatch(text):
        text = (text + "-01-01")[:10]
    try:
        when = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _text(element: lxml.etree._Element, name: str) -> str:
    """The text of the child ``name`` in any namespace ('' when there is none)."""
    for child in element:
        if isinstance(child.tag, str) and lxml.etree.QName(child).localname == name:
            return "".join(str(text) for text in child.itertext())
    return ""


def _gunzip(data: bytes, where: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
            content = unpacked.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise HarvestError(f"{where}: den komprimerade sitemapen går inte att packa upp ({error})") from error
    if len(content) > MAX_BYTES:
        raise HarvestError(f"{where}: sitemapen är större än {MAX_BYTES // 2**20} MB uppackad; dela upp den")
    return content
