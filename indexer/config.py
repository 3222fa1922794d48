"""Where Pressarkiv finds its corpus, its index and its taxonomy: the one home of configuration.

A site keeps its corpus and index in an ``index_data/`` folder of the working
directory (``index_data/releases/``, ``index_data/index/``) and may keep its own
taxonomy there (``index_data/topics.toml``); without one, the taxonomy shipped with
the package is used. The environment variables ``PRESSARKIV_DATA``,
``PRESSARKIV_INDEX`` and ``PRESSARKIV_TOPICS`` override these defaults, and explicit
arguments (command-line flags, ``create_app`` config) override both. The lexicon
corrections and the organisation gazetteer ship with the package (``indexer/data/``)
and are read through ``importlib.resources``, so a plain ``pip install`` works from
any folder.

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


@dataclass(frozen=True)
class Settings:
    """Resolved paths for one run of the indexer or the web UI."""

    data_dir: Path
    index_dir: Path
    topics_file: Path


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
    """Resolve paths: explicit argument, then environment variable, then default."""
    site = INDEX_DATA.absolute()
    return Settings(
        data_dir=_pick(data_dir, DATA_ENV, site / "releases"),
        index_dir=_pick(index_dir, INDEX_ENV, site / "index"),
        topics_file=_pick(topics_file, TOPICS_ENV, site_topics()),
    )


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
