"""The ``python -m indexer`` command line: check the corpus, build or update the index, search it."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
from collections.abc import Callable
from typing import IO, Any

import click

from indexer import config
from indexer.enrich.topics import Taxonomy
from indexer.errors import BuildError, HarvestError, IndexNotFoundError, SearchError, TaxonomyError
from indexer.facets import FACET_GROUPS
from indexer.index.build import BuildReport, rebuild, update
from indexer.ingest.check import check_corpus
from indexer.search.request import DEFAULT_PER_PAGE, SORTS, SearchRequest, Sort
from indexer.search.results import SearchResults
from indexer.search.searching import open_index

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


class CliError(click.ClickException):
    """A failure told to the user in one Swedish line, without a traceback."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Fel: {self.format_message()}", err=True)


data_option = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False),
    help=f"Katalog med pressmeddelanden (annars ${config.DATA_ENV} eller index_data/releases).",
)  # fmt: skip
topics_option = click.option(
    "--topics", "topics_file", type=click.Path(dir_okay=False),
    help=f"Ämnesfil (TOML; annars ${config.TOPICS_ENV}, index_data/topics.toml eller den medföljande).",
)  # fmt: skip
index_option = click.option(
    "--index", "index_dir", type=click.Path(file_okay=False),
    help=f"Indexkatalog (annars ${config.INDEX_ENV} eller index_data/index).",
)  # fmt: skip


@click.group()
@click.version_option(package_name="pressarkiv")
def main() -> None:
    """Pressarkiv: bygg och sök i indexet över Upphandlingsmyndighetens pressmeddelanden."""


@main.command("rebuild")
@data_option
@index_option
@topics_option
def rebuild_command(data_dir: str | None, index_dir: str | None, topics_file: str | None) -> None:
    """Bygg hela indexet på nytt och byt till det när det är klart."""
    _build(rebuild, _settings(data_dir, index_dir, topics_file))


@main.command("update")
@data_option
@index_option
@topics_option
def update_command(data_dir: str | None, index_dir: str | None, topics_file: str | None) -> None:
    """Lägg till nya, indexera om ändrade och ta bort borttagna pressmeddelanden."""
    _build(update, _settings(data_dir, index_dir, topics_file))


def _settings(
    data_dir: str | None = None, index_dir: str | None = None, topics_file: str | None = None
) -> config.Settings:
    """The settings for the flags given (see ``config.resolve``); a bad setting is told in one line."""
    try:
        return config.resolve(data_dir, index_dir, topics_file)
    except config.ConfigError as error:
        raise CliError(str(error)) from error


@main.command("harvest")
@click.argument("url", required=False)
@data_option
@index_option
@topics_option
@click.option(
    "--include", multiple=True, metavar="REGEX", help="Bara sidor vars adress matchar (flera gånger: någon av dem)."
)
@click.option(
    "--exclude", multiple=True, metavar="REGEX", help="Inte sidor vars adress matchar (kan anges flera gånger)."
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="Minst så många sekunder mellan anrop till webbplatsen (robots.txt kan begära fler).",
)
@click.option(
    "--max", "max_pages", type=click.IntRange(min=1), metavar="N", help="Hämta högst N sidor; nästa körning fortsätter."
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="Bara sidor ändrade detta datum eller senare (enligt sitemapens lastmod).",
)
@click.option("--dry-run", is_flag=True, help="Visa vad som skulle hämtas; spara ingenting.")
@click.option("--prune", is_flag=True, help="Ta bort filerna för sidor som inte längre finns på webbplatsen.")
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False),
    help=f"Källfil (annars ${config.SOURCES_ENV} eller index_data/sources.toml).",
)
@click.option("--contact-url", metavar="URL", help=f"Kontaktadress i User-Agent (annars ${config.CONTACT_URL_ENV}).")
def harvest_command(
    url: str | None, data_dir: str | None, index_dir: str | None, topics_file: str | None,
    include: tuple[str, ...], exclude: tuple[str, ...], delay: float, max_pages: int | None,
    since: dt.datetime | None, dry_run: bool, prune: bool, sources_file: str | None, contact_url: str | None,
) -> None:  # fmt: skip
    """Hämta nya och ändrade pressmeddelanden från webbplatsen (URL eller källfilen) och uppdatera indexet."""
    from indexer.harvest import Options, harvest, select_sources  # not imported by other commands

    settings = config.resolve(data_dir, index_dir, topics_file)
    harvesting = config.resolve_harvest(sources_file, contact_url)
    if harvesting.contact_url is None:
        click.echo(
            f"Varning: ingen kontaktadress i User-Agent; ange --contact-url eller ${config.CONTACT_URL_ENV} "
            "så att webbplatsens ägare kan nå dig", err=True,
        )  # fmt: skip
    options = Options(delay=delay, max_pages=max_pages, since=since.date() if since else None,
                      dry_run=dry_run, prune=prune)  # fmt: skip
    try:
        sources = select_sources(url, harvesting.sources_file, include, exclude)
        report = harvest(sources, settings.data_dir, options, contact_url=harvesting.contact_url)
    except HarvestError as error:
        raise CliError(str(error)) from error
    except KeyboardInterrupt as error:
        raise CliError("avbruten; nästa hämtning fortsätter där den här slutade") from error
    for line in report.lines():
        click.echo(line, err=True)
    click.echo(report.summary())
    if report.all_failed:
        sys.exit(1)
    if not dry_run:
        _build(update, settings)


def _build(build: Callable[..., BuildReport], settings: config.Settings) -> None:
    """Run a rebuild or an update; list skipped files and warnings, then the summary."""
    try:
        report = build(settings, show_progress=sys.stderr.isatty())
    except BuildError as error:
        raise CliError(str(error)) from error
    for problem in report.skipped:
        click.echo(f"Överhoppad: {problem}", err=True)
    for problem in report.warnings:
        click.echo(f"Varning: {problem}", err=True)
    click.echo(report.summary())


@main.command("check")
@data_option
@topics_option
@click.option("--json", "as_json", is_flag=True, help="Skriv rapporten som JSON.")
def check_command(data_dir: str | None, topics_file: str | None, as_json: bool) -> None:
    """Granska alla filer utan att röra indexet; slutkod 1 om något fel hittas (varningar ger 0)."""
    settings = _settings(data_dir=data_dir, topics_file=topics_file)
    try:
        labels = Taxonomy.load(settings.topics_file).labels
    except TaxonomyError as error:
        raise CliError(str(error)) from error
    report = check_corpus(settings.data_dir, set(labels), settings.max_release_bytes)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(report.lines()))
    sys.exit(0 if report.ok else 1)


def _facet_options(command: Callable[..., None]) -> Callable[..., None]:
    """One repeatable ``--<group>`` option per facet group (``--year``, ``--person`` …)."""
    for group in reversed(FACET_GROUPS):
        command = click.option(
            f"--{group.name}", group.name, multiple=True,
            help=f"Filtrera på {group.label.lower()} (kan anges flera gånger: något av värdena).",
        )(command)  # fmt: skip
    return command


@main.command("search")
@click.argument("query", nargs=-1)
@index_option
@_facet_options
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Från och med datum (ÅÅÅÅ-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Till och med datum (ÅÅÅÅ-MM-DD).")
@click.option("--page", type=int, default=1, show_default=True, help="Sidnummer.")
@click.option("--per-page", type=int, default=DEFAULT_PER_PAGE, show_default=True, help="Träffar per sida.")
@click.option("--sort", type=click.Choice(SORTS), default=SORTS[0], show_default=True, help="Ordning.")
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
@click.option(
    "--no-autocorrect", "as_typed", is_flag=True,
    help="Sök orden som de är skrivna, aldrig som stavningsförslaget.",
)  # fmt: skip
def search_command(
    query: tuple[str, ...], index_dir: str | None, date_from: dt.datetime | None, date_to: dt.datetime | None,
    page: int, per_page: int, sort: Sort, as_json: bool, as_typed: bool, **filters: tuple[str, ...],
) -> None:  # fmt: skip
    """Sök i indexet; utan sökord listas alla pressmeddelanden, nyast först."""
    settings = _settings(index_dir=index_dir)
    try:
        request = SearchRequest(
            " ".join(query), filters=filters, page=page, per_page=per_page, sort=sort,
            date_from=date_from.date() if date_from else None, date_to=date_to.date() if date_to else None,
            autocorrect=not as_typed,
        )  # fmt: skip
        with open_index(settings.index_dir) as index:
            results = index.search(request)
    except (IndexNotFoundError, SearchError) as error:
        raise CliError(str(error)) from error
    if as_json:
        click.echo(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(results, color=sys.stdout.isatty()))


def render_text(results: SearchResults, *, color: bool = False) -> str:
    """Search results as text for a terminal: hits, then facet counts."""
    count = f"{results.total} {'träff' if results.total == 1 else 'träffar'}"
    lines = [f"{count} för ”{results.searched}”" if results.query else count]
    if results.partial:
        lines[0] += " med alla orden"
    if results.pages > 1:
        lines[0] += f" (sida {results.page} av {results.pages})"
    if results.notice:
        lines.append(results.notice)
    elif results.suggestion:
        lines.append(f"Menade du ”{results.suggestion}”?")
    previous = "all"
    for number, hit in enumerate(results.hits, start=(results.page - 1) * results.per_page + 1):
        if hit.match != previous:
            lines += ["", "Träffar med några av orden:"]
            previous = hit.match
        date = hit.published.isoformat() if hit.published else "datum saknas"
        lines += ["", f"{number}. {hit.title}  [{date}]  ({hit.id})", f"   {_plain(hit.snippet, color)}"]
        for group in FACET_GROUPS:
            if group.hit_field and (values := getattr(hit, group.hit_field)):
                lines.append(f"   {group.plural}: {', '.join(values)}")
    for group in FACET_GROUPS:
        if values := results.facets.get(group.name):
            shown = ", ".join(f"{group.value_label(v.value)} ({v.count})" for v in values)
            lines += ["", f"{group.label}: {shown}"]
    return "\n".join(lines)


def _plain(snippet: str, color: bool) -> str:
    """A snippet's HTML as terminal text: marked words bold (or in *stars*)."""
    marked = _MARK.sub(lambda m: click.style(m[1], bold=True) if color else f"*{m[1]}*", snippet)
    return " ".join(html.unescape(marked).split())
