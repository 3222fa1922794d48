"""What a harvest remembers between runs: ``.harvest/state.sqlite`` in the data directory.

For each page address: the file it was saved as, the address after redirects, its
``ETag`` and ``Last-Modified``, the hash of its content, the sitemap's ``lastmod`` and
when it was fetched. For each listing (``robots.txt``, sitemap, feed): its validators
and body, so that an unchanged one is not downloaded again. For each run: when it
started and whether it finished, and which addresses it has dealt with, so that an
interrupted run goes on where it stopped. Every change is committed at once. A lock
keeps two harvests of one data directory apart. (Ingestion ignores names starting with ``.``.)
"""

from __future__ import annotations

import datetime as dt
import fcntl
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from indexer.errors import HarvestError

STATE_DIR = ".harvest"
STATE_FILE = "state.sqlite"
LOCK_FILE = "lock"
#: The layout of the tables below; a store of another version is refused.
VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, site TEXT NOT NULL, file TEXT NOT NULL, final_url TEXT NOT NULL,
    etag TEXT, last_modified TEXT, digest TEXT NOT NULL, lastmod TEXT, fetched TEXT NOT NULL,
    gone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS listings (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, site TEXT NOT NULL, started TEXT NOT NULL, finished TEXT
);
CREATE TABLE IF NOT EXISTS checked (run INTEGER NOT NULL, url TEXT NOT NULL, PRIMARY KEY (run, url));
"""


@dataclass(frozen=True)
class PageState:
    """What the last fetch of a page address found, and where the page was saved."""

    url: str
    site: str
    file: str
    final_url: str
    etag: str | None
    last_modified: str | None
    digest: str
    lastmod: dt.datetime | None
    fetched: dt.datetime
    gone: bool = False


@dataclass(frozen=True)
class ListingState:
    """A listing as last fetched: its validators and body."""

    url: str
    etag: str | None
    last_modified: str | None
    body: bytes


class State:
    """The store of one data directory; open it with :meth:`open`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    @classmethod
    @contextmanager
    def open(cls, data_dir: Path, *, read_only: bool = False) -> Iterator[State]:
        """The store, locked for this harvest; ``read_only`` (a dry run): a copy in memory, then dropped."""
        folder = data_dir / STATE_DIR
        path = folder / STATE_FILE
        if read_only:
            with _connected("file::memory:", path) as db:
                if path.is_file():
                    with _connected(f"{path.resolve().as_uri()}?mode=ro", path) as stored:
                        stored.backup(db)
                yield cls(db)
            return
        with _locked(folder, data_dir), _connected(path.resolve().as_uri(), path) as db:
            yield cls(db)

    def page(self, url: str) -> PageState | None:
        """What is known of a page address, or None."""
        row = self._db.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        return _page(row) if row else None

    def pages_of(self, site: str) -> list[PageState]:
        """Every page known of a site, in address order."""
        return [_page(row) for row in self._db.execute("SELECT * FROM pages WHERE site = ? ORDER BY url", (site,))]

    def files(self) -> set[str]:
        """The files (relative to the data directory) of every known page."""
        return {row[0] for row in self._db.execute("SELECT file FROM pages")}

    def save_page(self, page: PageState) -> None:
        """Record a page after a fetch."""
        values = (*astuple(page)[:7], _iso(page.lastmod), _iso(page.fetched), int(page.gone))
        self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)

    def forget(self, url: str) -> None:
        """Drop a page address (after its files were removed)."""
        self._db.execute("DELETE FROM pages WHERE url = ?", (url,))

    def listing(self, url: str) -> ListingState | None:
        """A listing as last fetched, or None."""
        row = self._db.execute("SELECT * FROM listings WHERE url = ?", (url,)).fetchone()
        return ListingState(*row) if row else None

    def save_listing(self, listing: ListingState) -> None:
        """Record a listing after a fetch."""
        self._db.execute("INSERT OR REPLACE INTO listings VALUES (?, ?, ?, ?)", astuple(listing))

    def begin(self, site: str, now: dt.datetime) -> int:
        """The number of the site's unfinished run, to go on with, or of a new one."""
        row = self._db.execute(
            "SELECT id FROM runs WHERE site = ? AND finished IS NULL ORDER BY id DESC", (site,)
        ).fetchone()
        if row:
            return int(row[0])
        cursor = self._db.execute("INSERT INTO runs (site, started) VALUES (?, ?)", (site, _iso(now)))
        return cursor.lastrowid or 0

    def checked(self, run: int) -> set[str]:
        """The addresses a run has dealt with."""
        return {row[0] for row in self._db.execute("SELECT url FROM checked WHERE run = ?", (run,))}

    def check(self, run: int, url: str) -> None:
        """Note that a run has dealt with an address, so that it is not asked again if the run resumes."""
        self._db.execute("INSERT OR IGNORE INTO checked VALUES (?, ?)", (run, url))

    def finish(self, run: int, now: dt.datetime) -> None:
        """Mark a run complete: the next one starts afresh."""
        self._db.execute("UPDATE runs SET finished = ? WHERE id = ?", (_iso(now), run))
        self._db.execute("DELETE FROM checked WHERE run = ?", (run,))


@contextmanager
def _connected(uri: str, path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode, the tables made if the store is new."""
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and "mode=ro" not in uri:
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {VERSION}")
        elif version not in (0, VERSION) or (version == 0 and path.is_file()):
            raise sqlite3.DatabaseError(f"okänd version {version}")
    except sqlite3.Error as error:
        raise HarvestError(
            f"{path}: kan inte läsas ({error}); ta bort katalogen {STATE_DIR} så hämtas alla sidor på nytt"
        ) from error
    try:
        yield connection
    finally:
        connection.close()


@contextmanager
def _locked(folder: Path, data_dir: Path) -> Iterator[None]:
    """Hold the store's lock, or fail at once when another harvest of ``data_dir`` has it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / LOCK_FILE).open("a+")
    except OSError as error:
        raise HarvestError(
            f"{folder}: kan inte skrivas ({error.strerror or error}); kontrollera rättigheterna"
        ) from error
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise HarvestError(
                f"{data_dir}: en annan hämtning till katalogen pågår; vänta tills den är klar"
            ) from error
        yield


def _page(row: tuple[Any, ...]) -> PageState:
    url, site, file, final_url, etag, last_modified, digest, lastmod, fetched, gone = row
    return PageState(url, site, file, final_url, etag, last_modified, digest, _time(lastmod),
                     _time(fetched) or dt.datetime.min, bool(gone))  # fmt: skip


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
