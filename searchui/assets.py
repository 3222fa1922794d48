"""Static files with fingerprinted URLs (``style.css?v=<hash>``), cached for a year."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request, url_for
from werkzeug.security import safe_join

#: The fingerprint's query parameter, and how long a fingerprinted file may be cached.
VERSION = "v"
ONE_YEAR = 365 * 24 * 3600


@cache
def fingerprint(path: Path, mtime_ns: int) -> str:
    """The first 12 hex digits of the file's SHA-256 (``mtime_ns`` keys the cache)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """The URL of a static file, carrying its content's fingerprint."""
    version: dict[str, Any] = {VERSION: _fingerprint_of(filename)}
    return url_for("static", filename=filename, **version)


def cache_fingerprinted(response: Response) -> Response:
    """Let browsers keep a static file for a year when its URL carries its current fingerprint."""
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get(VERSION)
    if request.endpoint == "static" and response.status_code == 200 and version:
        if version == _fingerprint_of(filename):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
    return response


def _fingerprint_of(filename: str) -> str | None:
    joined = safe_join(current_app.static_folder or "", filename)
    if joined is None or not Path(joined).is_file():
        return None
    path = Path(joined)
    return fingerprint(path, path.stat().st_mtime_ns)


def init_app(app: Flask) -> None:
    """Offer ``static_url`` to the templates and cache fingerprinted responses."""
    app.add_template_global(static_url)
    app.after_request(cache_fingerprinted)
