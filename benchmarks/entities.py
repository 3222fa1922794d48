"""Measure the person and organisation extractors on a Swedish NER corpus.

Run ``python -m benchmarks.entities [--corpus PATH] [--limit N] [--errors K]``.
The default corpus is the training part of klintan/swedish-ner-corpus (Språkbanken's
Webbnyheter 2012, CC-BY-4.0), expected at ``../shared/ner/swedish-ner-train.txt``
beside the repository; it is never copied into the project. It is the development set of the
rules and word lists of ``indexer.enrich``: the figures are in-sample, not held out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import SHARED
from indexer.enrich import extract_organisations, extract_persons

#: Where the corpus is expected: ``../shared/ner/`` relative to the repository root.
DEFAULT_CORPUS = SHARED / "ner" / "swedish-ner-train.txt"
#: The attribution the corpus licence asks for.
CREDIT = (
    "Corpus: klintan/swedish-ner-corpus (Swedish manually annotated NER, text from "
    "Språkbanken's Webbnyheter 2012), CC-BY-4.0."
)
#: What the figures are: the extractors' rules were developed while reading this corpus's errors.
IN_SAMPLE = "In-sample: the corpus is the development set of the extractors, not held-out data."
#: The entity labels measured, each with the extractor whose spans it is compared with.
EXTRACTORS: dict[str, Callable[[str], Iterable[tuple[tuple[int, int], ...]]]] = {
    "PER": lambda text: (person.spans for person in extract_persons(text)),
    "ORG": lambda text: (organisation.spans for organisation in extract_organisations(text)),
}
#: Tokens written without a space before them, and tokens written without one after them.
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}”»%")
_NO_SPACE_AFTER = frozenset("([{“«")

Span = tuple[int, int]


@dataclass(frozen=True)
class Sentence:
    """One corpus sentence as running text, with its gold entity spans by label."""

    text: str
    entities: dict[str, frozenset[Span]]


@dataclass
class Counts:
    """Matches between predicted and gold spans: precision, recall and F1 follow from them."""

    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0

    def add(self, other: Counts) -> None:
        """Add the counts of ``other`` to these."""
        self.predicted += other.predicted
        self.predicted_matched += other.predicted_matched
        self.gold += other.gold
        self.gold_matched += other.gold_matched

    @property
    def precision(self) -> float:
        """The share of predicted spans that match a gold span."""
        return self.predicted_matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """The share of gold spans that a predicted span matches."""
        return self.gold_matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def score(gold: Iterable[Span], predicted: Iterable[Span], *, overlap: bool = False) -> Counts:
    """Count how many predicted and gold spans match: exactly, or by sharing a character."""
    gold, predicted = set(gold), set(predicted)
    if not overlap:
        hits = len(gold & predicted)
        return Counts(len(predicted), hits, len(gold), hits)
    return Counts(
        len(predicted),
        sum(_overlaps(span, gold) for span in predicted),
        len(gold),
        sum(_overlaps(span, predicted) for span in gold),
    )


def detokenize(tokens: list[str]) -> tuple[str, list[Span]]:
    """The tokens as running text (no space before ``,`` or after ``(``) and each token's span."""
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    for n, token in enumerate(tokens):
        if n and token not in _NO_SPACE_BEFORE and tokens[n - 1] not in _NO_SPACE_AFTER:
            parts.append(" ")
            length += 1
        spans.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
    return "".join(parts), spans


def _sentence(rows: list[tuple[str, str]]) -> Sentence:
    """A sentence from its (token, tag) rows; a run of one tag is one entity."""
    text, spans = detokenize([token for token, _ in rows])
    entities: dict[str, set[Span]] = {label: set() for label in EXTRACTORS}
    start = 0
    for n, (_, tag) in enumerate(rows):
        if n + 1 < len(rows) and rows[n + 1][1] == tag:
            continue
        if tag in entities:
            entities[tag].add((spans[start][0], spans[n][1]))
        start = n + 1
    return Sentence(text, {label: frozenset(found) for label, found in entities.items()})


def read_corpus(path: Path, limit: int | None = None) -> Iterator[Sentence]:
    """The sentences of a corpus file: one ``token tag`` per line, blank lines between sentences."""
    rows: list[tuple[str, str]] = []
    count = 0
    with path.open(encoding="utf-8") as lines:
        for line in (*lines, ""):
            fields = line.split()
            if fields:
                rows.append((fields[0], fields[-1]))
                continue
            if rows:
                yield _sentence(rows)
                rows, count = [], count + 1
                if count == limit:
                    return


@dataclass
class Report:
    """Counts per label, exact and overlapping, and the sentences with an error."""

    exact: dict[str, Counts] = field(default_factory=lambda: {label: Counts() for label in EXTRACTORS})
    overlap: dict[str, Counts] = field(default_factory=lambda: {label: Counts() for label in EXTRACTORS})
    errors: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)


def _quote(text: str, spans: Iterable[Span]) -> list[str]:
    return [text[start:end] for start, end in sorted(spans)]


def evaluate(sentences: Iterable[Sentence]) -> Report:
    """Run the extractors over every sentence and count their matches with the gold spans."""
    report = Report()
    for sentence in sentences:
        for label, extract in EXTRACTORS.items():
            predicted = {span for spans in extract(sentence.text) for span in spans}
            gold = sentence.entities[label]
            report.exact[label].add(score(gold, predicted))
            report.overlap[label].add(score(gold, predicted, overlap=True))
            if predicted != gold:
                missed, spurious = _quote(sentence.text, gold - predicted), _quote(sentence.text, predicted - gold)
                report.errors.append((label, sentence.text, missed, spurious))
    return report


def format_report(report: Report, errors: int = 0) -> str:
    """The report as a table of precision, recall and F1, then up to ``errors`` example errors."""
    lines = [CREDIT, IN_SAMPLE, "", f"{'':4} {'match':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'found':>6}"]
    for label in EXTRACTORS:
        for kind, counts in (("exact", report.exact[label]), ("overlap", report.overlap[label])):
            lines.append(
                f"{label:4} {kind:8} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f}"
                f" {counts.gold:6} {counts.predicted:6}"
            )
    for label, text, missed, spurious in report.errors[:errors]:
        lines += ["", f"{label}: {text}", f"  missed:   {missed}", f"  spurious: {spurious}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Evaluate on the corpus and print the table; 2 when the corpus file is missing."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.entities", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the NER corpus file")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--errors", type=int, default=0, metavar="K", help="show K example errors")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"Korpusen saknas: {args.corpus} (ange en annan med --corpus).", file=sys.stderr)
        return 2
    print(format_report(evaluate(read_corpus(args.corpus, args.limit)), args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
