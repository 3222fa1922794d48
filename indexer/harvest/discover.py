"""Finding a site's pages: its sitemaps (through ``robots.txt``, else ``/sitemap.xml``) or a feed.

Listings are asked for conditionally, and a 304 reuses the body kept from last time
(an index's ``lastmod`` for a sitemap is not trusted: sites often leave it unchanged
when they drop a page). A listing that cannot be read is a problem of the
run, not its end; the pages of the others are still harvested.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from indexer.errors import HarvestError
from indexer.harvest.addresses import absolute, is_root, same_site
from indexer.harvest.feeds import parse_feed
from indexer.harvest.fetch import Fetcher
from indexer.harvest.sitemaps import Listed, is_sitemap, parse_sitemap
from indexer.harvest.state import ListingState, State

#: How deep sitemap indexes may nest, and how many sitemaps one site may have.
MAX_DEPTH = 3
MAX_SITEMAPS = 1000


@dataclass
class Listing:
    """The pages a site lists, each with its latest ``lastmod``, in the order first listed."""

    pages: dict[str, dt.datetime | None] = field(default_factory=dict)
    #: True when every sitemap was read: then a known page that is not listed may be gone.
    complete: bool = True
    problems: list[str] = field(default_factory=list)
    #: Listed addresses on another site, which are never fetched.
    offsite: int = 0

    def add(self, page: Listed) -> None:
        """Add a page; listed twice, it keeps the later ``lastmod``."""
        known = self.pages.get(page.url)
        if page.url not in self.pages or (page.lastmod and (known is None or page.lastmod > known)):
            self.pages[page.url] = page.lastmod

    def fail(self, problem: str) -> None:
        """Note a listing that could not be read: the listing is then incomplete."""
        self.problems.append(problem)
        self.complete = False


def discover(start: str, fetcher: Fetcher, state: State) -> Listing:
    """The pages listed for ``start``: a site's root, a sitemap (index) or a feed."""
    listing = Listing()
    if is_root(start):
        named = fetcher.robots.sitemaps
        for url in named:
            if not same_site(url, start):
                listing.problems.append(f"{url}: sitemapen i robots.txt ligger utanför webbplatsen; läses inte")
        queue = [Listed(url) for url in named if same_site(url, start)] or [Listed(absolute("/sitemap.xml", start))]
    else:
        queue = [Listed(start)]
    depth = dict.fromkeys((entry.url for entry in queue), 0)
    while queue:
        entry = queue.pop(0)
        try:
            data = read_listing(entry.url, fetcher, state) or b""
        except HarvestError as error:
            listing.fail(str(error))
            continue
        if not is_sitemap(data):
            _read_feed(data, entry.url, listing)
            continue
        try:
            sitemap = parse_sitemap(data, entry.url)
        except HarvestError as error:
            listing.fail(str(error))
            continue
        for page in sitemap.pages:
            if same_site(page.url, start):
                listing.add(page)
            else:
                listing.offsite += 1
        for child in sitemap.sitemaps:
            if child.url in depth:
                continue
            if not same_site(child.url, start):
                listing.problems.append(f"{child.url}: sitemapen ligger utanför webbplatsen; läses inte")
            elif depth[entry.url] >= MAX_DEPTH or len(depth) >= MAX_SITEMAPS:
                listing.fail(f"{child.url}: för djupt eller för många sitemaps (högst {MAX_DEPTH} nivåer, "
                             f"{MAX_SITEMAPS} filer); läses inte")  # fmt: skip
            else:
                depth[child.url] = depth[entry.url] + 1
                queue.append(child)
    return listing


def read_listing(url: str, fetcher: Fetcher, state: State, *, missing_ok: bool = False) -> bytes | None:
    """A listing's body, asked for conditionally: the one kept from last time when it is unchanged.

    A 4xx answer is None when ``missing_ok`` (a site without ``robots.txt``), else an error.
    """
    kept = state.listing(url)
    validators = (kept.etag, kept.last_modified) if kept else (None, None)
    response = fetcher.get(url, etag=validators[0], last_modified=validators[1])
    if response.status == 304 and kept:
        return kept.body
    if missing_ok and 400 <= response.status < 500:
        return None
    if response.status != 200:
        raise HarvestError(f"{url}: svarade {response.status}; kunde inte läsas")
    state.save_listing(ListingState(url, response.etag, response.last_modified, response.content))
    return response.content


def _read_feed(data: bytes, url: str, listing: Listing) -> None:
    """Add a feed's pages; a feed lists only the latest, so the listing is not complete."""
    listing.complete = False
    try:
        pages = parse_feed(data, url)
    except HarvestError as error:
        listing.fail(str(error))
        return
    for page in pages:
        if same_site(page.url, url):
            listing.add(page)
        else:
            listing.offsite += 1
