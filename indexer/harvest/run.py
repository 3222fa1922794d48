"""A harvest from start to end: ``robots.txt``, the listing, each selected page, and the report.

For each page the cheapest question is asked: none when the sitemap's ``lastmod`` is
the one recorded, a conditional request when the page is known, a plain one when it
is new. A page whose content changed replaces its file; one that answers 404 or 410 is
reported as gone and removed only with ``prune``. Each page is noted in the state store
as soon as it is dealt with, so that a run that is interrupted (or stopped by
``max_pages``) goes on where it stopped the next time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from indexer import __version__
from indexer.errors import HarvestError
from indexer.harvest.addresses import absolute, site_of, site_root
from indexer.harvest.discover import Listing, discover, read_listing
from indexer.harvest.fetch import MAX_WAIT, TIMEOUT, TRIES, Fetcher, Response
from indexer.harvest.pages import file_name, remove_page, save_page
from indexer.harvest.robots import AGENT, Robots
from indexer.harvest.sitemaps import Listed
from indexer.harvest.sources import Source
from indexer.harvest.state import PageState, State
from indexer.harvest.throttle import Throttle
from indexer.ingest.ids import release_id

#: Answers that say a page is no longer there.
GONE_STATUSES = frozenset({404, 410})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})


@dataclass(frozen=True)
class Options:
    """How a harvest runs: the command line's choices, then limits that tests make small."""

    #: Least seconds between two requests to a site (its ``Crawl-delay`` may ask for more).
    delay: float = 1.0
    #: Fetch at most this many pages; the next run goes on with the rest.
    max_pages: int | None = None
    #: Leave out pages whose ``lastmod`` is older than this day.
    since: dt.date | None = None
    #: Read the listings, save nothing, and report what would be fetched.
    dry_run: bool = False
    #: Remove the files of pages that are gone from the site.
    prune: bool = False
    timeout: float = TIMEOUT
    tries: int = TRIES
    max_wait: float = MAX_WAIT
    #: Seconds before the first retry when the server gives no ``Retry-After`` (doubled each time).
    backoff: float = 1.0


@dataclass
class Report:
    """What a harvest did, page by page and in sum."""

    dry_run: bool = False
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    #: Files removed for gone pages (with ``prune``).
    pruned: list[str] = field(default_factory=list)
    #: Known pages a dry run would ask about (conditionally).
    to_check: list[str] = field(default_factory=list)
    #: Listed pages not harvested, by reason.
    left_out: Counter[str] = field(default_factory=Counter)
    #: Sources, listings and robots.txt files that could not be read.
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    conditional: int = 0
    #: Pages requested (for ``max_pages``), pages left for the next run, pages an interrupted run had done.
    fetched_pages: int = 0
    remaining: int = 0
    resumed: int = 0
    sources: int = 0
    failed_sources: int = 0

    def lines(self) -> list[str]:
        """The details for a person, one line each: problems, failures, gone pages, what was left out."""
        lines = [f"Problem: {problem}" for problem in self.problems]
        lines += [f"Misslyckades: {failure}" for failure in self.failed]
        if self.pruned:
            lines += [f"Borttagen: {url}: finns inte längre på webbplatsen; filen raderad" for url in self.gone]
        else:
            lines += [f"Borta: {url}: finns inte längre på webbplatsen; ta bort filen med --prune" for url in self.gone]
        if self.dry_run:
            lines += [f"Skulle hämtas: {url}" for url in (*self.new, *self.to_check)]
        if self.left_out:
            lines.append("Utelämnade: " + ", ".join(f"{n} {reason}" for reason, n in self.left_out.items()))
        if self.resumed:
            lines.append(f"Fortsatte en avbruten hämtning: {self.resumed} sidor var redan klara")
        return lines

    def summary(self) -> str:
        """One line: new, changed, unchanged, failed and gone pages, and the requests made."""
        if self.dry_run:
            return (
                f"Provkörning, inget sparades: {len(self.new)} nya och {len(self.to_check)} kända sidor "
                f"skulle hämtas, {self.unchanged} oförändrade enligt sitemapen; {self.requests} anrop"
            )
        line = (
            f"Hämtning: {len(self.new)} nya, {len(self.changed)} ändrade, {self.unchanged} oförändrade, "
            f"{len(self.failed)} misslyckade, {len(self.gone)} borta; "
            f"{self.requests} anrop, varav {self.conditional} villkorliga"
        )
        return line + (f"; {self.remaining} sidor kvar till nästa körning" if self.remaining else "")

    @property
    def all_failed(self) -> bool:
        """Whether no source could be harvested at all."""
        return self.sources > 0 and self.failed_sources == self.sources


def user_agent(contact_url: str | None) -> str:
    """The User-Agent of every request: Pressarkiv, its version and, when configured, where to read about it."""
    return f"{AGENT}/{__version__} (+{contact_url})" if contact_url else f"{AGENT}/{__version__}"


def harvest(
    sources: Iterable[Source], data_dir: Path, options: Options, *, contact_url: str | None,
    clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
) -> Report:  # fmt: skip
    """Harvest each source into ``data_dir``; a source that fails is reported and the others go on.

    ``clock`` and ``sleep`` time the waits between requests (replaceable in tests).
    Raises :class:`HarvestError` only when the state store cannot be used.
    """
    report = Report(dry_run=options.dry_run)
    throttle = Throttle(options.delay, clock=clock, sleep=sleep)
    with State.open(data_dir, read_only=options.dry_run) as state:
        harvester = _Harvester(data_dir, options, state, report, throttle, user_agent(contact_url))
        for source in sources:
            report.sources += 1
            try:
                harvester.source(source)
            except HarvestError as error:
                report.failed_sources += 1
                report.problems.append(f"{source.name}: {error}")
    return report


@dataclass
class _Harvester:
    """One harvest's shared parts: where it writes, what it remembers, how it reports and waits."""

    data_dir: Path
    options: Options
    state: State
    report: Report
    throttle: Throttle
    agent: str
    taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.taken = {PurePosixPath(name).stem.lower() for name in self.state.files()}
        if self.data_dir.is_dir():
            self.taken |= {release_id(path.stem).lower() for path in self.data_dir.rglob("*")}

    def source(self, source: Source) -> None:
        """Harvest one source: robots.txt, the listing, then each selected page."""
        site = site_root(source.url)
        options = self.options
        with Fetcher(site, user_agent=self.agent, throttle=self.throttle, timeout=options.timeout,
                     tries=options.tries, max_wait=options.max_wait,
                     backoff=options.backoff) as fetcher:  # fmt: skip
            try:
                fetcher.robots = self._robots(site, fetcher)
                if fetcher.robots.delay:
                    self.throttle.slow_down(site_of(site)[0], fetcher.robots.delay)
                listing = discover(source.url, fetcher, self.state)
                self.report.problems += listing.problems
                if not listing.pages and not listing.complete:
                    raise HarvestError("inga sidor kunde listas; se problemen ovan")
                work = self._select(source, site, listing, fetcher.robots)
                if options.dry_run:
                    self._plan(work)
                else:
                    self._fetch_all(site, work, fetcher)
            finally:
                self.report.requests += fetcher.requests
                self.report.conditional += fetcher.conditional

    def _robots(self, site: str, fetcher: Fetcher) -> Robots:
        """The site's ``robots.txt``; a site whose file cannot be fetched is not harvested (RFC 9309)."""
        try:
            data = read_listing(absolute("/robots.txt", site), fetcher, self.state, missing_ok=True)
        except HarvestError as error:
            raise HarvestError(f"{error}; utan robots.txt hämtas inget från webbplatsen den här gången") from error
        return Robots.parse(data.decode("utf-8", "replace")) if data is not None else Robots.allow_all()

    def _select(self, source: Source, site: str, listing: Listing, robots: Robots) -> list[Listed]:
        """The pages to deal with: the listed ones selected, then known ones no longer listed."""
        left_out = self.report.left_out
        if listing.offsite:
            left_out["utanför webbplatsen"] += listing.offsite
        work = []
        for url, lastmod in listing.pages.items():
            reason = self._left_out(source, robots, url, lastmod)
            if reason:
                left_out[reason] += 1
            else:
                work.append(Listed(url, lastmod))
        if listing.complete and self.options.since is None:  # only then may an unlisted page be gone
            work += [
                Listed(known.url) for known in self.state.pages_of(site)
                if known.url not in listing.pages and not self._left_out(source, robots, known.url, None)
            ]  # fmt: skip
        return work

    def _left_out(self, source: Source, robots: Robots, url: str, lastmod: dt.datetime | None) -> str | None:
        """Why a page is not harvested, or None."""
        if not source.wants(url):
            return "utanför urvalet (include/exclude)"
        if not robots.allows(url):
            return "förbjudna i robots.txt"
        if self.options.since and lastmod and lastmod.date() < self.options.since:
            return "ändrade före --since"
        return None

    def _plan(self, work: list[Listed]) -> None:
        """A dry run: say what would be fetched, asking nothing."""
        for page in work:
            known = self._known(page.url)
            if known is None:
                self.report.new.append(page.url)
            elif _unchanged_by_lastmod(known, page.lastmod):
                self.report.unchanged += 1
            else:
                self.report.to_check.append(page.url)

    def _fetch_all(self, site: str, work: list[Listed], fetcher: Fetcher) -> None:
        """Deal with each page not done yet in this run; finish the run when all are done."""
        run = self.state.begin(site, _now())
        done = self.state.checked(run)
        todo = [page for page in work if page.url not in done]
        self.report.resumed += len(work) - len(todo)
        for number, page in enumerate(todo):
            if self.options.max_pages is not None and self.report.fetched_pages >= self.options.max_pages:
                self.report.remaining += len(todo) - number
                return  # the run stays open: the next one goes on from here
            self._visit(site, page, fetcher)
            self.state.check(run, page.url)
        self.state.finish(run, _now())

    def _known(self, url: str) -> PageState | None:
        """What is known of a page whose file is still there, or None."""
        known = self.state.page(url)
        return known if known is not None and (self.data_dir / known.file).is_file() else None

    def _visit(self, site: str, page: Listed, fetcher: Fetcher) -> None:
        """Ask for one page as cheaply as its state allows, and save, keep or report it."""
        recorded = self.state.page(page.url)
        known = self._known(page.url)
        if known is not None and _unchanged_by_lastmod(known, page.lastmod):
            self.report.unchanged += 1
            return
        self.report.fetched_pages += 1
        try:
            validators = (known.etag, known.last_modified) if known else (None, None)
            response = fetcher.get(page.url, etag=validators[0], last_modified=validators[1])
        except HarvestError as error:
            self.report.failed.append(str(error))
            return
        if response.status == 304 and known is not None:
            self.state.save_page(replace(known, lastmod=page.lastmod or known.lastmod, gone=False))
            self.report.unchanged += 1
        elif response.status in GONE_STATUSES and recorded is not None:
            self._gone(recorded)
        elif response.status in GONE_STATUSES:
            self.report.failed.append(f"{page.url}: finns inte (svarade {response.status})")
        elif response.status != 200:
            self.report.failed.append(f"{page.url}: svarade {response.status}")
        elif response.media_type not in HTML_TYPES:
            self.report.failed.append(f"{page.url}: är ingen webbsida (Content-Type {response.media_type})")
        else:
            self._store(site, page, response, recorded, known)

    def _store(
        self, site: str, page: Listed, response: Response, recorded: PageState | None, known: PageState | None
    ) -> None:
        """Save a fetched page unless its content and address are the ones already saved."""
        digest = hashlib.sha256(response.content).hexdigest()
        if known is not None and (known.digest, known.final_url) == (digest, response.final_url):
            self.state.save_page(replace(
                known, etag=response.etag, last_modified=response.last_modified,
                lastmod=page.lastmod or known.lastmod, gone=False,
            ))  # fmt: skip
            self.report.unchanged += 1
            return
        name = recorded.file if recorded else file_name(response.final_url, self.taken)
        fetched = _now()
        try:
            save_page(self.data_dir, name, response.content, response.final_url, fetched)
        except HarvestError as error:
            self.report.failed.append(f"{page.url}: {error}")
            return
        except OSError as error:
            self.report.failed.append(f"{page.url}: {self.data_dir / name} kan inte skrivas ({error.strerror})")
            return
        self.state.save_page(PageState(
            page.url, site, name, response.final_url, response.etag, response.last_modified, digest,
            page.lastmod, fetched,
        ))  # fmt: skip
        (self.report.changed if known else self.report.new).append(page.url)

    def _gone(self, recorded: PageState) -> None:
        """A page the site no longer has: reported; its files removed with ``prune``."""
        self.report.gone.append(recorded.url)
        if self.options.prune:
            remove_page(self.data_dir, recorded.file)
            self.state.forget(recorded.url)
            self.report.pruned.append(recorded.file)
        else:
            self.state.save_page(replace(recorded, gone=True))


def _unchanged_by_lastmod(known: PageState, lastmod: dt.datetime | None) -> bool:
    """Whether the sitemap's ``lastmod`` says the page has not changed since it was fetched."""
    return lastmod is not None and known.lastmod is not None and lastmod <= known.lastmod and not known.gone


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
