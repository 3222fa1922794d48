"""Measure persons, organisations and topics against the labelled fictional releases.

Run ``python -m benchmarks.labelled [--errors]``. Each release in
``tests/relevance/releases/`` that ``tests/labelled/labels.toml`` labels is read
with the real ingestion and run through ``extract_persons``,
``extract_organisations`` and the taxonomy's ``match``; the table gives
micro-averaged precision, recall and F1 per metric, ``--errors`` what was
missed and what was found wrongly in each release.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from benchmarks import REPOSITORY
from indexer.config import DEFAULT_TOPICS
from indexer.enrich import extract_organisations, extract_persons
from indexer.enrich.topics import Taxonomy
from indexer.ingest.corpus import read_release
from indexer.release import Release

#: The labels, the releases they judge and the taxonomy whose labels they use.
DEFAULT_LABELS = REPOSITORY / "tests" / "labelled" / "labels.toml"
DEFAULT_RELEASES = REPOSITORY / "tests" / "relevance" / "releases"
DEFAULT_TAXONOMY = DEFAULT_TOPICS
#: The metrics, in table order.
METRICS = ("persons", "person+role exact", "person+role lenient", "organisations", "topics")

Role = tuple[str, str | None]
Item = str | Role
T = TypeVar("T", str, Role)


class LabelError(ValueError):
    """A labels file that cannot be used; the message names the release and the fix."""


@dataclass(frozen=True)
class Entities:
    """The persons (name and role), organisations and topics of one release."""

    persons: tuple[Role, ...]
    organisations: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    """Counts of true positives, false positives and false negatives, and what follows from them."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    @property
    def precision(self) -> float:
        """The share of found items that were expected."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        """The share of expected items that were found."""
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Comparison:
    """The expected and the found items of one metric in one release."""

    expected: frozenset[Item]
    found: frozenset[Item]

    @property
    def missed(self) -> list[Item]:
        """Expected but not found: the false negatives."""
        return sorted(self.expected - self.found, key=str)

    @property
    def spurious(self) -> list[Item]:
        """Found but not expected: the false positives."""
        return sorted(self.found - self.expected, key=str)

    @property
    def score(self) -> Score:
        """The counts of this comparison."""
        hits = len(self.expected & self.found)
        return Score(hits, len(self.found) - hits, len(self.expected) - hits)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise LabelError(f'{where}: skriv en lista med namn, till exempel ["Exempelkommun"]')
    return tuple(value)


def _person(value: Any, where: str) -> Role:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or set(value) - {"name", "role"}:
        raise LabelError(f'{where}: skriv varje person som {{ name = "Förnamn Efternamn", role = "…" }}')
    role = value.get("role")
    if role is not None and not isinstance(role, str):
        raise LabelError(f"{where}: role för {value['name']!r} ska vara en sträng")
    return value["name"], role


def _entities(entry: Any, where: str) -> Entities:
    """One release's table of labels, checked field by field."""
    fields = ("persons", "organisations", "topics")
    if not isinstance(entry, dict) or set(entry) != set(fields):
        raise LabelError(f"{where}: ange exakt fälten {', '.join(fields)} (en tom lista om inget finns)")
    if not isinstance(entry["persons"], list):
        raise LabelError(f"{where}: persons ska vara en lista")
    return Entities(
        tuple(_person(person, f"{where}.persons") for person in entry["persons"]),
        _strings(entry["organisations"], f"{where}.organisations"),
        _strings(entry["topics"], f"{where}.topics"),
    )


def load_labels(path: Path = DEFAULT_LABELS) -> dict[str, Entities]:
    """The expected entities by release id; raises :class:`LabelError` saying what to fix where."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LabelError(f"{path}: kan inte läsas som TOML ({error})") from error
    return {release_id: _entities(entry, f"{path}: [{release_id}]") for release_id, entry in data.items()}


def extract(release: Release, taxonomy: Taxonomy) -> Entities:
    """What the extractors find in a release, read as the index reads it."""
    return Entities(
        tuple((person.name, person.role) for person in extract_persons(release.text)),
        tuple(organisation.name for organisation in extract_organisations(release.text)),
        tuple(match.label for match in taxonomy.match(release.title, release.text)),
    )


def roles_match(expected: str | None, found: str | None, *, lenient: bool = False) -> bool:
    """Whether two roles are the same: exactly, or (lenient) when one contains the other, ignoring case."""
    if expected is None or found is None:
        return expected == found
    if not lenient:
        return expected == found
    expected, found = expected.casefold(), found.casefold()
    return expected in found or found in expected


def _aligned(expected: Iterable[T], found: Iterable[T], same: Callable[[T, T], bool]) -> frozenset[T]:
    """The found items, each replaced by the expected item it matches, so that sets compare them."""
    candidates = list(expected)
    return frozenset(next((e for e in candidates if same(e, f)), f) for f in found)


def _same_person(lenient: bool) -> Callable[[Role, Role], bool]:
    return lambda e, f: e[0] == f[0] and roles_match(e[1], f[1], lenient=lenient)


def compare(expected: Entities, found: Entities) -> dict[str, Comparison]:
    """The comparison of every metric for one release."""

    def by(items: Callable[[Entities], Iterable[T]], same: Callable[[T, T], bool]) -> Comparison:
        return Comparison(frozenset(items(expected)), _aligned(items(expected), items(found), same))

    return {
        "persons": by(lambda e: (name for name, _ in e.persons), str.__eq__),
        "person+role exact": by(lambda e: e.persons, _same_person(lenient=False)),
        "person+role lenient": by(lambda e: e.persons, _same_person(lenient=True)),
        "organisations": by(lambda e: e.organisations, lambda a, b: a.casefold() == b.casefold()),
        "topics": by(lambda e: e.topics, str.__eq__),
    }


def compare_releases(
    labels: Mapping[str, Entities],
    releases: Path = DEFAULT_RELEASES,
    taxonomy: Taxonomy | None = None,
) -> dict[str, dict[str, Comparison]]:
    """The comparisons of every labelled release, by release id; a missing release raises LabelError."""
    taxonomy = taxonomy or Taxonomy.load(DEFAULT_TAXONOMY)
    results = {}
    for release_id, expected in labels.items():
        path = releases / f"{release_id}.txt"
        if not path.is_file():
            raise LabelError(f"[{release_id}]: {path} finns inte; rätta id:t eller ta bort etiketterna")
        results[release_id] = compare(expected, extract(read_release(path, releases), taxonomy))
    return results


def totals(results: Mapping[str, Mapping[str, Comparison]]) -> dict[str, Score]:
    """The micro-averaged score of every metric: the counts summed over releases."""
    return {metric: sum((r[metric].score for r in results.values()), Score()) for metric in METRICS}


def evaluate(
    labels: Path = DEFAULT_LABELS, releases: Path = DEFAULT_RELEASES, taxonomy: Path = DEFAULT_TAXONOMY
) -> dict[str, Score]:
    """Score the extractors on the labelled releases: one micro-averaged :class:`Score` per metric."""
    return totals(compare_releases(load_labels(labels), releases, Taxonomy.load(taxonomy)))


def _show(item: Item) -> str:
    if isinstance(item, str):
        return item
    name, role = item
    return f"{name} ({role})" if role else name


def format_table(scores: Mapping[str, Score], releases: int) -> str:
    """The scores as a table of precision, recall, F1 and counts."""
    lines = [
        f"{releases} labelled releases",
        f"{'metric':20} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}",
    ]
    for metric, s in scores.items():
        lines.append(
            f"{metric:20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
            f" {s.true_positives:5} {s.false_positives:5} {s.false_negatives:5}"
        )
    return "\n".join(lines)


def format_errors(results: Mapping[str, Mapping[str, Comparison]]) -> str:
    """The false negatives (``-``) and false positives (``+``) of each release, metric by metric."""
    lines = []
    for release_id, comparisons in results.items():
        wrong = {metric: c for metric, c in comparisons.items() if c.missed or c.spurious}
        if not wrong:
            continue
        lines.append(f"\n{release_id}")
        for metric, c in wrong.items():
            lines += [f"  {metric}: - {_show(item)}" for item in c.missed]
            lines += [f"  {metric}: + {_show(item)}" for item in c.spurious]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table, and the errors with ``--errors``; 2 when the labels cannot be used."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.labelled", description=__doc__)
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="the labels file")
    parser.add_argument("--releases", type=Path, default=DEFAULT_RELEASES, help="the releases they judge")
    parser.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY, help="the topic taxonomy")
    parser.add_argument("--errors", action="store_true", help="list what was missed and found wrongly")
    args = parser.parse_args(argv)
    try:
        results = compare_releases(load_labels(args.labels), args.releases, Taxonomy.load(args.taxonomy))
    except ValueError as error:  # LabelError, TaxonomyError
        print(error, file=sys.stderr)
        return 2
    print(format_table(totals(results), len(results)))
    if args.errors:
        print(format_errors(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
