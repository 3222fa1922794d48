"""A fictional agency's website for the harvest tests: Exempelmyndigheten, served on loopback.

Everything here is invented (the agency, its people, its releases). The pages follow the
layout of the agency pages the shipped releases were saved from: a "Start" breadcrumb,
the title, "Publicerad <date>", the kind, a lead, the body with quotes, a contact block,
"Senast uppdaterad:" and related links. The site has a ``robots.txt`` (a sitemap index,
a disallowed path, a ``Crawl-delay``), sitemaps with ``lastmod``, an RSS feed, a
redirect, a 404, a 503 with ``Retry-After``, and ETag/Last-Modified with 304 answers.
It records every request it gets, and serves until the ``serve`` context ends.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")  # fmt: skip


@dataclass
class Release:
    """A release page of the fictional site."""

    path: str
    title: str
    published: dt.date
    lead: str
    body: tuple[str, ...]
    kind: str = "Pressmeddelande"
    #: The sitemap's lastmod (None: the sitemap gives none).
    lastmod: dt.date | None = None

    def html(self) -> bytes:
        day = f"{self.published.day} {MONTHS[self.published.month - 1]} {self.published.year}"
        paragraphs = "\n".join(
            f"  <blockquote><p>{text}</p></blockquote>" if text.startswith("–") else f"  <p>{text}</p>"
            for text in self.body
        )
        return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>{self.title} - Exempelmyndigheten</title>
<meta property="og:title" content="{self.title}">
<meta property="article:published_time" content="{self.published.isoformat()}T09:00:00+01:00">
</head>
<body>
<header>
  <a class="logo" href="/">Exempelmyndigheten</a>
  <nav><ul><li><a href="/aktuellt/">Aktuellt</a></li><li><a href="/om-oss/">Om oss</a></li></ul></nav>
</header>
<nav class="breadcrumb"><a href="/">Start</a></nav>
<main id="main">
<article>
  <h1>{self.title}</h1>
  <p class="published">Publicerad {day}</p>
  <p class="type">{self.kind}</p>
  <p class="preamble">{self.lead}</p>
{paragraphs}
  <h2>För ytterligare information, kontakta:</h2>
  <p>Vera Påhittad, generaldirektör Exempelmyndigheten, 000-111 22 33</p>
  <p class="updated">Senast uppdaterad: {day}</p>
</article>
<aside><h2>Relaterade länkar</h2><ul><li><a href="/om-oss/">Om Exempelmyndigheten</a></li></ul></aside>
</main>
<footer><p>Exempelmyndigheten, Box 0, 000 00 Exempelstad</p></footer>
</body>
</html>
""".encode()


def releases() -> dict[str, Release]:
    """The site's release pages by path, fresh for each test."""
    items = [
        Release(
            "/aktuellt/skola-for-upphandlare/",
            "Exempelmyndigheten öppnar en upphandlingsskola",
            dt.date(2024, 1, 15),
            "Exempelmyndigheten startar en upphandlingsskola för kommunernas inköpare.",
            (
                "Skolan ger kurser i hållbar upphandling och avtalsuppföljning under hela året.",
                "– Varje inköpare ska känna sig trygg i lagen, säger generaldirektör Vera Påhittad.",
            ),
            lastmod=dt.date(2024, 1, 15),
        ),
        Release(
            "/aktuellt/klimatkrav-i-vardupphandling/",
            "Klimatkrav i vårdupphandling ger resultat",
            dt.date(2024, 2, 20),
            "Testregionen har ställt klimatkrav i sin vårdupphandling och halverat utsläppen.",
            (
                "Uppföljningen visar att leverantörerna klarar kraven.",
                "– Kraven var lätta att följa upp, säger Nils Påhittad, upphandlingschef i Testregionen.",
            ),
            kind="Nyhet",
            lastmod=dt.date(2024, 2, 20),
        ),
        Release(
            "/aktuellt/ny-adress/",
            "Exempelmyndigheten flyttar sitt kontor",
            dt.date(2024, 3, 1),
            "Exempelmyndigheten flyttar till nya lokaler i Exempelstad under våren.",
            ("Besöksadressen ändras den första april.",),
            lastmod=dt.date(2024, 3, 1),
        ),
        Release(
            "/aktuellt/upptagen/",
            "Rekordmånga frågor till upphandlingsstödet",
            dt.date(2024, 3, 10),
            "Upphandlingsstödet besvarade fler frågor än någonsin under vintern.",
            ("Flest frågor gällde direktupphandling och dynamiska inköpssystem.",),
            lastmod=dt.date(2024, 3, 10),
        ),
        Release(
            "/nyheter/2024/ny-vagledning/",
            "Ny vägledning om innovationsupphandling",
            dt.date(2024, 4, 2),
            "En ny vägledning hjälper små kommuner att upphandla innovationer.",
            ("Vägledningen har tagits fram tillsammans med Exempelkommun.",),
            kind="Nyhet",
        ),
    ]
    return {release.path: release for release in items}


@dataclass
class Asked:
    """One request the site got."""

    path: str
    headers: dict[str, str]

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class Site:
    """The fictional site: its pages, the answers it scripts, and every request it got."""

    crawl_delay: int | None = 2
    retry_after: str = "1"
    pages: dict[str, Release] = field(default_factory=releases)
    #: Extra answers by path: (status, headers, body), tried before the pages.
    fixed: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    #: Answers given first, once each, by path (a 503 before the page is served).
    scripted: dict[str, list[int]] = field(default_factory=lambda: {"/aktuellt/upptagen/": [503]})
    #: Paths whose request waits for an event (``(reached, release)``) before it is answered.
    held: dict[str, tuple[threading.Event, threading.Event]] = field(default_factory=dict)
    #: Extra sitemap entries (full URLs) in the first sitemap.
    extra_listed: list[str] = field(default_factory=list)
    asked: list[Asked] = field(default_factory=list)
    port: int = 0
    host: str = "127.0.0.1"

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def page_requests(self) -> list[Asked]:
        """The requests for pages (not robots.txt, sitemaps or the feed)."""
        return [r for r in self.asked if not r.path.endswith((".txt", ".xml"))]

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """The status, headers and body for a request."""
        if self.scripted.get(path):
            status = self.scripted[path].pop(0)
            return status, {"Retry-After": self.retry_after}, b"Tillf\xc3\xa4lligt fel"
        if path in self.fixed:
            return self.fixed[path]
        documents = {
            "/robots.txt": (self.robots(), "text/plain; charset=utf-8"),
            "/sitemap_index.xml": (self.sitemap_index(), "application/xml"),
            "/sitemap-aktuellt.xml": (self.sitemap("/aktuellt/", self.extra_listed), "application/xml"),
            "/sitemap-nyheter.xml": (self.sitemap("/nyheter/"), "application/xml"),
            "/flode.xml": (self.feed(), "application/rss+xml"),
        }
        if path in documents:
            body, kind = documents[path]
            return self._validated(body, kind, dt.datetime(2024, 4, 2, tzinfo=dt.UTC), headers)
        if path == "/aktuellt/flyttad/":
            return 301, {"Location": "/aktuellt/ny-adress/"}, b""
        if path in self.pages:
            page = self.pages[path]
            modified = dt.datetime.combine(page.lastmod or page.published, dt.time(9), dt.UTC)
            return self._validated(page.html(), "text/html; charset=utf-8", modified, headers)
        return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>Sidan finns inte</h1>"

    def _validated(
        self, body: bytes, kind: str, modified: dt.datetime, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        """200 with ETag and Last-Modified, or 304 when the request's validators still hold."""
        etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        validators = {"ETag": etag, "Last-Modified": email.utils.format_datetime(modified, usegmt=True)}
        if "if-none-match" in headers:
            unchanged = headers["if-none-match"] == etag
        else:
            since = headers.get("if-modified-since")
            unchanged = since is not None and email.utils.parsedate_to_datetime(since) >= modified
        if unchanged:
            return 304, validators, b""
        return 200, {**validators, "Content-Type": kind}, body

    def robots(self) -> bytes:
        delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay else ""
        return (
            f"# Exempelmyndigheten\nUser-agent: *\nDisallow: /internt/\n{delay}\n"
            f"Sitemap: {self.url('/sitemap_index.xml')}\n"
            f"Sitemap: {self.url('/annan.xml', host='localhost')}\n"
        ).encode()

    def sitemap_index(self) -> bytes:
        """The index: each sitemap with the latest ``lastmod`` of its pages, as sites compute it."""
        entries = ""
        for path, prefix in (("/sitemap-aktuellt.xml", "/aktuellt/"), ("/sitemap-nyheter.xml", "/nyheter/")):
            dates = [p.lastmod for p in self.pages.values() if p.path.startswith(prefix) and p.lastmod]
            lastmod = f"<lastmod>{max(dates).isoformat()}</lastmod>" if dates else ""
            entries += f"<sitemap><loc>{self.url(path)}</loc>{lastmod}</sitemap>"
        return f'<?xml version="1.0"?>\n<sitemapindex xmlns="{_NS}">{entries}</sitemapindex>'.encode()

    def sitemap(self, prefix: str, extra: list[str] = ()) -> bytes:  # type: ignore[assignment]
        entries = [(self.url(p.path), p.lastmod) for p in self.pages.values() if p.path.startswith(prefix)]
        if prefix == "/aktuellt/":
            entries += [(self.url("/aktuellt/flyttad/"), dt.date(2024, 3, 1)),
                        (self.url("/aktuellt/borttagen/"), dt.date(2024, 1, 2)),
                        (self.url("/internt/utkast/"), dt.date(2024, 1, 3)),
                        (self.url("/aktuellt/annan-webbplats/", host="localhost"), None)]  # fmt: skip
            entries = [entry for entry in entries if entry[0] != self.url("/aktuellt/ny-adress/")]
        entries += [(url, None) for url in extra]
        xml = "".join(
            f"<url><loc>{url}</loc>{f'<lastmod>{lastmod.isoformat()}</lastmod>' if lastmod else ''}</url>"
            for url, lastmod in entries
        )
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">{xml}</urlset>'.encode()

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{p.title}</title><link>{self.url(p.path)}</link>"
            f"<pubDate>{email.utils.format_datetime(dt.datetime.combine(p.published, dt.time(9), dt.UTC))}"
            "</pubDate></item>"
            for p in self.pages.values()
            if p.path.startswith("/aktuellt/")
        )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Exempelmyndigheten</title>'
            f"<link>{self.url()}</link><description>Nyheter</description>{items}</channel></rss>"
        ).encode()


_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.site.asked.append(Asked(self.path, headers))
        if self.path in self.site.held:
            reached, release = self.site.held[self.path]
            reached.set()
            release.wait(timeout=20)
        status, answer, body = self.site.answer(self.path, headers)
        self.send_response(status)
        for name, value in answer.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve ``site`` on a free port of 127.0.0.1 from a thread, until the context ends."""
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        for _, release in site.held.values():
            release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
