"""The package's shape: a light ``import indexer``, a read side that never loads the write side,
one error hierarchy, and indexes of another format rebuilt with a message rather than a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import indexer
from indexer.config import Settings
from indexer.index.generations import META_FILE, current_generation, read_meta

#: What importing ``indexer`` must not load; and what searching must not load besides.
NOT_ON_IMPORT = ("numpy", "whoosh", "indexer.search.searching", "indexer.index.build")
WRITE_SIDE = ("indexer.ingest", "indexer.enrich", "indexer.index.build", "indexer.index.pipeline",
              "indexer.index.update_plan", "indexer.index.recovery", "trafilatura", "tqdm", "click",
              "lxml", "spylls", "flask", "jinja2", "waitress")  # fmt: skip


def _loaded(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_import_indexer_is_light() -> None:
    loaded = _loaded("import indexer")
    assert not [name for name in NOT_ON_IMPORT if name in loaded]


def test_searching_never_loads_the_write_side(index_settings: Settings) -> None:
    loaded = _loaded(f"import indexer\nindexer.open_index({str(index_settings.index_dir)!r}).search('upphandling')")
    assert not [name for name in loaded if name.split(".")[0] in WRITE_SIDE or name in WRITE_SIDE
                or any(name.startswith(f"{side}.") for side in WRITE_SIDE)]  # fmt: skip


def test_public_names_resolve_and_errors_share_one_base() -> None:
    for name in indexer.__all__:
        assert getattr(indexer, name) is not None
    for error in (indexer.SearchError, indexer.IndexNotFoundError, indexer.IndexFormatError, indexer.BuildError,
                  indexer.TaxonomyError, indexer.LexiconError, indexer.ParseError):  # fmt: skip
        assert issubclass(error, indexer.PressarkivError)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        indexer.nothing  # noqa: B018


@pytest.fixture
def old_index(index_settings: Settings, tmp_path: Path) -> Settings:
    """A copy of the session's index that claims to be written in format 1 (before this layout)."""
    index_dir = tmp_path / "index"
    shutil.copytree(index_settings.index_dir, index_dir, symlinks=True)
    generation = current_generation(index_dir)
    assert generation is not None
    meta = read_meta(generation)
    del meta["format"]
    (generation / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return Settings(index_settings.data_dir, index_dir, index_settings.topics_file)


def test_index_of_another_format_says_rebuild(old_index: Settings) -> None:
    with pytest.raises(indexer.IndexFormatError, match=r"format 1.*python -m indexer rebuild"):
        indexer.open_index(old_index.index_dir)


def test_ensure_index_and_update_rebuild_an_index_of_another_format(old_index: Settings) -> None:
    report = indexer.ensure_index(old_index)
    assert report is not None and report.indexed > 0
    assert indexer.open_index(old_index.index_dir).search("upphandling").total > 0
    assert indexer.ensure_index(old_index) is None  # now current: nothing to do


def test_update_of_another_format_is_a_full_rebuild(old_index: Settings) -> None:
    report = indexer.update(old_index)
    assert "äldre version" in report.summary()
    assert indexer.open_index(old_index.index_dir).search("upphandling").total > 0
