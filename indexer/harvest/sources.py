"""The sites to harvest: an address from the command line, or the sources file.

``index_data/sources.toml`` lists one ``[[source]]`` table per site::

    [[source]]
    name = "Upphandlingsmyndigheten"
    url = "https://www.upphandlingsmyndigheten.se/"
    include = ['/nyheter/\\d{4}/[^/?#]+/$']      # regular expressions; a page must match one
    exclude = ['\\?']                             # … and none of these

``url`` is a site's root, a sitemap or a feed. Patterns are searched for (``re.search``)
in each page's full address; sitemaps and feeds themselves are not filtered.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from indexer.errors import HarvestError
from indexer.harvest.addresses import is_web_address, site_of
from indexer.ingest import validate

KEYS = ("name", "url", "include", "exclude")


@dataclass(frozen=True)
class Source:
    """One site to harvest: a name for people, where to start, and which pages to take."""

    name: str
    url: str
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    def wants(self, url: str) -> bool:
        """Whether a page is selected: it matches an include pattern (if any) and no exclude pattern."""
        included = not self.include or any(pattern.search(url) for pattern in self.include)
        return included and not any(pattern.search(url) for pattern in self.exclude)


def select_sources(
    url: str | None, sources_file: Path, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> list[Source]:
    """The sources of a run: ``url`` if given, else the sources file; patterns given replace the file's."""
    if url is not None:
        address = _address(url, "URL")
        return [Source(site_of(address)[0], address, patterns(include, "--include"), patterns(exclude, "--exclude"))]
    sources = load_sources(sources_file)
    if include:
        sources = [replace(source, include=patterns(include, "--include")) for source in sources]
    if exclude:
        sources = [replace(source, exclude=patterns(exclude, "--exclude")) for source in sources]
    return sources


def load_sources(path: Path) -> list[Source]:
    """The sources in a sources file; raises :class:`HarvestError` naming the file and the entry."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise HarvestError(f"{path}: källfilen finns inte: ange en URL eller skapa filen") from error
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise HarvestError(f"{path}: kan inte läsas ({error}): rätta filen") from error
    entries = table.get("source")
    if not isinstance(entries, list) or not entries or set(table) != {"source"}:
        raise HarvestError(f"{path}: ska bestå av tabeller [[source]] med name, url och include")
    return [_source(entry, f"{path}: source[{number}]") for number, entry in enumerate(entries)]


def patterns(values: Iterable[str], where: str) -> tuple[re.Pattern[str], ...]:
    """Compiled regular expressions; one that does not compile is an error naming it."""
    compiled = []
    for value in values:
        try:
            compiled.append(re.compile(value))
        except re.error as error:
            raise HarvestError(f"{where}: {value!r} är inget giltigt reguljärt uttryck ({error}): rätta det") from error
    return tuple(compiled)


def _source(entry: Any, where: str) -> Source:
    if not isinstance(entry, dict):
        raise HarvestError(f"{where}: ska vara en tabell med name, url och include")
    try:
        validate.only_known(entry, KEYS)
        name = validate.text(entry.get("name"), "name", required=True)
        url = validate.url(entry.get("url"), "url")
        include = validate.labels(entry.get("include", []), "include")
        exclude = validate.labels(entry.get("exclude", []), "exclude")
    except validate.FieldError as error:
        raise HarvestError(f"{where}.{error}") from error
    return Source(name, _address(url, f"{where}.url"), patterns(include, f"{where}.include"),
                  patterns(exclude, f"{where}.exclude"))  # fmt: skip


def _address(url: str, where: str) -> str:
    if not is_web_address(url):
        raise HarvestError(f"{where}: {url!r} är ingen webbadress: ange en som börjar med https://")
    return url
