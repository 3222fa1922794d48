"""Hostile and broken files: ``check``, ``rebuild`` and ``update`` report them and index the rest.

No file, however made, takes a run down: not JSON nested a hundred thousand deep,
a number of five thousand digits, a sidecar that nests lists or holds an
integer too long to print, a FIFO or a link to ``/dev/zero``. Each is one
Problem naming the file, and the good files beside it are indexed.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

import indexer
from indexer.cli import main
from indexer.config import DEFAULT_TOPICS, MAX_RELEASE_BYTES_ENV, Settings
from indexer.enrich.topics import Taxonomy
from indexer.errors import ParseError
from indexer.index.generations import current_generation
from indexer.index.update_plan import indexed_releases
from indexer.ingest import corpus
from indexer.ingest.bounded import MAX_DEPTH, json_depth, load_json, load_toml, shown, toml_depth
from indexer.ingest.check import check_corpus
from indexer.ingest.corpus import Entry, read_entries

from support import SHIPPED_RELEASES

TOPICS = DEFAULT_TOPICS
LABELS = Taxonomy.load(TOPICS).labels
#: Not a timing assertion: a command that takes this long has hung.
HANG_SECONDS = 120


def good_text(number: int) -> str:
    return (
        f"Bra pressmeddelande nummer {number}\n\nPublicerad 2021-02-17\n\n"
        f"Påhittade myndigheten beskriver upphandling nummer {number} i en fiktiv text.\n"
    )


def write_good(data: Path, count: int = 2) -> list[str]:
    """Good releases beside the hostile files; their ids."""
    for number in range(1, count + 1):
        (data / f"bra-{number}.txt").write_text(good_text(number), encoding="utf-8")
    return [f"bra-{number}" for number in range(1, count + 1)]


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--topics", str(TOPICS)])


def assert_no_crash(result: Result) -> None:
    """The command ended by itself (exit code 0 or 1), with no exception and no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output


# -- the defects found, one by one ----------------------------------------------------------

GOOD_PAGE = "Rubrik för sidan\n\nPublicerad 2021-02-17\n\nBrödtext om upphandling.\n"
LONG_ID = '{"id": ' + "9" * 5000 + ', "title": "Rubrik", "body": "Text."}\n'
HALF_PAIR = '{"title": "Rubrik \\ud800", "body": "Text."}'
LONG_STRING = json.dumps({"title": "Rubrik", "body": "Text.", "published": "x" * 1_000_000})
#: Each defect: the files written, and the place the problem must be reported at (None: indexed).
DEFECTS: dict[str, tuple[dict[str, str], str | None]] = {
    "JSON nested 100 000 deep": ({"djup.json": "[" * 100_000}, "djup.json"),
    "JSON Lines id of 5 000 digits": (
        {"langt-id.jsonl": LONG_ID}, "langt-id.jsonl:1"
    ),
    "sidecar 0x and 10 000 f": (
        {"hex.txt": GOOD_PAGE, "hex.meta.toml": "published = 0x" + "f" * 10_000 + "\n"}, "hex.meta.toml"
    ),
    "sidecar lists 5 000 deep": (
        {"listor.txt": GOOD_PAGE, "listor.meta.toml": "topics = " + "[" * 5000 + "]" * 5000 + "\n"},
        "listor.meta.toml",
    ),
    "sidecar integer of 5 000 digits": (
        {"siffror.txt": GOOD_PAGE, "siffror.meta.toml": "published = " + "1" * 5000 + "\n"},
        "siffror.meta.toml",
    ),
    "JSON-LD nested 50 000 deep": (
        {"ld.html": '<html><head><script type="application/ld+json">' + "[" * 50_000 + "]" * 50_000
         + "</script></head><body><article><h1>Rubrik för sidan</h1><p>Brödtext om upphandling, lång nog "
         "för att läsas som sidans innehåll.</p></article></body></html>"},
        None,
    ),
    "JSON text with half a surrogate pair": ({"halv.json": HALF_PAIR}, "halv.json"),
    "JSON string of 1 MB in an error": (
        {"lang.json": LONG_STRING}, "lang.json"
    ),
}  # fmt: skip


@pytest.mark.parametrize("defect", DEFECTS)
def test_check_rebuild_and_update_report_the_defect_and_index_the_rest(defect: str, tmp_path: Path) -> None:
    files, where = DEFECTS[defect]
    data, index = tmp_path / "data", tmp_path / "index"
    data.mkdir()
    good = write_good(data)
    for name, content in files.items():
        (data / name).write_text(content, encoding="utf-8")
    checked = cli("check", "--data", str(data))
    built = cli("rebuild", "--data", str(data), "--index", str(index))
    (data / "bra-3.txt").write_text(good_text(3), encoding="utf-8")
    updated = cli("update", "--data", str(data), "--index", str(index))
    for result in (checked, built, updated):
        assert_no_crash(result)
    if where is not None:
        line = next(line for line in checked.stdout.splitlines() if line.startswith(f"{where}: fel: "))
        assert len(line) < 400  # the message shows no unbounded value
        assert f"Överhoppad: {where}: " in built.stderr
    with indexer.open_index(index) as opened:
        assert all(opened.get(release_id) for release_id in [*good, "bra-3"])
        stem = next(iter(files)).split(".")[0]
        assert (opened.get(stem) is None) == (where is not None and ".meta." not in where)


@contextmanager
def special_files(data: Path) -> Iterator[list[str]]:
    """A FIFO, links to devices, a socket, a link to a folder, a folder named like a release, a broken
    link and a FIFO for a sidecar; the names that must be reported as errors."""
    os.mkfifo(data / "rorledning.txt")
    os.mkfifo(data / "med-fifo.meta.toml")
    (data / "med-fifo.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (data / "nollor.txt").symlink_to("/dev/zero")
    (data / "slump.json").symlink_to("/dev/urandom")
    (data / "borta.html").symlink_to(data / "finns-inte.html")
    (data / "katalog.txt").mkdir()
    (data / "riktig").mkdir()
    (data / "lankad").symlink_to(data / "riktig")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(data / "uttag.txt"))
    try:
        yield [
            "borta.html",
            "lankad",
            "med-fifo.meta.toml",
            "nollor.txt",
            "rorledning.txt",
            "slump.json",
            "uttag.txt",
        ]
    finally:
        listener.close()


def test_fifos_devices_sockets_and_folders_are_reported_without_a_hang(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    data.mkdir()
    good = write_good(data)
    with special_files(data) as reported:
        runs = {}
        for command in ("check", "rebuild", "update"):
            argv = [sys.executable, "-m", "indexer", command, "--data", str(data), "--topics", str(TOPICS)]
            if command != "check":
                argv += ["--index", str(index)]
            runs[command] = subprocess.run(argv, capture_output=True, text=True, timeout=HANG_SECONDS)
    for command, run in runs.items():
        assert run.returncode in (0, 1) and "Traceback" not in run.stderr, (command, run.stderr[-2000:])
    lines = runs["check"].stdout.splitlines()
    assert {line.split(": ")[0] for line in lines if ": fel: " in line} == set(reported)
    assert any(
        line.startswith("rorledning.txt: fel: är ingen vanlig fil utan en namngiven rörledning") for line in lines
    )
    assert any(line.startswith("nollor.txt: fel: är ingen vanlig fil utan en teckenenhet") for line in lines)
    assert any(line.startswith("katalog.txt: varning: är en katalog") for line in lines)
    with indexer.open_index(index) as opened:
        assert all(opened.get(release_id) for release_id in [*good, "med-fifo"])


def test_file_names_that_are_no_utf8_or_hold_a_line_break_are_reported(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    data.mkdir()
    good = write_good(data)
    for name in (b"trasig\xff\xfe.txt", b"ny\nrad.txt", b"trasig\xff.meta.toml"):
        (data / os.fsdecode(name)).write_bytes(GOOD_PAGE.encode("utf-8"))
    checked = cli("check", "--data", str(data))
    built = cli("rebuild", "--data", str(data), "--index", str(index))
    updated = cli("update", "--data", str(data), "--index", str(index))
    for result in (checked, built, updated):
        assert_no_crash(result)
    lines = checked.stdout.splitlines()
    bad_name = "filnamnet är inte UTF-8 eller har styrtecken: byt namn på filen"
    assert f"trasig\\xff\\xfe.txt: fel: {bad_name}" in lines
    assert any(line.startswith("ny\\nrad.txt: fel: filnamnet") for line in lines)
    assert any(line.startswith("trasig\\xff.meta.toml: fel: ") for line in lines)
    with indexer.open_index(index) as opened:
        assert all(opened.get(release_id) for release_id in good)


# -- the size limit --------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_reported_and_skipped(tmp_path: Path, monkeypatch) -> None:
    data, index = tmp_path / "data", tmp_path / "index"
    data.mkdir()
    good = write_good(data)
    (data / "jatte.txt").write_text(GOOD_PAGE + "Ord och fler ord. " * 200, encoding="utf-8")
    record = {"id": "jattepost", "title": "Rubrik", "body": "Ord. " * 400}
    (data / "poster.jsonl").write_text(
        json.dumps(record) + "\n" + json.dumps({**record, "id": "liten", "body": "Kort."}) + "\n"
    )
    monkeypatch.setenv(MAX_RELEASE_BYTES_ENV, "1000")
    checked = cli("check", "--data", str(data))
    assert_no_crash(checked)
    too_large = "jatte.txt: fel: är 3,7 kB, större än gränsen för ett pressmeddelande (1,0 kB)"
    assert any(line.startswith(too_large) for line in checked.stdout.splitlines())
    assert any(line.startswith("poster.jsonl:1: fel: är") and "större än gränsen" in line
               for line in checked.stdout.splitlines())  # fmt: skip
    report = indexer.rebuild(indexer.resolve(data, index, TOPICS))
    assert {problem.source for problem in report.skipped} == {"jatte.txt", "poster.jsonl:1"}
    with indexer.open_index(index) as opened:
        assert all(opened.get(release_id) for release_id in [*good, "liten"])
        assert opened.get("jatte") is None and opened.get("jattepost") is None


def test_a_json_lines_file_of_many_lines_lists_bounded_records_and_problems(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(corpus, "MAX_RECORDS", 300)
    records = [{"id": f"post-{n}", "title": f"Rubrik {n}", "body": "Text."} for n in range(100)]
    lines = ["x"] * 250 + [json.dumps(record) for record in records]
    (tmp_path / "rader.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = corpus.read_file(tmp_path / "rader.jsonl", tmp_path)
    problems = [item for item in items if isinstance(item, corpus.Problem)]
    assert len(problems) == corpus.MAX_PROBLEMS + 2
    assert problems[-2].reason.startswith("har fler än 300 poster: dela upp filen; raderna från 301")
    assert problems[-1].reason.startswith("150 rader till har fel")
    assert [item.id for item in items if isinstance(item, Entry)] == [f"post-{n}" for n in range(50)]


def test_the_size_limit_is_configured_once(monkeypatch) -> None:
    assert indexer.resolve().max_release_bytes == Settings(Path(), Path(), Path()).max_release_bytes >= 1_000_000
    monkeypatch.setenv(MAX_RELEASE_BYTES_ENV, "12345")
    assert indexer.resolve().max_release_bytes == 12345
    monkeypatch.setenv(MAX_RELEASE_BYTES_ENV, "många")
    result = cli("check", "--data", str(SHIPPED_RELEASES))
    assert result.exit_code == 1 and MAX_RELEASE_BYTES_ENV in result.stderr and "Traceback" not in result.output


# -- bounded parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "\\"[[["]', 1),
        ("[" * 50, MAX_DEPTH + 1),
        ('"\\\\"[[', 2),
        ("", 0),
    ],
)
def test_json_depth_counts_brackets_outside_strings(text: str, depth: int) -> None:
    assert json_depth(text) == depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('a = [[1], {b = [2]}]\n[tabell]\nc = "[[["\n', 3),
        ("a = '[[[['\nb = '''\n[[[[\n'''\nc = [] # [[[[\n", 1),
        ('a = """\n[[[\\""" ]]]\n"""\nb = [[]]\n', 2),
        ("a = 'C:\\'\nb = [[]]\n", 2),
        ("a = " + "[" * 40, MAX_DEPTH + 1),
    ],
)
def test_toml_depth_counts_brackets_outside_strings_and_comments(text: str, depth: int) -> None:
    assert toml_depth(text) == depth


def test_parsers_refuse_depth_and_long_numbers_before_python_does() -> None:
    for hostile in (
        "[" * 100_000,
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        '{"id": ' + "1" * 5000 + "}",
    ):
        with pytest.raises(ParseError):
            load_json(hostile)
    for hostile in ("a = " + "[" * 5000 + "]" * 5000, "a = " + "1" * 5000, "a = " + "{b = " * 3000):
        with pytest.raises(ParseError):
            load_toml(hostile)
    assert load_toml("a = 0x" + "f" * 10_000)["a"].bit_length() == 40_000
    assert load_json('{"a": ["[[[", {"b": 1.5}]}') == {"a": ["[[[", {"b": 1.5}]}


def test_shown_values_are_short_whatever_they_are() -> None:
    assert shown(int("f" * 10_000, 16)) == "ett tal med omkring 12042 siffror"
    for value in (
        "x" * 1_000_000,
        ["y" * 1000] * 1000,
        {"k" * 1000: "v" * 1000},
        [[[[[["djup"]]]]]],
        12,
        None,
    ):
        assert len(shown(value)) < 130


# -- property: any hostile file --------------------------------------------------------------

digits = st.integers(4301, 20_000)
depths = st.integers(MAX_DEPTH + 1, 100_000)
junk = st.one_of(st.binary(max_size=400), st.text(max_size=400))
huge = st.integers(10_000, 300_000)


@st.composite
def hostile_json(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["deep", "deep-object", "number", "float", "string", "brackets-in-string",
                                 "surrogate", "record", "junk"]))  # fmt: skip
    if kind == "deep":
        return "[" * draw(depths)
    if kind == "deep-object":
        return '{"a": ' * draw(st.integers(MAX_DEPTH + 1, 5000)) + "1" + "}" * draw(st.integers(0, 10))
    if kind == "number":
        return '{"id": ' + "7" * draw(digits) + ', "title": "Rubrik", "body": "Text."}'
    if kind == "float":
        return '{"title": "Rubrik", "body": "Text.", "published": 1.' + "5" * draw(digits) + "e99999}"
    if kind == "string":
        key = draw(st.sampled_from(["kind", "url", "x" * 2000]))
        return json.dumps({"title": "Rubrik", "body": "Text.", key: "s" * draw(huge)})
    if kind == "surrogate":
        return '{"title": "Rubrik \\u' + f"{draw(st.integers(0xD800, 0xDFFF)):04x}" + '", "body": "Text."}'
    if kind == "brackets-in-string":
        return json.dumps({"title": "[" * draw(st.integers(1, 500)), "body": "]" * 5 + " text om upphandling"})
    if kind == "record":
        values = st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
            max_leaves=20,
        )
        record = draw(
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "title",
                        "body",
                        "published",
                        "persons",
                        "topics",
                        "contacts",
                        "kind",
                        "url",
                        "okänd",
                    ]
                ),
                values,
                max_size=6,
            )
        )
        return json.dumps(record)  # fmt: skip
    return draw(st.text(max_size=300))


@st.composite
def hostile_toml(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["deep", "inline", "hex", "digits", "string", "strings", "junk"]))
    if kind == "deep":
        return "topics = " + "[" * draw(depths)
    if kind == "inline":
        return "persons = [" + "{name = " * draw(st.integers(MAX_DEPTH, 3000))
    if kind == "hex":
        return f"published = 0x{'f' * draw(st.integers(1000, 20_000))}\n"
    if kind == "digits":
        return f"published = {'9' * draw(digits)}\n"
    if kind == "string":
        return f'kind = "{"k" * draw(huge)}"\nurl = "{"u" * draw(st.integers(0, 5000))}"\n'
    if kind == "strings":
        return draw(st.sampled_from(['kind = "[[[["\ntopics = [[]]\n', "kind = '''\n]]]]\n'''\n", 'kind = """\\"""\n']))
    return draw(st.text(max_size=300))


@st.composite
def hostile_html(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["deep", "json-ld", "script", "junk"]))
    body = "<article><h1>Rubrik</h1><p>Brödtext om upphandling som är lång nog för att läsas.</p></article>"
    if kind == "deep":
        n = draw(st.integers(300, 20_000))
        return f"<html><body>{'<div>' * n}{body}{'</div>' * draw(st.integers(0, n))}</body></html>"
    if kind == "json-ld":
        graph = '{"@graph": [' * draw(depths)
        script = f'<script type="application/ld+json">{graph}</script>'
        return f"<html><head>{script}</head><body>{body}</body></html>"
    if kind == "script":
        return f"<html><head><script>{'x' * draw(huge)}</script></head><body>{body}</body></html>"
    return "<html>" + draw(st.text(max_size=300))


@st.composite
def hostile_text(draw: st.DrawFn) -> str | bytes:
    kind = draw(st.sampled_from(["nul", "long-line", "many-names", "binary", "junk"]))
    if kind == "nul":
        return "Rubrik\n\n" + "\x00" * draw(st.integers(1, 1000))
    if kind == "long-line":
        return "Rubrik\n\n" + "ord " * draw(st.integers(10_000, 100_000))
    if kind == "many-names":
        return "Rubrik\n\n" + "säger Anna Ek, direktör och Eks kollega Svensson " * draw(st.integers(100, 5000))
    if kind == "binary":
        return draw(st.binary(min_size=1, max_size=2000))
    return draw(st.text(max_size=500))


#: The strategy of each kind of hostile file, by the name it is written under.
HOSTILE_FILES = {
    "h.json": hostile_json(),
    "h.jsonl": st.lists(hostile_json(), min_size=1, max_size=4).map(lambda lines: "\n".join(
        line.replace("\n", " ") for line in lines)),
    "h.html": hostile_html(),
    "h.txt": hostile_text(),
    "hs.txt": st.just(GOOD_PAGE.replace("Rubrik", "Sidovagn")),  # with a hostile sidecar
    "hs.meta.toml": hostile_toml(),
}  # fmt: skip
corpora = st.sets(st.sampled_from(sorted(HOSTILE_FILES)), min_size=1).flatmap(
    lambda names: st.fixed_dictionaries({name: HOSTILE_FILES[name] for name in names})
)


def write_hostile(data: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        (data / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))


def assert_every_file_accounted_for(files: dict[str, str | bytes], places: set[str]) -> None:
    """Each hostile file gave releases or problems at ``places`` that name it (a sidecar: its release
    file, or itself)."""
    for name in files:
        assert any(place == name or place.startswith(f"{name}:") for place in places) or (
            name.endswith(".meta.toml") and name.removesuffix(".meta.toml") + ".txt" in places
        ), (name, sorted(places))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=corpora)
def test_check_reports_any_hostile_file_and_keeps_the_good_ones(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        good = write_good(data)
        write_hostile(data, files)
        items = list(read_entries(data))
        report = check_corpus(data, LABELS)
    assert_every_file_accounted_for(files, {item.where if isinstance(item, Entry) else item.source for item in items})
    assert {item.id for item in items if isinstance(item, Entry)} >= set(good)
    assert report.releases >= len(good)
    assert all(len(problem.reason) < 1000 for problem in report.problems)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=corpora, special=st.booleans())
def test_rebuild_and_update_index_the_good_files_beside_any_hostile_ones(
    files: dict[str, str | bytes], special: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data, index = Path(folder) / "data", Path(folder) / "index"
        data.mkdir()
        good = write_good(data)
        write_hostile(data, files)
        with special_files(data) if special else _nothing():
            settings_ = indexer.resolve(data, index, TOPICS)
            built = indexer.rebuild(settings_)
            (data / "bra-3.txt").write_text(good_text(3), encoding="utf-8")
            updated = indexer.update(settings_)
        reported = {problem.source for problem in (*built.skipped, *built.warnings)}
        assert_every_file_accounted_for(files, reported | indexed_places(index))
        assert updated.added == 1
        with indexer.open_index(index) as opened:
            assert all(opened.get(release_id) for release_id in [*good, "bra-3"])


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def indexed_places(index: Path) -> set[str]:
    """Where each release in the index was read from (``file`` or ``file.jsonl:line``)."""
    generation = current_generation(index)
    assert generation is not None
    with whoosh_index.open_dir(str(generation)).reader() as reader:
        return {release.where for release in indexed_releases(reader) or []}
