"""Measure ``update`` after one changed file against a full ``rebuild`` on a synthetic corpus.

The corpus is the shipped releases written out again and again as text files,
each with its own title, date and a sentence of its own, so that no two are the
same release. Besides the times it reports the disk the update wrote: the bytes
of the files of the new generation that are not hard links shared with the
previous one. Run it on a scratch directory::

    python -m benchmarks.update /tmp/pressarkiv-bench --releases 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import time
from pathlib import Path

from benchmarks import SHIPPED_RELEASES
from indexer.config import DEFAULT_TOPICS, resolve
from indexer.index.build import rebuild, update
from indexer.index.generations import current_generation
from indexer.ingest.textformat import normalise


def make_corpus(data_dir: Path, count: int, seed: int = 1) -> None:
    """Write ``count`` distinct text releases made from the shipped ones into ``data_dir``."""
    rng = random.Random(seed)
    seeds = sorted(SHIPPED_RELEASES.glob("*.txt"))
    bodies = [normalise(path.read_text(encoding="utf-8")) for path in seeds]
    words = sorted({word for body in bodies for word in body.split() if word.isalpha() and len(word) > 4})
    data_dir.mkdir(parents=True)
    for n in range(count):
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(4000))
        sentence = " ".join(rng.sample(words, 12)).capitalize()
        title = f"Pressmeddelande {n}: {' '.join(rng.sample(words, 5))}"
        text = f"{title}\n\nPublicerad {day}\n\n{sentence}.\n\n"
        (data_dir / f"r{n:05d}.txt").write_text(text + bodies[n % len(bodies)], encoding="utf-8")


def written(generation: Path) -> tuple[int, int, int]:
    """Bytes of the files in ``generation`` that no other generation shares (written for it),
    bytes of all its files, and how many of them are shared hard links."""
    files = [path.stat() for path in generation.iterdir() if path.is_file()]
    own = sum(info.st_size for info in files if info.st_nlink == 1)
    return own, sum(info.st_size for info in files), sum(info.st_nlink > 1 for info in files)


def main() -> None:
    """Build the corpus, rebuild, change one file, update; print both times."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workdir", type=Path, help="scratch directory (emptied first)")
    parser.add_argument("--releases", type=int, default=10_000)
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    make_corpus(args.workdir / "data", args.releases)
    settings = resolve(args.workdir / "data", args.workdir / "index", DEFAULT_TOPICS)
    print(f"rebuild: {rebuild(settings).summary()}")
    changed = args.workdir / "data" / "r00042.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nEn mening om elbussar.\n", encoding="utf-8")
    started = time.perf_counter()
    report = update(settings)
    print(f"update (1 ändrad fil): {report.summary()} [{time.perf_counter() - started:.2f} s]")
    generation = current_generation(settings.index_dir)
    assert generation is not None
    own, total, linked = written(generation)
    print(f"update wrote {own / 1e6:.2f} MB of the new generation's {total / 1e6:.2f} MB "
          f"({linked} files hard-linked from the previous one)")  # fmt: skip


if __name__ == "__main__":
    main()
