"""``python -m benchmarks.speed``: generate a synthetic corpus, run the benchmark, profile, break files."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

import indexer
from benchmarks.speed import baseline, defects, load, profile, run
from benchmarks.speed.generate import Generator, generate_file
from benchmarks.speed.queries import load_queries
from benchmarks.speed.vocabulary import NER_CORPUS
from indexer.config import HEAVY_REQUESTS
from searchui import SERVER_THREADS, SERVER_WORKERS

n_option = click.option("--n", "count", type=click.IntRange(1), default=10_000, show_default=True,
                        help="Number of releases.")  # fmt: skip
seed_option = click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")


@click.group()
def main() -> None:
    """Benchmarks of Pressarkiv on synthetic releases."""


@main.command()
@n_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .jsonl file to write.")  # fmt: skip
@seed_option
@click.option("--sentences", type=click.Path(dir_okay=False, path_type=Path), default=NER_CORPUS,
              show_default=True, help="NER corpus of real sentences; without it, word-list filler.")  # fmt: skip
def generate(count: int, out: Path, seed: int, sentences: Path) -> None:
    """Write COUNT synthetic releases as JSON Lines (same seed, same bytes)."""
    generator = generate_file(out, count, seed, sentences)
    click.echo(f"{count} releases ({generator.source} sentences) written to {out}")


@main.command("run")
@n_option
@seed_option
@click.option(
    "--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), help="Also write the figures here."
)
@click.option("--rounds", type=click.IntRange(1), default=5, show_default=True,
              help="Timed rounds of the query set.")  # fmt: skip
@click.option("--http-seconds", type=click.FloatRange(1, 600), default=20, show_default=True,
              help="Length of the HTTP load phase.")  # fmt: skip
@click.option("--clients", type=click.IntRange(1, 32), default=8, show_default=True, help="Concurrent HTTP clients.")
@click.option("--build-rounds", type=click.IntRange(1), default=1, show_default=True,
              help="Rounds of the three builds, in turn; each build keeps its fastest.")  # fmt: skip
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep corpus and indexes here (must not exist) instead of a temporary folder.")  # fmt: skip
def run_command(count: int, seed: int, json_file: Path | None, rounds: int, http_seconds: float, clients: int,
                build_rounds: int, workdir: Path | None) -> None:  # fmt: skip
    """Build, query and serve COUNT releases; compare with plain Whoosh; print one table."""
    with tempfile.TemporaryDirectory(prefix="pressarkiv-bench-") as scratch:
        figures = run.bench(
            workdir or Path(scratch),
            count,
            seed,
            rounds,
            http_seconds,
            clients,
            log=lambda message: click.echo(message, err=True),
            build_rounds=build_rounds,
        )
    click.echo(run.table(figures))
    if json_file:
        json_file.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@main.command("profile")
@n_option
@seed_option
@click.option("--top", type=click.IntRange(1), default=25, show_default=True, help="Functions listed per profile.")
def profile_command(count: int, seed: int, top: int) -> None:
    """Profile a rebuild of COUNT releases and the query set with cProfile."""
    with tempfile.TemporaryDirectory(prefix="pressarkiv-profile-") as scratch:
        click.echo(profile.profile(Path(scratch), count, seed, top))


@main.command("load")
@n_option
@seed_option
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Load this existing index instead of building one of N releases.",
)
@click.option("--seconds", type=click.FloatRange(1), default=300, show_default=True, help="Length of the load.")
@click.option("--clients", type=click.IntRange(1), default=10, show_default=True, help="Simulated users.")
@click.option(
    "--threads", type=click.IntRange(1), default=SERVER_THREADS, show_default=True, help="Threads per server process."
)
@click.option("--workers", type=click.IntRange(1), default=SERVER_WORKERS, show_default=True, help="Server processes.")
@click.option("--heavy", type=click.IntRange(0), default=0, show_default=True,
              help="Users fetching downloads, the feed and the biggest value pages besides; with any, the "
              "searchers run alone, beside them with no cap, and beside them with --cap, in turn.")  # fmt: skip
@click.option(
    "--cap",
    type=click.IntRange(0),
    default=HEAVY_REQUESTS,
    show_default=True,
    help="Expensive requests per server process at once (PRESSARKIV_HEAVY_REQUESTS) in the capped run.",
)
@click.option("--rounds", type=click.IntRange(1), default=1, show_default=True,
              help="Rounds of the three runs with --heavy.")  # fmt: skip
def load_command(
    count: int, seed: int, index_dir: Path | None, seconds: float, clients: int, threads: int, workers: int,
    heavy: int, cap: int, rounds: int,
) -> None:  # fmt: skip
    """Serve an index of COUNT releases (or --index) and load it with Locust users; print a table."""
    with tempfile.TemporaryDirectory(prefix="pressarkiv-load-") as scratch:
        if index_dir is None:
            index_dir = Path(scratch) / "index"
            run.write_corpus(Generator(seed).releases(count), Path(scratch) / "data", Path(scratch) / "planted.json")
            run.run_measured(run._ours_build(Path(scratch) / "data", index_dir))
        log = lambda message: click.echo(message, err=True)  # noqa: E731
        if heavy:
            runs = load.heavy_comparison(index_dir, seconds, clients, threads, workers, heavy, cap, rounds, log)
            click.echo(load.comparison_table(runs))
            return
        figures = load.load_test(index_dir, seconds, clients, threads, workers, log)
    click.echo(load.table(figures))


@main.command("http")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="An index built by `run --workdir` or `python -m indexer rebuild`.")  # fmt: skip
@click.option("--seconds", type=click.FloatRange(1, 600), default=20, show_default=True, help="Length of each load.")
@click.option("--clients", type=click.IntRange(1, 32), default=8, show_default=True, help="Concurrent HTTP clients.")
@click.option("--checkout", "checkouts", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Serve with the code of this checkout instead (repeat to compare; `.` is this one).")  # fmt: skip
@click.option("--rounds", type=click.IntRange(1), default=1, show_default=True,
              help="Rounds over the checkouts, in turn.")  # fmt: skip
def http_command(index_dir: Path, seconds: float, clients: int, checkouts: tuple[Path, ...], rounds: int) -> None:
    """The HTTP phase of `run` alone: serve an index and load it with the query set; one row per load."""
    with indexer.open_index(index_dir) as opened:
        queries = load_queries(lambda group: [value.value for value in opened.values(group)])
    rows = [
        "| server code | req/s | p50 / p95 / p99 | errors | server CPU per request | load (1 min) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for _ in range(rounds):
        for checkout in checkouts or (None,):
            found = run.http_load(index_dir, index_dir.parent / "data", queries, seconds, clients, checkout)
            load_average = os.getloadavg()[0]
            click.echo(f"{checkout or '.'}: {found}, load {load_average:.2f}", err=True)
            rows.append(
                f"| {checkout or '.'} | {found['requests_per_second']:.1f} | {found['p50_ms']:.0f} / "
                f"{found['p95_ms']:.0f} / {found['p99_ms']:.0f} ms | {found['errors']} of {found['requests']} "
                f"| {found['server_cpu_ms_per_request']:.1f} ms | {load_average:.2f} |"
            )
    click.echo("\n".join(rows))


@main.command("defects")
@n_option
@seed_option
@click.option("--share", type=click.FloatRange(0, 0.05, min_open=True), default=0.01, show_default=True,
              help="Share of the releases broken in each way.")  # fmt: skip
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep corpus and index here (must not exist) instead of a temporary folder.")  # fmt: skip
def defects_command(count: int, seed: int, share: float, workdir: Path | None) -> None:
    """Write COUNT releases with SHARE broken in every way, check and rebuild them; exit 1 on a miss."""
    with tempfile.TemporaryDirectory(prefix="pressarkiv-defects-") as scratch:
        root = workdir or Path(scratch)
        expected = defects.write_corpus(root / "data", count, seed, share)
        findings = defects.verify(root / "data", root / "index", run.TOPICS, expected)
    click.echo(findings.table())
    sys.exit(0 if findings.ok else 1)


@main.command("baseline", hidden=True)
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--index", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--planted", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--writer", "writer_kind", type=click.Choice(baseline.WRITERS), default="documented")
def baseline_command(data: Path, index: Path, planted: Path, writer_kind: str) -> None:
    """Build a plain-Whoosh baseline index (run by ``run`` as a measured subprocess)."""
    click.echo(baseline.build(data, index, planted, writer_kind))


if __name__ == "__main__":
    main()
