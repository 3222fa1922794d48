"""Measure how well search finds what people mean: recall@10 and nDCG@10 per analyzer.

Every configuration in :data:`CONFIGURATIONS` gets its own index of the fictional
corpus in ``tests/relevance/releases``, built in a temporary directory; each judged
query of ``tests/relevance/queries.toml`` is run through the public search API and
scored against the releases a person judged relevant. Run
``python -m benchmarks.relevance [--json FILE] [--per-query]``.

Recall@10 is the share of a query's relevant releases among its first ten hits.
nDCG@10 uses the graded judgments (2 = highly, 1 = partly relevant) with the
exponential gain ``2**grade - 1`` and the discount ``log2(rank + 1)``, divided by
the DCG of the ideal ranking of all judged releases. A query judged to have no
relevant release (``none = true``: a correct word the corpus lacks) scores 1 on both
when the first page is empty and 0 when it shows anything. Both are averaged over
queries, and over the queries of each kind (``kind`` in the judgments: word, phrase,
compound, partial, misspelling, lacking).
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh.analysis import Analyzer, LowercaseFilter, StandardAnalyzer, StopFilter

from benchmarks import REPOSITORY
from indexer.config import DEFAULT_TOPICS, resolve
from indexer.index.analysis import (
    STOP_WORDS,
    DecompoundFilter,
    SwedishStemFilter,
    SwedishTokenizer,
    swedish_analyzer,
)  # fmt: skip
from indexer.index.build import BuildReport, rebuild
from indexer.ingest.corpus import release_files
from indexer.search.searching import open_index

#: The judged corpus and queries (all fictional).
RELEVANCE_DIR = REPOSITORY / "tests" / "relevance"
CORPUS_DIR = RELEVANCE_DIR / "releases"
JUDGMENTS_FILE = RELEVANCE_DIR / "queries.toml"

#: How many hits count: the first page of results.
CUTOFF = 10

#: Grades in the judgments file: the key of each list and the grade it gives.
GRADES = {"highly": 2, "partly": 1}
#: The kinds of query, in the order the table lists them; a query without ``kind`` is a word query.
KINDS = ("word", "phrase", "compound", "partial", "misspelling", "lacking")


def snowball_analyzer() -> Analyzer:
    """Tokenizer, lowercase, Snowball Swedish stop words and stemmer: the fixed baseline."""
    return _swedish_base() | SwedishStemFilter()


def compounds_analyzer() -> Analyzer:
    """The Snowball baseline with compound splitting: what decompounding alone gains."""
    return _swedish_base() | DecompoundFilter() | SwedishStemFilter()


def _swedish_base() -> Analyzer:
    return SwedishTokenizer() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1)


#: Analyzer configurations to compare, in order: name → factory. A new step is one line.
#: ``pressarkiv`` is the full analysis: compounds and the lexicon in front of Snowball.
CONFIGURATIONS: dict[str, Callable[[], Analyzer]] = {
    "whoosh-default": StandardAnalyzer,
    "snowball": snowball_analyzer,
    "snowball+compounds": compounds_analyzer,
    "pressarkiv": swedish_analyzer,
}


@dataclass(frozen=True)
class Judgment:
    """One query, its kind and the grade of each release judged relevant to it (none: no hit is right)."""

    query: str
    grades: dict[str, int]
    kind: str = "word"


@dataclass(frozen=True)
class QueryScore:
    """How one query fared: its scores, hit count and the relevant releases it missed."""

    query: str
    recall: float
    ndcg: float
    total: int
    missed: list[str]
    kind: str = "word"


@dataclass(frozen=True)
class Scores:
    """One configuration's scores averaged over queries, and the zero-hit query count."""

    config: str
    recall: float
    ndcg: float
    zero_hits: int
    queries: list[QueryScore] = field(repr=False)

    def of_kind(self, kind: str) -> tuple[float, float, int]:
        """Recall@10 and nDCG@10 averaged over the queries of one kind, and how many there are."""
        chosen = [q for q in self.queries if q.kind == kind]
        if not chosen:
            return 0.0, 0.0, 0
        count = len(chosen)
        return sum(q.recall for q in chosen) / count, sum(q.ndcg for q in chosen) / count, count


def load_judgments(path: Path = JUDGMENTS_FILE) -> list[Judgment]:
    """The judged queries of ``path``, in file order; ValueError for an unusable entry."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [_judgment(entry) for entry in data["query"]]


def _judgment(entry: dict[str, Any]) -> Judgment:
    graded = [(rid, grade) for key, grade in GRADES.items() for rid in entry.get(key, [])]
    grades = dict(graded)
    if bool(grades) == bool(entry.get("none")) or len(grades) < len(graded):
        raise ValueError(f"{entry['query']!r}: needs relevant releases, each listed once, or none = true")
    kind = entry.get("kind", "word")
    if kind not in KINDS:
        raise ValueError(f"{entry['query']!r}: kind {kind!r} is none of {', '.join(KINDS)}")
    return Judgment(entry["query"], grades, kind)


def recall_at(ranking: Sequence[str], grades: dict[str, int], k: int = CUTOFF) -> float:
    """Share of the relevant releases found among the first ``k`` of ``ranking``."""
    return len(set(ranking[:k]) & grades.keys()) / len(grades)


def ndcg_at(ranking: Sequence[str], grades: dict[str, int], k: int = CUTOFF) -> float:
    """Normalised discounted cumulative gain of the first ``k`` of ``ranking``."""
    ideal = _dcg(sorted(grades.values(), reverse=True)[:k])
    return _dcg([grades.get(rid, 0) for rid in ranking[:k]]) / ideal


def _dcg(grades: Sequence[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1))


def build(config_name: str, index_dir: Path) -> BuildReport:
    """Build an index of the judged corpus into ``index_dir`` with one configuration's analyzer."""
    settings = resolve(data_dir=CORPUS_DIR, index_dir=index_dir, topics_file=DEFAULT_TOPICS)
    return rebuild(settings, analyzer=CONFIGURATIONS[config_name]())


def score_query(judgment: Judgment, ranking: Sequence[str], total: int) -> QueryScore:
    """Score one query's ranked release ids (``total``: how many releases matched)."""
    if not judgment.grades:  # no hit is the right answer
        right = float(not ranking[:CUTOFF])
        return QueryScore(judgment.query, right, right, total, [], judgment.kind)
    return QueryScore(
        query=judgment.query,
        recall=recall_at(ranking, judgment.grades),
        ndcg=ndcg_at(ranking, judgment.grades),
        total=total,
        missed=sorted(judgment.grades.keys() - set(ranking[:CUTOFF])),
        kind=judgment.kind,
    )


def score(config_name: str, index_dir: Path, judgments: Sequence[Judgment]) -> Scores:
    """Run every judged query against the index in ``index_dir`` and score the first page."""
    with open_index(index_dir) as index:
        queries = []
        for judgment in judgments:
            results = index.search(judgment.query, per_page=CUTOFF)
            queries.append(score_query(judgment, [hit.id for hit in results.hits], results.total))
    return Scores(
        config=config_name,
        recall=sum(q.recall for q in queries) / len(queries),
        ndcg=sum(q.ndcg for q in queries) / len(queries),
        zero_hits=sum(q.total == 0 and q.kind != "lacking" for q in queries),
        queries=queries,
    )


def evaluate(config_name: str, judgments: Sequence[Judgment] | None = None) -> Scores:
    """Build a throwaway index with ``config_name``'s analyzer and score the judged queries."""
    with tempfile.TemporaryDirectory(prefix="pressarkiv-relevance-") as tmp:
        index_dir = Path(tmp) / "index"
        build(config_name, index_dir)
        return score(config_name, index_dir, judgments or load_judgments())


def format_table(all_scores: Sequence[Scores]) -> str:
    """The summary table: one line per configuration (zero-hit: queries with relevant releases and no hit)."""
    lines = [f"{'configuration':<20} {'recall@10':>9} {'nDCG@10':>8} {'zero-hit':>8}"]
    lines += [f"{s.config:<20} {s.recall:>9.3f} {s.ndcg:>8.3f} {s.zero_hits:>8}" for s in all_scores]
    return "\n".join(lines)


def format_kinds(all_scores: Sequence[Scores]) -> str:
    """Recall@10 and nDCG@10 per kind of query (rows) under every configuration (columns)."""
    lines = [
        f"{'':<16}" + "".join(f"  {s.config:>17}" for s in all_scores),
        f"{'kind (queries)':<16}" + "  recall@10 nDCG@10" * len(all_scores),
    ]
    for kind in KINDS:
        figures = [s.of_kind(kind) for s in all_scores]
        if figures[0][2]:
            label = f"{kind} ({figures[0][2]})"
            lines.append(f"{label:<16}" + "".join(f"  {r:>9.3f} {n:>7.3f}" for r, n, _ in figures))
    return "\n".join(lines)


def format_per_query(all_scores: Sequence[Scores]) -> str:
    """Recall@10 and nDCG@10 of every query under every configuration, side by side."""
    width = max(len(q.query) for q in all_scores[0].queries)
    lines = [
        " " * width + "".join(f"  {s.config:>17}" for s in all_scores),
        f"{'query':<{width}}" + "  recall@10 nDCG@10" * len(all_scores),
    ]
    for row in zip(*(s.queries for s in all_scores)):
        lines.append(f"{row[0].query:<{width}}" + "".join(f"  {q.recall:>9.2f} {q.ndcg:>7.2f}" for q in row))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate every configuration and print the table (and per-query figures, JSON)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write all figures as JSON")
    parser.add_argument("--per-query", action="store_true", help="print each query's figures")
    args = parser.parse_args(argv)
    judgments = load_judgments()
    all_scores = [evaluate(name, judgments) for name in CONFIGURATIONS]
    print(f"{len(release_files(CORPUS_DIR))} releases, {len(judgments)} judged queries\n")
    print(format_table(all_scores))
    print("\n" + format_kinds(all_scores))
    if args.per_query:
        print("\n" + format_per_query(all_scores))
    if args.json:
        figures = {s.config: asdict(s) for s in all_scores}
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
