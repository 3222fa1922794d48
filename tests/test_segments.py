"""A rebuild in full pipelines: the index one process builds, Whoosh's own postings, the word list."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, FieldType, Schema
from whoosh.formats import Existence

import indexer
from indexer.config import DEFAULT_TOPICS, resolve
from indexer.enrich.annotate import enrich
from indexer.enrich.topics import Taxonomy
from indexer.errors import IndexFormatError
from indexer.index import segments
from indexer.index.analysis import plain_analyzer, swedish_analyzer
from indexer.index.generations import INDEX_FORMAT, META_FILE, current_generation
from indexer.index.schema import SwedishText, build_schema, document
from indexer.index.segments import commit_segments, split
from indexer.index.wordlist import WordList, release_words, write_words
from indexer.index.writer import SegmentBuilder
from indexer.ingest.corpus import Entry, read_entries

from support import CORPUS

TOPICS = DEFAULT_TOPICS
INGEST = Path(__file__).parent / "fixtures" / "ingest"
QUERIES = [
    "",
    "upphandling",
    "klimatkrav",
    "skolmåltider",
    '"offentlig upphandling"',
    "klimat*",
    "kommunen ELLER regionen",
]


def rebuilt(data: Path, index: Path, pipelines: int) -> indexer.BuildReport:
    """A rebuild of ``data`` into ``index`` in ``pipelines`` pipelines (worker processes when more than one)."""
    return indexer.rebuild(resolve(data_dir=data, index_dir=index, topics_file=TOPICS), pipelines=pipelines)


def answers(index_dir: Path, *, scores: bool) -> list[tuple]:
    """Totals, hits in order (with scores, if asked), facet counts and spelling of a fixed query set."""
    with indexer.open_index(index_dir) as index:
        found = []
        for query in [*QUERIES, "upphandlnig", "skolmaltider"]:
            result = index.search(query, per_page=100)
            hits = [(hit.id, hit.score) if scores else hit.id for hit in result.hits]
            facets = {group: [(v.value, v.count) for v in values] for group, values in result.facets.items()}
            found.append((result.total, hits, facets, result.suggestion))
        return found


def test_pipelines_build_the_index_one_process_builds(tmp_path: Path) -> None:
    one = rebuilt(CORPUS, tmp_path / "one", 1)
    three = rebuilt(CORPUS, tmp_path / "three", 3)
    assert one.indexed == three.indexed == len(list(CORPUS.glob("*.txt")))
    with whoosh_index.open_dir(str(current_generation(tmp_path / "three"))).reader() as reader:
        assert len(reader.leaf_readers()) == 3  # one segment per pipeline, in corpus order
    assert answers(tmp_path / "three", scores=True) == answers(tmp_path / "one", scores=True)
    meta = json.loads((current_generation(tmp_path / "three") / META_FILE).read_text(encoding="utf-8"))
    assert meta["format"] == INDEX_FORMAT and meta["writer_mb"] > 0


def test_pipelines_over_their_memory_share_write_more_segments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = rebuilt(CORPUS, tmp_path / "one", 1)
    monkeypatch.setattr(segments, "BUILD_MB", 0.02)  # a few releases' postings per segment
    two = rebuilt(CORPUS, tmp_path / "two", 2)
    assert two.indexed == one.indexed
    with whoosh_index.open_dir(str(current_generation(tmp_path / "two"))).reader() as reader:
        assert len(reader.leaf_readers()) > 2
    assert answers(tmp_path / "two", scores=True) == answers(tmp_path / "one", scores=True)


def test_a_later_pipeline_leaves_out_what_an_earlier_one_took(tmp_path: Path) -> None:
    # The fixtures have copies of the same release in several files: a later part indexes them,
    # and the build deletes those that one pass over the whole corpus refuses.
    one = rebuilt(INGEST, tmp_path / "one", 1)
    four = rebuilt(INGEST, tmp_path / "four", 4)
    assert one.indexed == four.indexed
    assert list(map(str, (*four.skipped, *four.warnings))) == list(map(str, (*one.skipped, *one.warnings)))
    assert any("samma innehåll som" in str(problem) for problem in four.warnings)
    assert answers(tmp_path / "four", scores=False) == answers(tmp_path / "one", scores=False)
    with indexer.open_index(tmp_path / "four") as index:
        assert len(index) == four.indexed


def test_files_are_cut_into_contiguous_parts_of_about_equal_size(tmp_path: Path) -> None:
    files = []
    for number, size in enumerate([5, 1, 1, 1, 1, 1, 4, 2]):
        files.append(tmp_path / f"{number}.txt")
        files[-1].write_bytes(b"x" * size * 100)
    parts = split(files, 2)
    assert [path for part in parts for path in part] == files
    assert [sum(path.stat().st_size for path in part) for part in parts] == [800, 800]
    assert split(files, 1) == [files] and split([], 2) == []


def _documents(data: Path) -> list[dict]:
    taxonomy = Taxonomy.load(TOPICS)
    return [document(enrich(item.release, taxonomy)) for item in read_entries(data) if isinstance(item, Entry)]


def test_the_build_writes_the_postings_whoosh_writes_with_the_analyzer(tmp_path: Path) -> None:
    documents = _documents(CORPUS)
    plain = build_schema(swedish_analyzer())  # every text field a plain TEXT with the analyzer
    assert not any(isinstance(field, SwedishText) for _, field in plain.items())
    whoosh_dir, ours_dir = tmp_path / "whoosh", tmp_path / "ours"
    whoosh_dir.mkdir()
    ours_dir.mkdir()
    writer = whoosh_index.create_in(str(whoosh_dir), plain).writer()
    for fields in documents:
        writer.add_document(**fields)
    writer.commit()
    ours = whoosh_index.create_in(str(ours_dir), build_schema())
    builder = SegmentBuilder(ours)
    for fields in documents:
        builder.add_document(**fields)
    commit_segments(ours, [builder.finish()])
    with whoosh_index.open_dir(str(whoosh_dir)).reader() as expected, ours.reader() as built:
        assert list(built.all_terms()) == list(expected.all_terms())
        for fieldname, text in expected.all_terms():
            assert _postings(built, fieldname, text) == _postings(expected, fieldname, text), (fieldname, text)
            info, wanted = built.term_info(fieldname, text), expected.term_info(fieldname, text)
            assert (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight()) == (
                wanted.weight(), wanted.doc_frequency(), wanted.min_length(), wanted.max_length(), wanted.max_weight()
            )  # fmt: skip
        for fieldname in ("title", "body", "names", "lead", "topic"):
            assert [built.doc_field_length(n, fieldname) for n in range(len(documents))] == [
                expected.doc_field_length(n, fieldname) for n in range(len(documents))
            ]
            assert built.field_length(fieldname) == expected.field_length(fieldname)
        assert [built.stored_fields(n) for n in range(len(documents))] == [
            expected.stored_fields(n) for n in range(len(documents))
        ]


def _postings(reader, fieldname: str, text: bytes) -> list[tuple]:
    matcher, found = reader.postings(fieldname, text), []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


WORDS = st.sampled_from(
    ["och", "i", "det", "klimat", "krav", "klimatkrav", "upphandling", "Upphandlingsmyndigheten", "it", "e",
     "skolmåltiderna", "covid", "19", "2017", "Åsa", "öberg", "kvinnojour", "a", "av"]
)  # fmt: skip
GAPS = st.sampled_from([" ", "-", " - ", "\n\n", ", ", "–", "--", "-19 "])


@given(st.lists(st.tuples(WORDS, GAPS), max_size=30))
def test_a_text_is_indexed_as_the_analyzer_gives_it(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in pieces)
    expected = TEXT(analyzer=swedish_analyzer(), field_boost=2.5)
    assert sorted(SwedishText(2.5).index(text)) == sorted(expected.index(text))


def test_spelling_suggestions_are_those_of_whooshs_corrector(tmp_path: Path) -> None:
    releases = [item.release for item in read_entries(CORPUS) if isinstance(item, Entry)]
    # What the index held before: every word as written, in a field of its own.
    schema = Schema(id=ID(stored=True), spell=FieldType(Existence(), plain_analyzer(), scorable=True))
    (tmp_path / "whoosh").mkdir()
    writer = whoosh_index.create_in(str(tmp_path / "whoosh"), schema).writer()
    counts: dict[str, int] = {}
    for release in releases:
        writer.add_document(id=release.id, spell=release.text)
        for word in release_words(release):
            counts[word] = counts.get(word, 0) + 1
    writer.commit()
    (tmp_path / "ours").mkdir()
    write_words(tmp_path / "ours", counts)
    words = WordList(tmp_path / "ours")
    rng = random.Random(18)
    vocabulary = sorted(word for word in counts if word.isalpha() and len(word) >= 4)
    typos = {_typo(rng, rng.choice(vocabulary)) for _ in range(400)}
    suggested = 0
    with whoosh_index.open_dir(str(tmp_path / "whoosh")).searcher() as searcher:
        corrector = searcher.corrector("spell")
        for typo in sorted(typos):
            assert (typo in words) == (("spell", typo) in searcher.reader())
            for distance in (1, 2):
                expected = corrector.suggest(typo, 1, distance, 1)
                assert words.suggest(typo, distance, 1) == (expected[0] if expected else None), (typo, distance)
                suggested += bool(expected)
    assert len(typos) > 350 and suggested > 300
    assert len(words) == len(counts) and all(words.count(word) == count for word, count in counts.items())


def _typo(rng: random.Random, word: str) -> str:
    """The word with one or two letters dropped, changed, added or swapped (never the first)."""
    for _ in range(rng.choice((1, 2))):
        at = rng.randrange(1, len(word))
        kind = rng.randrange(4)
        letter = rng.choice("abdeiklmnorstuåäö")
        if kind == 0 and len(word) > 2:
            word = word[:at] + word[at + 1 :]
        elif kind == 1:
            word = word[:at] + letter + word[at + 1 :]
        elif kind == 2:
            word = word[:at] + letter + word[at:]
        elif at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word


def test_an_index_of_another_format_is_rebuilt_with_a_message(tmp_path: Path) -> None:
    settings = resolve(data_dir=CORPUS, index_dir=tmp_path / "ix", topics_file=TOPICS)
    indexer.rebuild(settings)
    meta_file = current_generation(settings.index_dir) / META_FILE
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta_file.write_text(json.dumps({**meta, "format": 2}), encoding="utf-8")
    with pytest.raises(IndexFormatError, match="bygg om det med `python -m indexer rebuild`"):
        indexer.open_index(settings.index_dir)
    report = indexer.update(settings)
    assert report.rebuilt == "Indexet var byggt av en äldre version, så hela indexet byggdes om"
    with indexer.open_index(settings.index_dir) as index:
        assert len(index) == report.indexed
    assert indexer.ensure_index(settings) is None
