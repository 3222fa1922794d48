"""Harvesting the fictional Exempelmyndigheten's site on loopback: every behaviour of a harvest.

The waits between requests are timed by a fake clock, so the tests check the politeness
(``Crawl-delay``, ``--delay``, ``Retry-After``, back-off) without sleeping.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from harvest_site import Site, serve

import indexer
from indexer.errors import HarvestError
from indexer.harvest import Options, Report, harvest, select_sources
from indexer.harvest.state import STATE_DIR, STATE_FILE, State

CONTACT = "https://pressarkiv.example.invalid/om-hamtning"
NO_SOURCES_FILE = Path("finns-inte.toml")
SKOLA = "/aktuellt/skola-for-upphandlare/"
KLIMAT = "/aktuellt/klimatkrav-i-vardupphandling/"
UPPTAGEN = "/aktuellt/upptagen/"
VAGLEDNING = "/nyheter/2024/ny-vagledning/"
FIRST_RUN = "Hämtning: 5 nya, 0 ändrade, 0 oförändrade, 1 misslyckade, 0 borta; 12 anrop, varav 0 villkorliga"


class Clock:
    """A fake clock: sleeping moves it on and is recorded, so no test waits for real."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        yield served


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "releases"


def run(
    site: Site, data: Path, path: str = "/", *, clock: Clock | None = None, include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (), **options: object,
) -> Report:  # fmt: skip
    """Harvest the site (or one of its sitemaps or feeds) without waiting for real."""
    clock = clock or Clock()
    sources = select_sources(site.url(path), NO_SOURCES_FILE, include, exclude)
    settings = Options(**{"delay": 0.0, **options})  # type: ignore[arg-type]
    return harvest(sources, data, settings, contact_url=CONTACT, clock=clock, sleep=clock.sleep)


def saved(site: Site, data: Path) -> dict[str, bytes]:
    """The files harvested from the site, by name."""
    folder = data / f"127.0.0.1-{site.port}"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())} if folder.is_dir() else {}


def sidecar(site: Site, data: Path, stem: str) -> dict[str, object]:
    return tomllib.loads((data / f"127.0.0.1-{site.port}" / f"{stem}.meta.toml").read_text(encoding="utf-8"))


def paths(requests: list) -> list[str]:
    return [request.path for request in requests]


# -- a first harvest ---------------------------------------------------------------------


def test_first_harvest_saves_each_page_with_its_address_and_fetch_time(site: Site, data: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    report = run(site, data)
    assert report.summary() == FIRST_RUN
    stems = [
        "klimatkrav-i-vardupphandling",
        "ny-adress",
        "ny-vagledning",
        "skola-for-upphandlare",
        "upptagen",
    ]
    assert sorted(saved(site, data)) == sorted([f"{s}.html" for s in stems] + [f"{s}.meta.toml" for s in stems])
    assert saved(site, data)["skola-for-upphandlare.html"] == site.pages[SKOLA].html()
    meta = sidecar(site, data, "skola-for-upphandlare")
    assert meta["url"] == site.url(SKOLA)
    assert isinstance(meta["fetched"], dt.datetime) and before <= meta["fetched"] <= dt.datetime.now(dt.UTC)
    assert sidecar(site, data, "ny-adress")["url"] == site.url("/aktuellt/ny-adress/")  # after the redirect
    assert report.failed == [f"{site.url('/aktuellt/borttagen/')}: finns inte (svarade 404)"]
    assert "Misslyckades: " + report.failed[0] in report.lines()


def test_every_request_names_pressarkiv_and_its_contact_address(site: Site, data: Path) -> None:
    run(site, data)
    agents = {request.headers["user-agent"] for request in site.asked}
    assert agents == {f"Pressarkiv/{indexer.__version__} (+{CONTACT})"}


def test_the_harvested_pages_are_read_by_the_ingestion(site: Site, data: Path) -> None:
    run(site, data)
    from indexer.ingest.corpus import read_corpus

    releases = {item.id: item for item in read_corpus(data) if isinstance(item, indexer.Release)}
    assert len(releases) == 5
    skola = releases["skola-for-upphandlare"]
    assert skola.title == "Exempelmyndigheten öppnar en upphandlingsskola"
    assert (skola.published, skola.kind, skola.url) == (
        dt.date(2024, 1, 15),
        "Pressmeddelande",
        site.url(SKOLA),
    )
    assert skola.provenance["url"] == "harvest" and skola.fetched is not None
    assert skola.body[-1].kind == "quote" and skola.contacts[0].name == "Vera Påhittad"


# -- the next harvests -------------------------------------------------------------------


def test_second_harvest_asks_only_conditionally_or_not_at_all(site: Site, data: Path) -> None:
    first = run(site, data)
    files = {path: path.stat().st_mtime_ns for path in data.rglob("*.*ml")}
    site.asked.clear()
    second = run(site, data)
    assert second.summary() == (
        "Hämtning: 0 nya, 0 ändrade, 5 oförändrade, 1 misslyckade, 0 borta; 6 anrop, varav 5 villkorliga"
    )
    failed_before = {message.split(": ")[0] for message in first.failed}
    unconditional = [r.path for r in site.asked if not r.conditional]
    assert [site.url(path) for path in unconditional] == sorted(failed_before)
    assert not {SKOLA, KLIMAT, UPPTAGEN} & set(paths(site.asked))  # lastmod unchanged: not asked at all
    assert {path: path.stat().st_mtime_ns for path in data.rglob("*.*ml")} == files


def test_changed_page_replaces_its_file(site: Site, data: Path) -> None:
    run(site, data)
    old_meta = sidecar(site, data, "skola-for-upphandlare")
    untouched = (data / f"127.0.0.1-{site.port}" / "upptagen.html").stat().st_mtime_ns
    site.pages[SKOLA] = replace(site.pages[SKOLA], lead="Upphandlingsskolan får fler platser.",
                                lastmod=dt.date(2024, 5, 1))  # fmt: skip
    site.pages[VAGLEDNING] = replace(site.pages[VAGLEDNING], lead="Vägledningen finns nu på lätt svenska.")
    report = run(site, data)
    assert report.changed == [site.url(SKOLA), site.url(VAGLEDNING)] and report.new == []
    assert saved(site, data)["skola-for-upphandlare.html"] == site.pages[SKOLA].html()
    assert "lätt svenska".encode() in saved(site, data)["ny-vagledning.html"]
    new_meta = sidecar(site, data, "skola-for-upphandlare")
    assert new_meta["fetched"] >= old_meta["fetched"] and new_meta["url"] == old_meta["url"]  # type: ignore[operator]
    assert (data / f"127.0.0.1-{site.port}" / "upptagen.html").stat().st_mtime_ns == untouched


def test_page_gone_is_reported_and_removed_only_with_prune(site: Site, data: Path) -> None:
    run(site, data)
    del site.pages[KLIMAT]  # no longer listed, and answers 404
    site.fixed[VAGLEDNING] = (410, {}, b"")  # still listed (without lastmod), but 410 Gone
    report = run(site, data)
    assert sorted(report.gone) == [site.url(KLIMAT), site.url(VAGLEDNING)]
    assert f"Borta: {site.url(KLIMAT)}: finns inte längre på webbplatsen; ta bort filen med --prune" in report.lines()
    assert "klimatkrav-i-vardupphandling.html" in saved(site, data)
    assert "ny-vagledning.meta.toml" in saved(site, data)
    again = run(site, data)
    assert sorted(again.gone) == sorted(report.gone)  # reported again, still kept
    pruned = run(site, data, prune=True)
    assert pruned.summary().startswith("Hämtning: 0 nya, 0 ändrade, 3 oförändrade, 1 misslyckade, 2 borta")
    assert f"Borttagen: {site.url(KLIMAT)}: finns inte längre på webbplatsen; filen raderad" in pruned.lines()
    remaining = saved(site, data)
    assert not {"klimatkrav-i-vardupphandling.html", "klimatkrav-i-vardupphandling.meta.toml",
                "ny-vagledning.html", "ny-vagledning.meta.toml"} & set(remaining)  # fmt: skip
    assert "skola-for-upphandlare.html" in remaining
    assert run(site, data).gone == []  # forgotten once removed


def test_interrupted_harvest_resumes_where_it_stopped(site: Site, data: Path) -> None:
    clock = Clock()

    def interrupt_after_two_pages(seconds: float) -> None:
        if len(site.page_requests()) >= 2:
            raise KeyboardInterrupt
        clock.sleep(seconds)

    with pytest.raises(KeyboardInterrupt):
        harvest(select_sources(site.url(), NO_SOURCES_FILE), data, Options(delay=0), contact_url=CONTACT,
                clock=clock, sleep=interrupt_after_two_pages)  # fmt: skip
    assert paths(site.page_requests()) == [SKOLA, KLIMAT]
    assert set(saved(site, data)) >= {"skola-for-upphandlare.html", "klimatkrav-i-vardupphandling.meta.toml"}
    site.asked.clear()
    resumed = run(site, data)
    assert "Fortsatte en avbruten hämtning: 2 sidor var redan klara" in resumed.lines()
    assert not {SKOLA, KLIMAT} & set(paths(site.page_requests()))
    assert resumed.summary().startswith("Hämtning: 3 nya, 0 ändrade, 0 oförändrade, 1 misslyckade")
    assert len([name for name in saved(site, data) if name.endswith(".html")]) == 5
    fresh = run(site, data)  # the resumed run finished: the next one starts afresh
    assert fresh.resumed == 0 and fresh.summary().startswith("Hämtning: 0 nya, 0 ändrade, 5 oförändrade")


# -- options -----------------------------------------------------------------------------


def test_dry_run_writes_nothing_and_fetches_no_page(site: Site, data: Path) -> None:
    report = run(site, data, dry_run=True)
    assert not data.exists()
    assert site.page_requests() == []
    assert report.summary() == (
        "Provkörning, inget sparades: 6 nya och 0 kända sidor skulle hämtas, 0 oförändrade enligt sitemapen; 4 anrop"
    )
    assert f"Skulle hämtas: {site.url(SKOLA)}" in report.lines()
    run(site, data)
    state = (data / STATE_DIR / STATE_FILE).read_bytes()
    files = {path: path.read_bytes() for path in data.rglob("*") if path.is_file()}
    site.asked.clear()
    site.pages[SKOLA] = replace(site.pages[SKOLA], lastmod=dt.date(2024, 6, 1))
    again = run(site, data, dry_run=True)
    assert again.summary().startswith("Provkörning, inget sparades: 1 nya och 2 kända sidor skulle hämtas, "
                                      "3 oförändrade enligt sitemapen")  # fmt: skip
    assert site.page_requests() == []
    assert {path: path.read_bytes() for path in data.rglob("*") if path.is_file()} == files
    assert (data / STATE_DIR / STATE_FILE).read_bytes() == state


def test_max_fetches_at_most_n_pages_and_the_next_run_goes_on(site: Site, data: Path) -> None:
    report = run(site, data, max_pages=2)
    assert paths(site.page_requests()) == [SKOLA, KLIMAT]
    assert report.summary().endswith("; 4 sidor kvar till nästa körning")
    site.asked.clear()
    rest = run(site, data)
    assert not {SKOLA, KLIMAT} & set(paths(site.page_requests()))
    assert rest.resumed == 2 and len(rest.new) == 3


def test_since_leaves_out_pages_changed_before_the_date(site: Site, data: Path) -> None:
    report = run(site, data, since=dt.date(2024, 3, 1))
    assert report.left_out["ändrade före --since"] == 3  # skola, klimatkrav, borttagen
    assert set(paths(site.page_requests())) == {
        UPPTAGEN,
        "/aktuellt/flyttad/",
        "/aktuellt/ny-adress/",
        VAGLEDNING,
    }
    assert sorted(report.new) == sorted(site.url(p) for p in (UPPTAGEN, "/aktuellt/flyttad/", VAGLEDNING))


def test_include_and_exclude_select_pages_by_address(site: Site, data: Path) -> None:
    report = run(site, data, include=("/nyheter/",))
    assert paths(site.page_requests()) == [VAGLEDNING] and report.new == [site.url(VAGLEDNING)]
    assert report.left_out["utanför urvalet (include/exclude)"] == 6  # /internt/ too
    site.asked.clear()
    run(site, data.parent / "other", exclude=("klimat", "upptagen|borttagen"))
    assert set(paths(site.page_requests())) == {
        SKOLA,
        "/aktuellt/flyttad/",
        "/aktuellt/ny-adress/",
        VAGLEDNING,
    }


# -- politeness --------------------------------------------------------------------------


def test_never_leaves_the_site(site: Site, data: Path) -> None:
    site.fixed["/aktuellt/vidare/"] = (302, {"Location": site.url("/aktuellt/annan/", host="localhost")}, b"")
    site.extra_listed.append(site.url("/aktuellt/vidare/"))
    report = run(site, data)
    assert all(request.headers["host"] == f"127.0.0.1:{site.port}" for request in site.asked)
    assert report.left_out["utanför webbplatsen"] == 1  # the page listed on another host
    assert any("annan.xml: sitemapen i robots.txt ligger utanför webbplatsen" in p for p in report.problems)
    assert any("/aktuellt/vidare/: ligger utanför webbplatsen" in f and "omdirigeras till http://localhost"
               in f for f in report.failed)  # fmt: skip


def test_robots_txt_is_obeyed(site: Site, data: Path) -> None:
    site.fixed["/aktuellt/hemlig/"] = (301, {"Location": "/internt/utkast/"}, b"")
    site.extra_listed.append(site.url("/aktuellt/hemlig/"))
    report = run(site, data)
    assert not [path for path in paths(site.asked) if path.startswith("/internt/")]
    assert report.left_out["förbjudna i robots.txt"] == 1
    assert any("/aktuellt/hemlig/: förbjuden i robots.txt (omdirigeras till" in f for f in report.failed)


def test_crawl_delay_and_delay_space_the_requests(data: Path, tmp_path: Path) -> None:
    clock = Clock()
    with serve(Site()) as site:
        report = run(site, data, clock=clock, delay=0.5)
    assert clock.sleeps == [2.0] * (report.requests - 1)  # robots.txt's Crawl-delay: 2 wins over 0.5
    clock = Clock()
    with serve(Site(crawl_delay=None, scripted={})) as site:
        report = run(site, tmp_path / "other", clock=clock, delay=0.5)
    assert clock.sleeps == [0.5] * (report.requests - 1)


@pytest.mark.parametrize("status", [503, 429])
def test_retry_after_is_honoured(data: Path, status: int) -> None:
    clock = Clock()
    with serve(Site(crawl_delay=None, retry_after="1", scripted={UPPTAGEN: [status]})) as site:
        report = run(site, data, clock=clock)
    assert paths(site.page_requests()).count(UPPTAGEN) == 2
    assert clock.sleeps == [1.0]
    assert site.url(UPPTAGEN) in report.new


def test_gives_up_on_a_page_after_a_few_tries_and_goes_on(data: Path) -> None:
    clock = Clock()
    with serve(Site(crawl_delay=None, retry_after="", scripted={UPPTAGEN: [503] * 5})) as site:
        report = run(site, data, clock=clock)
    assert paths(site.page_requests()).count(UPPTAGEN) == 3
    assert clock.sleeps == [1.0, 2.0]  # back-off without Retry-After: 1 s, then 2 s
    assert f"{site.url(UPPTAGEN)}: svarade 503 3 gånger; ger upp för den här gången" in report.failed
    assert len(report.new) == 4 and not report.all_failed


def test_a_long_retry_after_is_not_waited_for(data: Path) -> None:
    clock = Clock()
    with serve(Site(crawl_delay=None, retry_after="3600")) as site:
        report = run(site, data, clock=clock)
    assert clock.sleeps == [] and paths(site.page_requests()).count(UPPTAGEN) == 1
    assert f"{site.url(UPPTAGEN)}: svarade 503 och bad om 3600 s paus; försöker igen nästa körning" in report.failed


def test_a_page_that_does_not_answer_times_out(data: Path) -> None:
    with serve(Site(crawl_delay=None, scripted={})) as site:
        site.held["/aktuellt/langsam/"] = (threading.Event(), threading.Event())
        site.extra_listed.append(site.url("/aktuellt/langsam/"))
        report = run(site, data, timeout=0.3, tries=2)
    assert any(f.startswith(f"{site.url('/aktuellt/langsam/')}: fick inget svar (ReadTimeout") for f in report.failed)
    assert len(report.new) == 5


def test_a_site_whose_robots_txt_fails_is_not_harvested(data: Path) -> None:
    with serve(Site(crawl_delay=None, fixed={"/robots.txt": (503, {}, b"")})) as site:
        report = run(site, data)
    assert report.all_failed and site.page_requests() == []
    assert any("robots.txt: svarade 503 3 gånger" in p and "hämtas inget från webbplatsen" in p
               for p in report.problems)  # fmt: skip


def test_without_robots_txt_the_sitemap_is_looked_for_at_the_root(data: Path) -> None:
    with serve(Site(crawl_delay=None, scripted={})) as site:
        site.fixed["/robots.txt"] = (404, {}, b"")
        site.fixed["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, site.sitemap("/nyheter/"))
        report = run(site, data)
    assert report.new == [site.url(VAGLEDNING)]
    assert paths(site.asked)[:2] == ["/robots.txt", "/sitemap.xml"]


def test_a_site_without_any_listing_is_reported(data: Path) -> None:
    with serve(Site(crawl_delay=None, fixed={"/robots.txt": (404, {}, b"")})) as site:
        report = run(site, data)
    assert report.all_failed
    assert f"{site.url('/sitemap.xml')}: svarade 404; kunde inte läsas" in report.problems


# -- other starting points ---------------------------------------------------------------


def test_a_feed_gives_its_pages_but_never_says_a_page_is_gone(site: Site, data: Path) -> None:
    report = run(site, data, "/flode.xml")
    assert sorted(report.new) == sorted(site.url(p) for p in (SKOLA, KLIMAT, "/aktuellt/ny-adress/", UPPTAGEN))
    del site.pages[KLIMAT]
    again = run(site, data, "/flode.xml")
    assert again.gone == [] and "klimatkrav-i-vardupphandling.html" in saved(site, data)


def test_a_sitemap_can_be_harvested_on_its_own(site: Site, data: Path) -> None:
    report = run(site, data, "/sitemap-nyheter.xml")
    assert report.new == [site.url(VAGLEDNING)]
    assert paths(site.asked) == ["/robots.txt", "/sitemap-nyheter.xml", VAGLEDNING]


def test_a_page_is_no_listing(site: Site, data: Path) -> None:
    report = run(site, data, SKOLA)
    assert report.all_failed
    assert any("är varken en sitemap eller ett RSS- eller Atom-flöde" in p for p in report.problems)


# -- the state store ---------------------------------------------------------------------


def test_two_harvests_of_one_data_directory_are_kept_apart(tmp_path: Path) -> None:
    with (
        State.open(tmp_path),
        pytest.raises(HarvestError, match="en annan hämtning till katalogen pågår"),
        State.open(tmp_path),
    ):
        pass


def test_a_damaged_state_store_is_a_clear_error(site: Site, data: Path) -> None:
    (data / STATE_DIR).mkdir(parents=True)
    (data / STATE_DIR / STATE_FILE).write_bytes(b"inte en databas" * 100)
    with pytest.raises(HarvestError, match=r"state\.sqlite: kan inte läsas .*ta bort katalogen \.harvest"):
        run(site, data)


def test_state_remembers_validators_and_hashes(site: Site, data: Path) -> None:
    run(site, data)
    with State.open(data, read_only=True) as state:
        page = state.page(site.url(SKOLA))
    assert page is not None
    assert page.etag == f'"{hashlib.sha256(site.pages[SKOLA].html()).hexdigest()[:16]}"'
    assert page.last_modified == "Mon, 15 Jan 2024 09:00:00 GMT"
    assert page.digest == hashlib.sha256(site.pages[SKOLA].html()).hexdigest()
    assert page.lastmod == dt.datetime(2024, 1, 15, tzinfo=dt.UTC)
    assert page.file == f"127.0.0.1-{site.port}/skola-for-upphandlare.html"
