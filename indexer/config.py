"""Where Pressarkiv finds its corpus, its index and its taxonomy, its limits, and how it names itself:
the one home of configuration.

A site keeps its corpus and index in an ``index_data/`` folder of the working
directory (``index_data/releases/``, ``index_data/index/``), the sites it harvests in
``index_data/sources.toml``, and may keep its own taxonomy there
(``index_data/topics.toml``); without one, the taxonomy shipped with the package is
used. The environment variables ``PRESSARKIV_DATA``, ``PRESSARKIV_INDEX``,
``PRESSARKIV_TOPICS``, ``PRESSARKIV_SOURCES``, ``PRESSARKIV_CONTACT_URL``,
``PRESSARKIV_MAX_RELEASE_BYTES``, ``PRESSARKIV_BASE_URL`` and ``PRESSARKIV_HEAVY_REQUESTS``
override these defaults,
and explicit arguments (command-line flags, ``create_app`` config) override both. The
lexicon corrections and the organisation gazetteer ship with the package
(``indexer/data/``) and are read through ``importlib.resources``, so a plain ``pip
install`` works from any folder.

Who runs a site and how its readers reach them (the accessibility statement's facts)
come from ``PRESSARKIV_OPERATOR`` and ``PRESSARKIV_CONTACT``, or from ``create_app``
config of the same names; there is no default, so no made-up address is ever shown.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from indexer.errors import ConfigError

#: The site's folder, relative to the working directory: corpus, built index, own taxonomy.
INDEX_DATA = Path("index_data")

DATA_ENV = "PRESSARKIV_DATA"
INDEX_ENV = "PRESSARKIV_INDEX"
TOPICS_ENV = "PRESSARKIV_TOPICS"
SOURCES_ENV = "PRESSARKIV_SOURCES"
CONTACT_URL_ENV = "PRESSARKIV_CONTACT_URL"
MAX_RELEASE_BYTES_ENV = "PRESSARKIV_MAX_RELEASE_BYTES"
BASE_URL_ENV = "PRESSARKIV_BASE_URL"
HEAVY_REQUESTS_ENV = "PRESSARKIV_HEAVY_REQUESTS"
OPERATOR_ENV = "PRESSARKIV_OPERATOR"
CONTACT_ENV = "PRESSARKIV_CONTACT"

_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+")
_WEB_ADDRESS = re.compile(r"https://[^\s<>\"]+")

#: The package's own data: default taxonomy, lexicon corrections, organisation gazetteer.
PACKAGE_DATA = files("indexer").joinpath("data")
#: The taxonomy used when neither an argument, the environment nor the site names one.
DEFAULT_TOPICS = Path(str(PACKAGE_DATA.joinpath("topics.toml")))
#: The lexicon corrections shipped with the package: ``[forms]`` of ``"form" = "word"``.
LEXICON_CORRECTIONS = Path(str(PACKAGE_DATA.joinpath("lexicon.toml")))
#: The lexicalised words the compound splitter keeps whole: ``[whole] words``.
WHOLE_WORDS = Path(str(PACKAGE_DATA.joinpath("compounds.toml")))

#: The largest release file read (and JSON Lines record): a press release has some ten
#: kilobytes, a saved web page with its scripts and styles a few hundred; a file over the
#: limit is reported and skipped, so that one giant file cannot hold up a build. Indexing
#: takes about 2 s of CPU and 65 MB of memory per MB of text (``python -m benchmarks.sizes``).
MAX_RELEASE_BYTES = 5_000_000
#: The public address of the web UI when none is configured: what ``python -m searchui`` serves.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"

#: Expensive requests (downloads, feeds, person, organisation and topic pages) that the web
#: server runs at once, over all its processes; 0 puts no cap on them. One download of 1000
#: hits costs several searches: with one at a time, the other core and threads stay free for
#: searches (``python -m benchmarks.speed load --heavy 4``).
HEAVY_REQUESTS = 1
#: Seconds an expensive request over the cap waits for a slot before it is refused (503).
HEAVY_WAIT_SECONDS = 0.5

_BASE_URL = re.compile(r"https?://[^/?#@\s]+(?:/[^?#\s]*)?")


@dataclass(frozen=True)
class Settings:
    """Resolved paths and limits for one run of the indexer or the web UI."""

    data_dir: Path
    index_dir: Path
    topics_file: Path
    max_release_bytes: int = MAX_RELEASE_BYTES


def _pick(explicit: str | os.PathLike[str] | None, env: str, default: Path) -> Path:
    if explicit is not None:
        return Path(explicit)
    if os.environ.get(env):
        return Path(os.environ[env])
    return default


def site_topics() -> Path:
    """The site's own taxonomy (``index_data/topics.toml``) when it has one, else the shipped one."""
    own = INDEX_DATA.absolute() / "topics.toml"
    return own if own.is_file() else DEFAULT_TOPICS


def resolve(
    data_dir: str | os.PathLike[str] | None = None,
    index_dir: str | os.PathLike[str] | None = None,
    topics_file: str | os.PathLike[str] | None = None,
) -> Settings:
    """Resolve paths and limits: explicit argument, then environment variable, then default.

    Raises :class:`ConfigError` for a size limit that is not a positive whole number.
    """
    site = INDEX_DATA.absolute()
    return Settings(
        data_dir=_pick(data_dir, DATA_ENV, site / "releases"),
        index_dir=_pick(index_dir, INDEX_ENV, site / "index"),
        topics_file=_pick(topics_file, TOPICS_ENV, site_topics()),
        max_release_bytes=_max_release_bytes(),
    )


@dataclass(frozen=True)
class HarvestSettings:
    """What a harvest needs beyond the paths: the sites to visit and the address that names us."""

    sources_file: Path
    #: Where a site's operators read who harvests their pages and why (sent in the User-Agent).
    contact_url: str | None


def resolve_harvest(
    sources_file: str | os.PathLike[str] | None = None, contact_url: str | None = None
) -> HarvestSettings:
    """Resolve the harvest's settings: explicit argument, then environment variable, then default."""
    return HarvestSettings(
        sources_file=_pick(sources_file, SOURCES_ENV, INDEX_DATA.absolute() / "sources.toml"),
        contact_url=contact_url or os.environ.get(CONTACT_URL_ENV) or None,
    )


def base_url(explicit: str | None = None, default: str = DEFAULT_BASE_URL) -> str:
    """The web UI's public address (``https://host[:port][/path]``, no ``/`` at the end), from which
    every absolute link is made: ``explicit``, else ``$PRESSARKIV_BASE_URL``, else ``default``.

    Raises :class:`ConfigError` for an address that is not one.
    """
    value = explicit or os.environ.get(BASE_URL_ENV) or default
    if not _BASE_URL.fullmatch(value):
        raise ConfigError(
            f"{BASE_URL_ENV}: {value[:80]!r} är ingen webbadress; ange till exempel https://pressarkiv.example.se"
        )
    return value.rstrip("/")


def _max_release_bytes() -> int:
    value = os.environ.get(MAX_RELEASE_BYTES_ENV, "").strip()
    if not value:
        return MAX_RELEASE_BYTES
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(
            f"{MAX_RELEASE_BYTES_ENV}: ska vara ett antal byte, till exempel 5000000 (fick {value[:40]!r})"
        )
    return int(value)


def heavy_requests(explicit: int | None = None) -> int:
    """How many expensive requests the web server runs at once over all its processes (0: no cap):
    ``explicit``, else ``$PRESSARKIV_HEAVY_REQUESTS``, else :data:`HEAVY_REQUESTS`.

    Raises :class:`ConfigError` for a value that is not a whole number of 0 or more.
    """
    if explicit is not None:
        value = str(explicit)
    else:
        value = os.environ.get(HEAVY_REQUESTS_ENV, "").strip() or str(HEAVY_REQUESTS)
    if not value.isdigit():
        raise ConfigError(
            f"{HEAVY_REQUESTS_ENV}: ska vara ett heltal, 0 eller större, till exempel 1 (fick {value[:40]!r}); "
            "0 betyder ingen gräns"
        )
    return int(value)


@dataclass(frozen=True)
class SiteInfo:
    """Who runs a Pressarkiv web site and where readers report problems (None: not configured)."""

    operator: str | None
    contact: str | None

    @property
    def contact_href(self) -> str | None:
        """The contact as a link target: ``mailto:`` for an e-mail address, else the web address."""
        if self.contact is None:
            return None
        return self.contact if self.contact.startswith("https://") else f"mailto:{self.contact}"


def site_info(operator: str | None = None, contact: str | None = None) -> SiteInfo:
    """The site's operator and contact: explicit argument, then environment variable, else None.

    The contact is an e-mail address or the ``https://`` address of a contact form;
    anything else raises :class:`~indexer.errors.ConfigError`.
    """
    operator = (operator if operator is not None else os.environ.get(OPERATOR_ENV, "")).strip() or None
    contact = (contact if contact is not None else os.environ.get(CONTACT_ENV, "")).strip() or None
    if contact is not None and not (_EMAIL.fullmatch(contact) or _WEB_ADDRESS.fullmatch(contact)):
        raise ConfigError(
            f"{CONTACT_ENV}: ”{contact[:60]}” är varken en e-postadress eller en https-adress. "
            "Ange till exempel webbplats@myndigheten.se eller https://myndigheten.se/kontakt."
        )
    return SiteInfo(operator=operator, contact=contact)
