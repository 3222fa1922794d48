"""The files of harvested pages: ``HOST/NAME.html`` in the data directory and its sidecar.

A page is kept as the bytes the site sent: the ingestion reads saved web pages as they
are. Its sidecar ``NAME.meta.toml`` gets the address the page came from, after
redirects (``url``), and when it was fetched (``fetched``); any other keys a curator
wrote there are kept, edited in place with tomlkit. Each file is written under a hidden
temporary name and renamed, so that no reader ever sees half of one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import tomlkit
import tomlkit.exceptions

from indexer.errors import HarvestError
from indexer.harvest.addresses import site_of
from indexer.ingest.ids import release_id
from indexer.ingest.sidecar import sidecar_path

SUFFIX = ".html"
#: Longest file name stem made from an address (file systems allow 255 bytes).
MAX_STEM = 100


def file_name(url: str, taken: set[str]) -> str:
    """A new file for the page at ``url``: ``HOST/SLUG.html``, its stem (the release id) not in ``taken``.

    The slug is the address's last path segment; when another page has it, a short hash
    of the address is added. ``taken`` is updated.
    """
    host, port = site_of(url)
    folder = release_id(f"{host}-{port}" if port else host)
    segments = [part for part in urlsplit(url).path.split("/") if part]
    slug = unquote(segments[-1]).removesuffix(SUFFIX) if segments else "start"
    stem = release_id(unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode())[:MAX_STEM]
    if stem.lower() in taken:
        stem = f"{stem}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"
    taken.add(stem.lower())
    return str(PurePosixPath(folder, stem + SUFFIX))


def save_page(data_dir: Path, name: str, content: bytes, url: str, fetched: dt.datetime) -> None:
    """Write the page and its sidecar (``url``, ``fetched``; a curator's other keys kept)."""
    page = data_dir / name
    side = sidecar_path(page)
    try:
        document = tomlkit.parse(side.read_text(encoding="utf-8")) if side.is_file() else tomlkit.document()
    except (UnicodeDecodeError, tomlkit.exceptions.ParseError) as error:
        raise HarvestError(f"{side}: metadatafilen går inte att läsa ({error}); rätta den") from error
    document["url"] = url
    document["fetched"] = fetched.replace(microsecond=0)
    page.parent.mkdir(parents=True, exist_ok=True)
    _write(page, content)
    _write(side, tomlkit.dumps(document).encode("utf-8"))


def remove_page(data_dir: Path, name: str) -> None:
    """Delete a page's file and its sidecar (either may be gone already)."""
    page = data_dir / name
    page.unlink(missing_ok=True)
    sidecar_path(page).unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one rename; the temporary file is hidden from the ingestion."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
