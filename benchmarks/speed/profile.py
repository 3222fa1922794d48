"""Where the time goes: cProfile of a rebuild (in one pipeline) and of the query set, as shares of the total."""

from __future__ import annotations

import cProfile
import pstats
import sys
from pathlib import Path

import indexer
from benchmarks import REPOSITORY
from benchmarks.speed.generate import Generator
from benchmarks.speed.queries import load_queries
from benchmarks.speed.run import TOPICS, WARM_UP, write_corpus

QUERY_ROUNDS = 3


def profile(workdir: Path, n: int, seed: int, top: int) -> str:
    """Profiles of a rebuild of ``n`` releases and of the query set, each ``top`` functions long."""
    generator = Generator(seed)
    write_corpus(generator.releases(WARM_UP), workdir / "warm-data", workdir / "warm-planted.json")
    write_corpus(generator.releases(n), workdir / "data", workdir / "planted.json")
    indexer.rebuild(indexer.resolve(workdir / "warm-data", workdir / "warm-index", TOPICS))
    settings = indexer.resolve(workdir / "data", workdir / "index", TOPICS)
    rebuild = cProfile.Profile()
    rebuild.runcall(indexer.rebuild, settings, pipelines=1)  # all the work in this process
    with indexer.open_index(settings.index_dir) as index:
        queries = load_queries(lambda group: [value.value for value in index.values(group)])
        for query in queries:
            index.search(query.text, filters=query.filters)
        searching = cProfile.Profile()
        searching.runcall(
            lambda: [index.search(q.text, filters=q.filters) for _ in range(QUERY_ROUNDS) for q in queries]
        )
    return "\n\n".join([
        shares(rebuild, f"rebuild of {n} releases", top),
        shares(searching, f"{len(queries)} queries × {QUERY_ROUNDS}", top),
    ])  # fmt: skip


def shares(profiler: cProfile.Profile, title: str, top: int) -> str:
    """The ``top`` functions by own time and by time including callees, as % of the total."""
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in stats.values())
    lines = [f"{title}: {total:.2f} s profiled"]
    for heading, column in (("own time", 2), ("including callees", 3)):
        lines.append(f"  by {heading}:")
        ranked = sorted(stats.items(), key=lambda item: -item[1][column])[:top]
        for (file, line, function), row in ranked:
            share = 100 * row[column] / total
            lines.append(f"    {share:5.1f} %  {row[column]:7.2f} s  {_where(file, line, function)}")
    return "\n".join(lines)


def _where(file: str, line: int, function: str) -> str:
    """A function's place, with the virtualenv's and the repository's prefixes cut off."""
    for prefix in (f"{sys.prefix}/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages/",
                   f"{REPOSITORY}/"):  # fmt: skip
        file = file.removeprefix(prefix)
    return f"{file}:{line}({function})" if line else function
