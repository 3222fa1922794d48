"""What person, organisation and topic extraction cost per release, in this checkout and in others.

Run ``python -m benchmarks.extraction [--n 2000] [--checkout DIR ...] [--rounds 3]``. The synthetic
releases of the speed benchmark are parsed once, here; then each checkout (``.`` is this one, the
default) extracts from the same titles and texts in a fresh Python of its own, as a rebuild's
pipeline does: one pass to warm its caches, then persons and organisations, topics, and both,
each timed over every release in process time. The checkouts take turns round after round and
each keeps its fastest figures; the table gives them and their ratio to the first checkout.
Checkouts from before the ``indexer.enrich`` package (``indexer.entities``) are read as well.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.speed.generate import generate_file
from benchmarks.speed.measure import checkout_environment
from benchmarks.speed.vocabulary import NER_CORPUS
from indexer.config import DEFAULT_TOPICS
from indexer.ingest.corpus import Entry, read_file

#: The figures each checkout reports, in ms per release.
PARTS = ("entities", "topics", "both")

_WORKER = """
import json, sys, time
from pathlib import Path
try:
    from indexer.enrich import extract_organisations, extract_persons
    from indexer.enrich.topics import Taxonomy
except ImportError:  # the layout before the enrich package
    from indexer.entities import extract_persons
    from indexer.organisations import extract_organisations
    from indexer.topics import Taxonomy
releases = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
taxonomy = Taxonomy.load(Path(sys.argv[2]))
def entities(title, text):
    extract_persons(text), extract_organisations(text)
def topics(title, text):
    taxonomy.match(title, text)
def both(title, text):
    entities(title, text), topics(title, text)
for title, text in releases:
    both(title, text)
figures = {}
for part in (entities, topics, both):
    started = time.process_time()
    for title, text in releases:
        part(title, text)
    figures[part.__name__] = (time.process_time() - started) * 1000 / len(releases)
print(json.dumps(figures))
"""


def releases(count: int, seed: int, workdir: Path) -> list[tuple[str, str]]:
    """The title and text of ``count`` synthetic releases, as this checkout's ingestion reads them."""
    path = workdir / "syntetisk.jsonl"
    generate_file(path, count, seed, NER_CORPUS if NER_CORPUS.is_file() else None)
    return [(item.release.title, item.release.text) for item in read_file(path, workdir) if isinstance(item, Entry)]


def measure(checkout: Path, corpus: Path, topics: Path) -> dict[str, float]:
    """One checkout's figures: ms of process time per release for each of :data:`PARTS`."""
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, str(corpus), str(topics)], cwd=checkout, env=checkout_environment(checkout),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"extraction in {checkout} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def compare(checkouts: Sequence[Path], count: int, seed: int, rounds: int) -> dict[Path, dict[str, float]]:
    """Each checkout's fastest figures over ``rounds``, the checkouts taking turns in a rotating order."""
    best: dict[Path, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="pressarkiv-extraction-") as scratch:
        corpus = Path(scratch) / "releases.json"
        corpus.write_text(json.dumps(releases(count, seed, Path(scratch)), ensure_ascii=False), encoding="utf-8")
        for n in range(rounds):
            shift = n % len(checkouts)
            for checkout in [*checkouts[shift:], *checkouts[:shift]]:
                found = measure(checkout, corpus, DEFAULT_TOPICS)
                kept = best.setdefault(checkout, found)
                best[checkout] = {part: min(kept[part], found[part]) for part in PARTS}
    return best


def table(figures: dict[Path, dict[str, float]]) -> str:
    """A Markdown table of the figures, each with its ratio to the first checkout's."""
    first = next(iter(figures.values()))
    lines = ["| checkout | " + " | ".join(f"{part} ms / ratio" for part in PARTS) + " |", "|---" * 4 + "|"]
    for checkout, found in figures.items():
        cells = [f"{found[part]:.3f} / {found[part] / first[part]:.2f}" for part in PARTS]
        lines.append(f"| {checkout} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure each checkout and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="synthetic releases (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--checkout", dest="checkouts", type=Path, action="append",
        help="a checkout of the repository to measure (repeat; `.` is this one, the default)",
    )  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the checkouts (default 3)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.rounds < 1:
        parser.error("--n and --rounds must be at least 1")
    checkouts = args.checkouts or [Path(".")]
    missing = [str(path) for path in checkouts if not (path / "indexer").is_dir()]
    if missing:
        parser.error(f"--checkout: no indexer/ package in {', '.join(missing)}")
    print(table(compare(checkouts, args.n, args.seed, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
