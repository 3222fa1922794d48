"""How well the lexicon conflates Swedish word forms, against Snowball alone.

``python -m benchmarks.lexicon --evaluate [-v]`` scores both on a judged list of
word forms grouped by word (``tests/fixtures/lexicon.tsv``): conflation recall (forms of
one word that share a term) and over-merging (different words that do);
``--build`` prebuilds the lexicon's cache file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

from benchmarks import REPOSITORY
from indexer.language.lexicon import build_cache, normalise
from indexer.language.snowball import stem

#: Word forms grouped by word: ``form<TAB>group``; ``#`` starts a comment line.
JUDGED_LIST = REPOSITORY / "tests" / "fixtures" / "lexicon.tsv"


class Scores(NamedTuple):
    """Conflation recall and over-merge rate on the judged list, with the pairs missed."""

    recall: float
    over_merge: float
    apart: list[tuple[str, str]]
    merged: list[tuple[str, str]]


def load_judged(path: Path = JUDGED_LIST) -> dict[str, str]:
    """The judged forms with their lemma labels."""
    judged = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, label = line.split("\t")
            judged[form] = label
    return judged


def evaluate(judged: dict[str, str], term: Callable[[str], str]) -> Scores:
    """Share of same-lemma pairs with one term, and of look-alike other pairs with one term.

    Look-alike pairs are forms of different lemmas that begin with the same four letters
    (or with all of the shorter form): the pairs a stemmer may wrongly merge.
    """
    apart, merged, same, alike = [], [], 0, 0
    for first, second in combinations(sorted(judged), 2):
        together = term(first) == term(second)
        if judged[first] == judged[second]:
            same += 1
            if not together:
                apart.append((first, second))
        elif _look_alike(first, second):
            alike += 1
            if together:
                merged.append((first, second))
    return Scores(1 - len(apart) / same, len(merged) / alike, apart, merged)


def _look_alike(first: str, second: str) -> bool:
    """Whether two forms begin with the same four letters, or all of the shorter one."""
    length = min(4, len(first), len(second))
    return first[:length] == second[:length]


def main(argv: list[str] | None = None) -> None:
    """Prebuild the cache, or score Snowball and the lexicon on the judged list."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lexicon", description=main.__doc__)
    parser.add_argument("--build", action="store_true", help="(re)build the cache file")
    parser.add_argument("--evaluate", action="store_true", help="score on the judged list")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the pairs missed")
    args = parser.parse_args(argv)
    if not (args.build or args.evaluate):
        parser.print_help()
    if args.build:
        start = time.perf_counter()
        path = build_cache()
        seconds = time.perf_counter() - start
        print(f"built {path} ({os.path.getsize(path) / 1e6:.1f} MB) in {seconds:.1f} s")
    if args.evaluate:
        judged = load_judged()
        for label, term in [("snowball", stem), ("lexicon", normalise)]:
            _report(label, evaluate(judged, term), verbose=args.verbose)


def _report(label: str, scores: Scores, *, verbose: bool) -> None:
    """Print one line of scores, and with ``verbose`` the pairs missed."""
    print(f"{label:9} recall {scores.recall:.3f}  over-merge {scores.over_merge:.3f}")
    if verbose:
        print("  apart: ", ", ".join("/".join(pair) for pair in scores.apart))
        print("  merged:", ", ".join("/".join(pair) for pair in scores.merged))


if __name__ == "__main__":
    main(sys.argv[1:])
