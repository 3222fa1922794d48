"""Measure how heavy the web UI's pages are: HTML bytes before and after compression.

Run ``python -m benchmarks.pagesize --index DIR`` on a built index (for example 1 000
synthetic releases: ``python -m benchmarks.speed generate --n 1000 --out DIR/x.jsonl`` and
``python -m indexer rebuild --data DIR --index DIR/index``). For the search page with no
query, a query, a query with a person filter and a year, it prints the HTML's size, its
size as sent to a browser that accepts gzip, and the facet values the page could list.
The target is at most 100 kB of HTML for a search page at 1 000 releases.
"""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Sequence

from searchui import create_app

#: The most HTML a search page may weigh, before compression.
TARGET_BYTES = 100_000


def main(argv: Sequence[str] | None = None) -> int:
    """Print one line per page; exit 1 when a search page is over the target."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pagesize", description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, metavar="DIR", help="a built index")
    args = parser.parse_args(argv)
    client = create_app({"INDEX_DIR": args.index, "TESTING": True}).test_client()
    facets = client.get("/api/search").get_json()["facets"]
    person = facets["person"][0]["value"] if facets["person"] else ""
    year = facets["year"][0]["value"]
    over = False
    print("page | HTML | gzip as sent")
    for path in ("/", "/?q=upphandling", f"/?q=upphandling&person={person}", f"/?year={year}"):
        sent = client.get(path, headers={"Accept-Encoding": "gzip"})
        html = gzip.decompress(sent.data) if sent.headers.get("Content-Encoding") == "gzip" else sent.data
        over |= len(html) > TARGET_BYTES
        encoding = sent.headers.get("Content-Encoding", "none")
        print(f"{path} | {len(html) / 1000:.1f} kB | {len(sent.data) / 1000:.1f} kB ({encoding})")
    print("facet values:", ", ".join(f"{group} {len(values)}" for group, values in facets.items()))
    print(f"target: at most {TARGET_BYTES / 1000:.0f} kB of HTML: {'NOT met' if over else 'met'}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
