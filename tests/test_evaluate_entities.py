"""The measuring command: scoring on a tiny fictional example, and the levels reached on the corpus."""

from __future__ import annotations

import pytest

from benchmarks.entities import DEFAULT_CORPUS, evaluate, format_report, main, read_corpus, score

#: The levels reached on the whole corpus (exact span match): the issue's PER target (F1 0.88,
#: precision 0.90) and its ORG target (F1 0.70). In-sample: the corpus is the development set.
#: Measured: PER P 0.943 R 0.832 F1 0.884; ORG P 0.791 R 0.635 F1 0.704 (0.556 before the
#: gazetteer of general knowledge, the endings of bodies and teams named by their town).
MIN_PER_F1, MIN_PER_PRECISION = 0.88, 0.93
MIN_ORG_F1, MIN_ORG_PRECISION = 0.70, 0.78

needs_corpus = pytest.mark.skipif(
    not DEFAULT_CORPUS.is_file(), reason=f"the NER corpus is not at {DEFAULT_CORPUS} (../shared/ner/)"
)


def test_exact_and_overlap_matches_are_counted_apart() -> None:
    # "Greta Exempelsson talade med Nils Påhittad och Testberg."
    gold = {(0, 17), (29, 42), (47, 55)}
    predicted = {(0, 17), (29, 33), (60, 62)}  # exact, overlapping, wrong
    exact = score(gold, predicted)
    assert (exact.predicted, exact.predicted_matched, exact.gold, exact.gold_matched) == (3, 1, 3, 1)
    overlap = score(gold, predicted, overlap=True)
    assert (overlap.predicted, overlap.predicted_matched, overlap.gold, overlap.gold_matched) == (3, 2, 3, 2)
    assert overlap.precision == overlap.recall == pytest.approx(2 / 3)
    assert overlap.f1 == pytest.approx(2 / 3)


def test_nothing_found_scores_zero_without_dividing_by_zero() -> None:
    empty = score(set(), set())
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)


def test_corpus_sentences_become_text_with_gold_spans(tmp_path) -> None:
    corpus = tmp_path / "fiktiv.txt"
    corpus.write_text(
        "Greta\tPER\nExempelsson\tPER\n,\t0\nchef\t0\npå\t0\nExempelverket\tORG\n.\t0\n\n"
        "Nils\tPER\nPåhittsson\tPER\nlog\t0\n.\t0\n",
        encoding="utf-8",
    )
    first, second = read_corpus(corpus)
    assert first.text == "Greta Exempelsson, chef på Exempelverket."
    assert first.entities == {"PER": {(0, 17)}, "ORG": {(27, 40)}}
    assert second.text == "Nils Påhittsson log."
    report = evaluate([first, second])
    assert report.exact["PER"].f1 == 1.0 and report.exact["ORG"].f1 == 1.0
    assert "klintan/swedish-ner-corpus" in format_report(report)


def test_a_missing_corpus_exits_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--corpus", str(tmp_path / "saknas.txt")]) == 2
    assert "saknas" in capsys.readouterr().err


@needs_corpus
def test_levels_reached_on_the_whole_corpus() -> None:
    report = evaluate(read_corpus(DEFAULT_CORPUS))
    persons, organisations = report.exact["PER"], report.exact["ORG"]
    assert persons.f1 >= MIN_PER_F1 and persons.precision >= MIN_PER_PRECISION
    assert organisations.f1 >= MIN_ORG_F1 and organisations.precision >= MIN_ORG_PRECISION
    assert report.overlap["PER"].f1 >= persons.f1
