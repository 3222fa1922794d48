"""Pressarkiv's measuring tools: speed, memory, relevance and extraction quality.

Run from a checkout (``python -m benchmarks.speed``, ``python -m benchmarks.relevance``, …);
never installed with the package. They may read ``tests/`` and ``../shared/``.
"""

from pathlib import Path

#: The checkout these tools run from, and the shared folder beside it.
REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = REPOSITORY.parent / "shared"
#: The two real releases shipped in the repository.
SHIPPED_RELEASES = REPOSITORY / "index_data" / "releases"
