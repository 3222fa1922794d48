"""Harvesting: the agency's website → release pages in the data directory.

In: a site's root address (its sitemaps named in ``robots.txt``, else ``/sitemap.xml``),
a sitemap or sitemap index, or an RSS/Atom feed; without one, the sites of
``index_data/sources.toml``. Out: every selected page saved as ``HOST/NAME.html`` in the
data directory, the HTML the ingestion reads, with a sidecar ``NAME.meta.toml`` that
holds the address it came from (``url``) and when (``fetched``); and, in ``.harvest/``
there, what each address answered (ETag, Last-Modified, content hash, sitemap
``lastmod``), so that the next run asks only about what may have changed and an
interrupted run goes on where it stopped. ``python -m indexer harvest`` then updates the
index as ``update`` does.

This stage comes before :mod:`indexer.ingest` and takes from it only how release files and
sidecars are named. Modules: ``sources`` (the sources file), ``addresses`` (sites and
URLs), ``robots`` (robots.txt), ``throttle`` (waits between requests), ``fetch`` (HTTP with
retries), ``sitemaps`` and ``feeds`` (reading listings), ``discover`` (walking them),
``state`` (what earlier runs learnt), ``pages`` (the files), ``run`` (a harvest, start to end).
"""

from indexer.harvest.run import Options, Report, harvest
from indexer.harvest.sources import Source, select_sources

__all__ = ["Options", "Report", "Source", "harvest", "select_sources"]
