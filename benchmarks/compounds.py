"""Measure the compound splitter on the judged list: accuracy, policies, speed, cache cost.

Run ``python -m benchmarks.compounds [-v]``; it builds its own cache in a temporary
directory, so the user's cache is neither used nor written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from spylls.hunspell import Dictionary

from benchmarks import REPOSITORY
from indexer.language import compounds, hunspell
from indexer.language.lexicon import normalise

#: The hand-judged list: ``word<TAB>parts joined by +``; ``#`` starts a comment line.
JUDGED_LIST = REPOSITORY / "tests" / "fixtures" / "compounds.tsv"
#: The hand-judged parts of parts: ``word<TAB>words that find it<TAB>words that must not``.
JUDGED_PARTS = REPOSITORY / "tests" / "fixtures" / "compound_parts.tsv"

Splitter = Callable[[str], Sequence[str]]
Judged = list[tuple[str, list[str]]]


class Scores(NamedTuple):
    """Share of words split exactly as judged, and share of non-compounds split at all."""

    exact: float
    false_split: float
    misses: list[str]


def load_judged(path: Path = JUDGED_LIST) -> Judged:
    """The judged words with their expected parts."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, parts = line.split("\t")
            rows.append((word, parts.split("+")))
    return rows


class JudgedParts(NamedTuple):
    """A compound, the words a search must find it by, and the words it must not be found by."""

    word: str
    found_by: list[str]
    not_found_by: list[str]


def load_judged_parts(path: Path = JUDGED_PARTS) -> list[JudgedParts]:
    """The judged parts of parts."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, found_by, not_found_by = line.split("\t")
            rows.append(JudgedParts(word, found_by.split(), not_found_by.split()))
    return rows


def parts_misses(rows: list[JudgedParts]) -> list[str]:
    """The judged compounds whose indexed parts' terms miss a word that must find them, or hold
    one that must not, each with what went wrong."""
    misses = []
    for row in rows:
        terms = {normalise(part) for part in compounds.compound_parts(row.word)}
        missing = [word for word in row.found_by if normalise(word) not in terms]
        wrong = [word for word in row.not_found_by if normalise(word) in terms]
        if missing or wrong:
            misses.append(f"{row.word}: not found by {missing}, found by {wrong}")
    return misses


def score(rows: Judged, split: Splitter) -> Scores:
    """Exact-split and false-split rates of ``split`` on ``rows``, with the misses."""
    misses = []
    false_splits = 0
    for word, expected in rows:
        got = list(split(word))
        if got != expected:
            misses.append(f"{word}: {'+'.join(got)} (judged {'+'.join(expected)})")
        false_splits += len(expected) == 1 and len(got) > 1
    simple = sum(len(expected) == 1 for _, expected in rows)
    return Scores(1 - len(misses) / len(rows), false_splits / simple, misses)


def words_per_second(split: Splitter, words: list[str], repeat: int) -> float:
    """Calls of ``split`` per second over ``words`` repeated ``repeat`` times."""
    start = time.perf_counter()
    for _ in range(repeat):
        for word in words:
            split(word)
    return repeat * len(words) / (time.perf_counter() - start)


def keep_dictionary_words(dictionary: Dictionary) -> Splitter:
    """The other policy: leave a word whole when Hunspell knows it without compounding."""

    def split(word: str) -> list[str]:
        known = any(dictionary.lookuper.good_forms(word, compound_forms=False))
        return [word] if known else compounds.decompound(word)

    return split


@contextlib.contextmanager
def min_part(length: int) -> Iterator[None]:
    """Temporarily split with another minimum part length."""
    saved = compounds.MIN_PART
    compounds.MIN_PART = length
    compounds._parts.cache_clear()
    try:
        yield
    finally:
        compounds.MIN_PART = saved
        compounds._parts.cache_clear()


def report(rows: Judged, verbose: bool) -> None:
    """Print every figure, building a fresh cache first."""
    start = time.perf_counter()
    cache = compounds.build_cache()
    print(f"cache: built in {time.perf_counter() - start:.1f} s, {cache.stat().st_size:,} bytes")
    start = time.perf_counter()
    compounds.load_forms(cache)
    print(f"cache: loaded in {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    compounds._store()
    made = time.perf_counter() - start
    compounds._store.cache_clear()
    start = time.perf_counter()
    compounds._store()
    size = compounds.trie_path().stat().st_size + compounds.table_path().stat().st_size
    print(f"store: made in {made:.1f} s, {size:,} bytes, mapped in {(time.perf_counter() - start) * 1000:.1f} ms")
    chosen = score(rows, compounds.decompound)
    compound_count = sum(len(parts) > 1 for _, parts in rows)
    print(f"judged: {len(rows)} words, {compound_count} compounds")
    print(f"chosen: exact {chosen.exact:.3f}, false splits {chosen.false_split:.3f}")
    for length in (2, 4):
        with min_part(length):
            other = score(rows, compounds.decompound)
        print(f"min part {length}: exact {other.exact:.3f}, false splits {other.false_split:.3f}")
    dictionary = Dictionary.from_files(str(hunspell.dictionary_path()))
    keep = score(rows, keep_dictionary_words(dictionary))
    print(f"keep dictionary words: exact {keep.exact:.3f}, false splits {keep.false_split:.3f}")
    parts = load_judged_parts()
    wrong_parts = parts_misses(parts)
    print(f"parts of parts: {len(parts) - len(wrong_parts)} of {len(parts)} judged compounds right")
    words = [word for word, _ in rows]
    cached = words_per_second(compounds.decompound, words, 300)
    uncached = words_per_second(compounds._parts.__wrapped__, words, 10)
    print(f"speed: {cached:,.0f} words/s cached, {uncached:,.0f} words/s uncached")
    if verbose:
        print("\n".join(chosen.misses + wrong_parts))


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``-v`` also lists the words not split as judged."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        os.environ[compounds.CACHE_ENV] = directory
        report(load_judged(), arguments.verbose)


if __name__ == "__main__":
    main()
