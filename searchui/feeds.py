"""Feeds for following a search: an Atom feed of any search, and an OpenSearch description."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from flask import Blueprint, Flask, Response, request, url_for

from indexer.search.request import QUERY, SORTS, SearchRequest
from indexer.search.results import Hit
from searchui import index
from searchui.formatting import STOCKHOLM
from searchui.heavy import expensive
from searchui.links import external_url
from searchui.params import parse_search_args

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ATOM_TYPE = "application/atom+xml"
OPENSEARCH_TYPE = "application/opensearchdescription+xml"

#: How many of the newest hits a feed holds.
FEED_ENTRIES = 50
SITE_NAME = "Pressarkiv"
SITE_DESCRIPTION = "Sök i Upphandlingsmyndighetens pressmeddelanden"


@bp.get("/sok.atom")
@expensive
def atom() -> Response:
    """The newest dated hits of the search in the query string (same parameters as the search page).

    A release without a date is left out: the feed cannot say when it came, and giving it
    any date (such as the build time) would make feed readers show it as new.
    """
    params = parse_search_args(request.args).replace(sort="newest", page=1)
    hits = index.search(params.replace(per_page=FEED_ENTRIES, facets=False)).hits
    canonical = params.to_args(sort=SORTS[0])
    feed = ET.Element("feed", xmlns=ATOM, attrib={"xml:lang": "sv"})
    ET.SubElement(feed, "id").text = external_url("feeds.atom", **canonical)
    ET.SubElement(feed, "title").text = f"{SITE_NAME}: {params.description()}"
    ET.SubElement(feed, "subtitle").text = SITE_DESCRIPTION
    built_at = index.get_index().built_at
    ET.SubElement(feed, "updated").text = built_at.isoformat()
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = SITE_NAME
    _link(feed, "self", external_url("feeds.atom", **canonical), ATOM_TYPE)
    _link(feed, "alternate", external_url("views.search", **canonical), "text/html")
    for hit in hits:
        if hit.published:
            _entry(feed, hit, _moment(hit.published))
    return _xml(feed, ATOM_TYPE)


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """An OpenSearch description, so that browsers can offer Pressarkiv as a search engine."""
    root = ET.Element("OpenSearchDescription", xmlns=OPENSEARCH)
    ET.SubElement(root, "ShortName").text = SITE_NAME
    ET.SubElement(root, "Description").text = SITE_DESCRIPTION
    ET.SubElement(root, "InputEncoding").text = "UTF-8"
    ET.SubElement(root, "Language").text = "sv"
    terms = f"?{QUERY}={{searchTerms}}"
    for endpoint, kind in (("views.search", "text/html"), ("feeds.atom", ATOM_TYPE),
                           ("api.search", "application/json")):  # fmt: skip
        template = external_url(endpoint) + terms
        ET.SubElement(root, "Url", type=kind, method="get", template=template)
    ET.SubElement(
        root, "Url", type=OPENSEARCH_TYPE, rel="self",
        template=external_url("feeds.opensearch"),
    )  # fmt: skip
    return _xml(root, OPENSEARCH_TYPE)


def feed_url(params: SearchRequest) -> str:
    """The Atom feed that follows the search ``params``."""
    return url_for("feeds.atom", **params.to_args(sort=SORTS[0], page=1))


def _entry(feed: ET.Element, hit: Hit, published: dt.datetime) -> None:
    page = external_url("views.release", release_id=hit.id)
    entry = ET.SubElement(feed, "entry")
    ET.SubElement(entry, "id").text = page
    ET.SubElement(entry, "title").text = hit.title
    ET.SubElement(entry, "updated").text = published.isoformat()
    ET.SubElement(entry, "published").text = published.isoformat()
    _link(entry, "alternate", page, "text/html")
    ET.SubElement(entry, "summary", type="html").text = hit.snippet
    for topic in hit.topics:
        ET.SubElement(entry, "category", term=topic)


def _moment(day: dt.date) -> dt.datetime:
    """A release date as the start of that day in Swedish time."""
    return dt.datetime.combine(day, dt.time(), STOCKHOLM)


def _link(parent: ET.Element, rel: str, href: str, kind: str) -> None:
    ET.SubElement(parent, "link", rel=rel, href=href, type=kind)


def _xml(root: ET.Element, mimetype: str) -> Response:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype=mimetype, content_type=f"{mimetype}; charset=utf-8")


def init_app(app: Flask) -> None:
    """Register the feeds and offer ``feed_url`` to the templates."""
    app.register_blueprint(bp)
    app.add_template_global(feed_url)
