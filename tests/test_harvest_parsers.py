"""What a harvest reads and writes, without a network: robots.txt, sitemaps, feeds, addresses, files.

Malformed input gives a :class:`HarvestError` naming the address, never a traceback
(property tests feed each reader random input).
"""

from __future__ import annotations

import datetime as dt
import gzip
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.errors import HarvestError
from indexer.harvest.addresses import is_web_address, same_site
from indexer.harvest.feeds import parse_feed
from indexer.harvest.fetch import retry_after
from indexer.harvest.pages import file_name, save_page
from indexer.harvest.robots import Robots
from indexer.harvest.sitemaps import Listed, Sitemap, parse_lastmod, parse_sitemap
from indexer.harvest.sources import load_sources
from indexer.harvest.throttle import Throttle

from support import SHIPPED_RELEASES

WHERE = "https://exempelmyndigheten.invalid/sitemap.xml"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
UTC = dt.UTC


# -- robots.txt --------------------------------------------------------------------------

ROBOTS = """
# Exempelmyndigheten
User-agent: *
Disallow: /internt/
Crawl-delay: 3

User-agent: Pressarkiv
Disallow: /sok/
Allow: /
Request-rate: 1/5

Sitemap: https://exempelmyndigheten.invalid/sitemap_index.xml
"""


def test_robots_group_for_pressarkiv_wins_over_the_default() -> None:
    robots = Robots.parse(ROBOTS)
    assert not robots.allows("https://exempelmyndigheten.invalid/sok/?q=upphandling")
    assert robots.allows("https://exempelmyndigheten.invalid/internt/utkast/")  # only others are kept out
    assert robots.delay == 5.0  # Request-rate 1/5 s
    assert robots.sitemaps == ("https://exempelmyndigheten.invalid/sitemap_index.xml",)


def test_robots_default_group_and_crawl_delay() -> None:
    robots = Robots.parse("User-agent: *\nDisallow: /internt/\nCrawl-delay: 3\n")
    assert not robots.allows("https://exempelmyndigheten.invalid/internt/utkast/")
    assert robots.allows("https://exempelmyndigheten.invalid/aktuellt/")
    assert robots.delay == 3.0 and robots.sitemaps == ()


def test_without_robots_txt_everything_is_allowed() -> None:
    robots = Robots.allow_all()
    assert robots.allows("https://exempelmyndigheten.invalid/internt/") and robots.delay is None


def test_robots_with_odd_digits_is_read_without_error() -> None:
    robots = Robots.parse("User-agent: *\nCrawl-delay: ²\nRequest-rate: ³/5\nDisallow: /x/\n")
    assert robots.delay is None and not robots.allows("https://a.invalid/x/")


@given(st.text(max_size=600), st.text(max_size=60))
def test_robots_takes_any_text(text: str, path: str) -> None:
    robots = Robots.parse(text)
    assert isinstance(robots.allows(f"https://exempelmyndigheten.invalid/{path}"), bool)
    assert robots.delay is None or robots.delay >= 0
    assert all(isinstance(url, str) for url in robots.sitemaps)


ROBOTS_LINES = ["User-agent: *", "User-agent: Pressarkiv", "Disallow: /a", "Allow: /a/b", "Crawl-delay: 7",
                "Request-rate: 2/9", "Sitemap: https://a.invalid/s.xml", "", "# kommentar", "Disallow:",
                "Crawl-delay: 1.5"]  # fmt: skip


@given(st.lists(st.sampled_from(ROBOTS_LINES), max_size=20))
def test_robots_takes_any_arrangement_of_its_lines(lines: list[str]) -> None:
    robots = Robots.parse("\n".join(lines))
    assert isinstance(robots.allows("https://a.invalid/a/b"), bool)
    assert robots.delay in (None, 7.0, 4.5) or robots.delay == max(7.0, 4.5)


# -- sitemaps ----------------------------------------------------------------------------


def test_sitemap_pages_with_lastmod_in_every_w3c_form() -> None:
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
    <urlset {NS}>
      <url><loc> https://exempelmyndigheten.invalid/aktuellt/a/ </loc><lastmod>2024-03-01</lastmod></url>
      <url><loc>https://exempelmyndigheten.invalid/aktuellt/b/</loc><lastmod>2024-03-01T09:30:00+01:00</lastmod></url>
      <url><loc>/aktuellt/c/</loc><lastmod>2024-03</lastmod></url>
      <url><loc>https://exempelmyndigheten.invalid/aktuellt/d/</loc><lastmod>i går</lastmod></url>
      <url><loc>mailto:info@exempelmyndigheten.invalid</loc></url>
      <url><lastmod>2024-01-01</lastmod></url>
      <!-- en kommentar -->
    </urlset>""".encode()
    assert parse_sitemap(xml, WHERE) == Sitemap(pages=(
        Listed("https://exempelmyndigheten.invalid/aktuellt/a/", dt.datetime(2024, 3, 1, tzinfo=UTC)),
        Listed("https://exempelmyndigheten.invalid/aktuellt/b/", dt.datetime(2024, 3, 1, 8, 30, tzinfo=UTC)),
        Listed("https://exempelmyndigheten.invalid/aktuellt/c/", dt.datetime(2024, 3, 1, tzinfo=UTC)),
        Listed("https://exempelmyndigheten.invalid/aktuellt/d/", None),
    ))  # fmt: skip


def test_sitemap_index_and_gzip() -> None:
    xml = f"<sitemapindex {NS}><sitemap><loc>https://e.invalid/s1.xml.gz</loc></sitemap></sitemapindex>"
    assert parse_sitemap(gzip.compress(xml.encode()), WHERE) == Sitemap(
        sitemaps=(Listed("https://e.invalid/s1.xml.gz"),)
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<urlset><url><loc>x</loc>", "är ingen läsbar sitemap \\(ogiltig XML"),
        (b"<html><body>Start</body></html>", "är ingen sitemap \\(rotelementet är <html>"),
        (b"\x1f\x8b\x08\x00trasig", "den komprimerade sitemapen går inte att packa upp"),
        (b"", "är ingen läsbar sitemap"),
    ],
)
def test_what_is_no_sitemap_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(HarvestError, match=f"^{WHERE}: {message}"):
        parse_sitemap(data, WHERE)


def test_sitemap_entities_are_not_expanded() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<urlset><url><loc>https://e.invalid/&b;</loc></url></urlset>')  # fmt: skip
    pages = parse_sitemap(bomb, WHERE).pages
    assert all("aaaa" not in page.url for page in pages)


def accepts_sitemap(data: bytes) -> None:
    """A sitemap of web addresses, or an error naming the address."""
    try:
        result = parse_sitemap(data, WHERE)
    except HarvestError as error:
        assert str(error).startswith(WHERE)
    else:
        assert all(is_web_address(entry.url) for entry in (*result.pages, *result.sitemaps))


@given(st.binary(max_size=2000))
def test_sitemap_takes_any_bytes(data: bytes) -> None:
    accepts_sitemap(data)


@given(st.text(max_size=2000))
def test_sitemap_takes_any_text(text: str) -> None:
    accepts_sitemap(f"<urlset {NS}>{text}</urlset>".encode("utf-8", "replace"))


SITEMAP_PARTS = ["<url>", "</url>", "<loc>", "</loc>", "<lastmod>", "</lastmod>", "https://e.invalid/a", "/b",
                 "2024-02-30", "2024-01-01T25:00", "&amp;", "<sitemap>", "</sitemap>", " "]  # fmt: skip


@given(st.lists(st.sampled_from(SITEMAP_PARTS), max_size=40))
def test_sitemap_takes_any_arrangement_of_its_parts(parts: list[str]) -> None:
    accepts_sitemap(f"<urlset {NS}>{''.join(parts)}</urlset>".encode())


_SLUGS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=30)
_DAYS = st.none() | st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2100, 1, 1))


@given(st.lists(st.tuples(_SLUGS, _DAYS), max_size=30))
@settings(max_examples=50)
def test_sitemap_round_trip(entries: list[tuple[str, dt.date | None]]) -> None:
    xml = "".join(
        f"<url><loc>https://e.invalid/{slug}/</loc>{f'<lastmod>{day}</lastmod>' if day else ''}</url>"
        for slug, day in entries
    )
    pages = parse_sitemap(f"<urlset {NS}>{xml}</urlset>".encode(), WHERE).pages
    assert pages == tuple(
        Listed(
            f"https://e.invalid/{slug}/",
            dt.datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None,
        )
        for slug, day in entries
    )


@given(st.text(max_size=40))
def test_lastmod_is_a_time_with_zone_or_none(text: str) -> None:
    when = parse_lastmod(text)
    assert when is None or when.tzinfo is not None


# -- feeds -------------------------------------------------------------------------------


def test_rss_feed_links_and_dates() -> None:
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>Exempelmyndigheten</title>
    <item><title>A</title><link>https://exempelmyndigheten.invalid/aktuellt/a/</link>
    <pubDate>Mon, 15 Jan 2024 09:00:00 +0100</pubDate></item>
    <item><title>B</title><link>/aktuellt/b/</link></item>
    <item><title>Utan länk</title></item></channel></rss>"""
    assert parse_feed(rss.encode(), "https://exempelmyndigheten.invalid/flode.xml") == (
        Listed("https://exempelmyndigheten.invalid/aktuellt/a/", dt.datetime(2024, 1, 15, 8, tzinfo=UTC)),
        Listed("https://exempelmyndigheten.invalid/aktuellt/b/", None),
    )


def test_atom_feed_takes_the_updated_time() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>E</title>
    <entry><title>A</title><link href="https://e.invalid/a/"/><published>2024-01-01T00:00:00Z</published>
    <updated>2024-02-01T10:00:00Z</updated></entry></feed>"""
    assert parse_feed(atom, "https://e.invalid/feed") == (
        Listed("https://e.invalid/a/", dt.datetime(2024, 2, 1, 10, tzinfo=UTC)),
    )


@pytest.mark.parametrize("data", [b"<html><body><p>Start</p></body></html>", b"", b"\x00\xff", b"/etc/passwd"])
def test_what_is_no_feed_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(
        HarvestError, match="^https://e.invalid/f: är varken en sitemap eller ett RSS- eller Atom-flöde"
    ):
        parse_feed(data, "https://e.invalid/f")


def accepts_feed(data: bytes) -> None:
    """Pages at web addresses, or an error naming the address."""
    try:
        pages = parse_feed(data, "https://e.invalid/f")
    except HarvestError as error:
        assert str(error).startswith("https://e.invalid/f: ")
    else:
        assert all(is_web_address(page.url) for page in pages)


@given(st.binary(max_size=2000))
@settings(max_examples=60)
def test_feed_takes_any_bytes(data: bytes) -> None:
    accepts_feed(data)


@given(st.text(max_size=1500))
@settings(max_examples=60)
def test_feed_takes_any_item_text(text: str) -> None:
    accepts_feed(f'<rss version="2.0"><channel><item>{text}</item></channel></rss>'.encode())


# -- Retry-After, addresses, waits -------------------------------------------------------


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = dt.datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert retry_after("120") == 120.0
    assert retry_after("Fri, 01 Mar 2024 12:00:30 GMT", now) == 30.0
    assert retry_after("Fri, 01 Mar 2024 11:00:00 GMT", now) == 0.0
    assert retry_after("snart") is None and retry_after(None) is None and retry_after("-5") is None


@given(st.text(max_size=60))
def test_retry_after_takes_any_text(text: str) -> None:
    seconds = retry_after(text)
    assert seconds is None or seconds >= 0


def test_same_site_is_host_and_port() -> None:
    assert same_site("https://e.invalid/a", "http://e.invalid/b")  # http and https on default ports
    assert same_site("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/")
    assert not same_site("http://127.0.0.1:8000/a", "http://127.0.0.1:8001/")
    assert not same_site("http://localhost:8000/", "http://127.0.0.1:8000/")
    assert not same_site("https://www.e.invalid/", "https://e.invalid/")
    assert not same_site("ftp://e.invalid/", "https://e.invalid/")
    assert not is_web_address("https://e.invalid:port/") and not is_web_address("https:///x")


def test_throttle_keeps_each_host_apart_by_its_own_delay() -> None:
    now, slept = [0.0], []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(1.0, clock=lambda: now[0], sleep=sleep)
    throttle.slow_down("a.invalid", 3.0)
    throttle.wait("a.invalid")
    throttle.wait("b.invalid")
    now[0] += 0.5
    throttle.wait("a.invalid")  # 3 s since the last request to a, 0.5 s of them passed
    throttle.wait("b.invalid")  # b's last request was 2.5 s ago
    throttle.wait("b.invalid", at_least=4.0)  # a back-off
    assert slept == [2.5, 4.0]


# -- sources and files -------------------------------------------------------------------


@given(st.text(max_size=300))
@settings(max_examples=60)
def test_sources_file_takes_any_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "sources.toml")
        path.write_text(f"[[source]]\n{text}", encoding="utf-8", errors="replace")
        try:
            sources = load_sources(path)
        except HarvestError as error:
            assert str(error).startswith(str(path))
        else:
            assert all(is_web_address(source.url) and source.name for source in sources)


def test_the_shipped_source_selects_the_agencys_release_pages() -> None:
    (source,) = load_sources(SHIPPED_RELEASES.parent / "sources.toml")
    assert (source.name, source.url) == ("Upphandlingsmyndigheten", "https://www.upphandlingsmyndigheten.se/")
    site = "https://www.upphandlingsmyndigheten.se"
    assert source.wants(f"{site}/nyheter/2021/trendens-upphandla-den-effekt-du-vill-ha/")
    assert source.wants(f"{site}/aktuellt/stod-anvands-mer/")
    assert not source.wants(f"{site}/aktuellt/?page=8")
    assert not source.wants(f"{site}/nyheter/")
    assert not source.wants(f"{site}/kunskapsbank-for-offentliga-affarer/trendens/2019/")


def test_file_names_are_release_ids_unique_in_the_data_directory() -> None:
    taken = {"skola"}
    assert file_name("https://e.invalid/aktuellt/ny-vagledning/", taken) == "e.invalid/ny-vagledning.html"
    assert file_name("https://e.invalid:8080/nyheter/2024/%C3%A5tg%C3%A4rder-f%C3%B6r-sm%C3%A5/", taken) == (
        "e.invalid-8080/atgarder-for-sma.html"
    )
    other = file_name("https://e.invalid/annat/skola/", taken)
    assert (
        other.startswith("e.invalid/skola-")
        and other.endswith(".html")
        and len(other) == len("e.invalid/skola-12345678.html")
    )
    assert file_name("https://e.invalid/", taken) == "e.invalid/start.html"


def test_saving_a_page_keeps_a_curators_sidecar_keys(tmp_path: Path) -> None:
    (tmp_path / "e.invalid").mkdir()
    (tmp_path / "e.invalid" / "a.meta.toml").write_text(
        '# rättat av redaktören\ntopics = ["Innovation"]\nurl = "https://gammal.invalid/"\n', encoding="utf-8"
    )
    fetched = dt.datetime(2024, 3, 5, 8, 30, 12, 345, tzinfo=UTC)
    save_page(tmp_path, "e.invalid/a.html", b"<html>sida</html>", "https://e.invalid/a/", fetched)
    text = (tmp_path / "e.invalid" / "a.meta.toml").read_text(encoding="utf-8")
    assert "# rättat av redaktören" in text
    assert tomllib.loads(text) == {
        "topics": ["Innovation"], "url": "https://e.invalid/a/", "fetched": fetched.replace(microsecond=0),
    }  # fmt: skip
    assert (tmp_path / "e.invalid" / "a.html").read_bytes() == b"<html>sida</html>"
    assert sorted(p.name for p in (tmp_path / "e.invalid").iterdir()) == ["a.html", "a.meta.toml"]


def test_a_broken_sidecar_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "a.meta.toml").write_text("topics = [\n", encoding="utf-8")
    with pytest.raises(HarvestError, match="metadatafilen går inte att läsa"):
        save_page(tmp_path, "a.html", b"<html></html>", "https://e.invalid/a/", dt.datetime.now(UTC))
    assert (tmp_path / "a.meta.toml").read_text(encoding="utf-8") == "topics = [\n"


def test_user_agent_names_pressarkiv_and_the_contact_only_when_configured() -> None:
    from indexer import __version__
    from indexer.harvest.run import user_agent

    assert user_agent("https://example.se/om") == f"Pressarkiv/{__version__} (+https://example.se/om)"
    assert user_agent(None) == f"Pressarkiv/{__version__}"
