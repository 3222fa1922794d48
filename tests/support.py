"""What several test modules share: the fictional web corpus, a live server, Debian's Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from searchui import serving

#: The shipped corpus: the two real releases in the repository's ``index_data/releases``.
SHIPPED_RELEASES = Path(__file__).resolve().parent.parent / "index_data" / "releases"

#: A realistic archive: the 65 fictional releases of tests/relevance, one undated release
#: and one curator's sidecar file (see the ``corpus_app`` fixture in conftest.py).
CORPUS = Path(__file__).parent / "relevance" / "releases"
MAJA, KARIN = "Maja Fiktivsson", "Karin Testberg"
UNDATED = (
    "Påhittade myndigheten öppnar en frågelåda\n\nPressmeddelande\n\n"
    "Påhittade myndigheten öppnar en digital frågelåda om upphandling för små företag.\n\n"
    "– Alla frågor får svar inom en vecka, säger Olle Provsson, enhetschef på Påhittade "
    "myndigheten.\n"
)
SIDECAR = 'published = 2016-04-15\nurl = "https://pahittade-myndigheten.invalid/aktuellt/klimatkrav-fordon/"\n'

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """``app`` served by waitress, tuned as ``python -m searchui`` serves it, on a free loopback port
    in a background thread; its URL."""
    server = serving.create_server(app, serving.listening_socket("127.0.0.1", 0), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)
