"""Indexing cost grows linearly with a release's size (on demand: ``pytest -m slow tests/test_sizes.py``).

Before, finding persons compared every capitalised word with every name found
(``_lone_names`` → ``_overlaps``): a 1 MB release took 8 s, a 4 MB one 123 s.
The figures at 1, 4 and 16 MB come from ``python -m benchmarks.sizes``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks.sizes import write_release
from indexer.config import DEFAULT_TOPICS
from indexer.enrich.annotate import enrich
from indexer.enrich.topics import Taxonomy
from indexer.ingest.corpus import Entry, read_file


@pytest.mark.slow
def test_analysis_time_grows_linearly_with_a_release_size(tmp_path: Path) -> None:
    taxonomy = Taxonomy.load(DEFAULT_TOPICS)
    seconds = {}
    for megabytes in (0.01, 1, 4):  # the first loads the name lists and dictionaries, untimed
        path = tmp_path / f"{megabytes}" / "stor.txt"
        size = write_release(path, megabytes)
        [entry] = read_file(path, path.parent, 2 * size)
        assert isinstance(entry, Entry)
        started = time.process_time()
        enrich(entry.release, taxonomy)
        seconds[megabytes] = time.process_time() - started
    ratio = seconds[4] / seconds[1]
    print(f"analysis of 1 MB: {seconds[1]:.1f} s, of 4 MB: {seconds[4]:.1f} s (ratio {ratio:.1f})")
    assert ratio < 8  # linear cost gives about 4, the quadratic one gave about 16
