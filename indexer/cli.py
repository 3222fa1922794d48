"""The ``python -m indexer`` command line: check the corpus, build or update the index, search it."""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Callable

import click

from indexer import config
from indexer.index.build import BuildError, BuildReport, rebuild, update
from indexer.ingest.check import check_corpus
from indexer.search.results import FACET_LABELS, UNKNOWN_YEAR, UNKNOWN_YEAR_LABEL, SearchResults
from indexer.search.searching import IndexNotFoundError, SearchError, open_index
from indexer.enrich.topics import Taxonomy, TaxonomyError

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


class CliError(click.ClickException):
    """A failure told to the user in one Swedish line, without a traceback."""

    def show(self, file=None) -> None:
        click.echo(f"Fel: {self.format_message()}", err=True)


data_option = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False),
    help=f"Katalog med pressmeddelanden (annars ${config.DATA_ENV} eller index_data/releases).",
)  # fmt: skip
topics_option = click.option(
    "--topics", "topics_file", type=click.Path(dir_okay=False),
    help=f"Ämnesfil (TOML; annars ${config.TOPICS_ENV} eller index_data/topics.toml).",
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


@main.command("search")
@click.argument("query", nargs=-1)
@index_option
@click.option("--year", multiple=True, help="Bara detta år (kan anges flera gånger).")
@click.option("--person", multiple=True, help="Bara där personen nämns (flera gånger: någon av dem).")
@click.option("--organisation", multiple=True, help="Bara där organisationen nämns (kan anges flera gånger).")
@click.option("--topic", multiple=True, help="Bara detta ämne (kan anges flera gånger).")
@click.option("--page", type=int, default=1, show_default=True, help="Sidnummer.")
@click.option("--per-page", type=int, default=10, show_default=True, help="Träffar per sida.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
              show_default=True, help="Ordning.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
def search_command(
    query: tuple[str, ...], index_dir: str | None, year: tuple[str, ...], person: tuple[str, ...],
    organisation: tuple[str, ...], topic: tuple[str, ...], page: int, per_page: int, sort: str,
    as_json: bool,
) -> None:  # fmt: skip
    """Sök i indexet; utan sökord listas alla pressmeddelanden, nyast först."""
    settings = _settings(index_dir=index_dir)
    filters = {"year": list(year), "person": list(person), "organisation": list(organisation),
               "topic": list(topic)}  # fmt: skip
    try:
        with open_index(settings.index_dir) as index:
            results = index.search(
                " ".join(query), filters=filters, page=page, per_page=per_page, sort=sort
            )
    except (IndexNotFoundError, SearchError) as error:
        raise CliError(str(error)) from error
    if as_json:
        click.echo(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(results, color=sys.stdout.isatty()))


def render_text(results: SearchResults, *, color: bool = False) -> str:
    """Search results as text for a terminal: hits, then facet counts."""
    count = f"{results.total} {'träff' if results.total == 1 else 'träffar'}"
    lines = [f"{count} för ”{results.query}”" if results.query else count]
    if results.pages > 1:
        lines[0] += f" (sida {results.page} av {results.pages})"
    if results.notice:
        lines.append(results.notice)
    for number, hit in enumerate(results.hits, start=(results.page - 1) * results.per_page + 1):
        date = hit.published or "datum saknas"
        lines += ["", f"{number}. {hit.title}  [{date}]  ({hit.id})", f"   {_plain(hit.snippet, color)}"]
        if hit.persons:
            lines.append(f"   Personer: {', '.join(hit.persons)}")
        if hit.organisations:
            lines.append(f"   Organisationer: {', '.join(hit.organisations)}")
        if hit.topics:
            lines.append(f"   Ämnen: {', '.join(hit.topics)}")
    for group, values in results.facets.items():
        if values:
            shown = ", ".join(
                f"{UNKNOWN_YEAR_LABEL if v.value == UNKNOWN_YEAR else v.value} ({v.count})" for v in values
            )
            lines += ["", f"{FACET_LABELS[group]}: {shown}"]
    return "\n".join(lines)


def _plain(snippet: str, color: bool) -> str:
    """A snippet's HTML as terminal text: marked words bold (or in *stars*)."""
    marked = _MARK.sub(
        lambda m: click.style(m[1], bold=True) if color else f"*{m[1]}*", snippet
    )
    return " ".join(html.unescape(marked).split())
