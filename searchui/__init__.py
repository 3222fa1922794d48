"""Pressarkiv's web UI: Swedish HTML pages, their JSON twins, feeds and downloads."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response
from flask_compress import Compress

import indexer.config
from searchui import api, assets, errors, exports, feeds, formatting, heavy, index, links, views

#: What is compressed: gzip (every browser; brotli and zstd are offered too), for every text type served.
COMPRESSION = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIMETYPES": [
        "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
        "text/csv", "application/atom+xml", "application/opensearchdescription+xml", "image/svg+xml",
    ],
    "COMPRESS_MIN_SIZE": 500,
}  # fmt: skip
#: Waitress threads per server process. Searching holds Python's lock, so the threads of one
#: process share one core: on 2 cores, 2 threads served as many requests as 4 and more than
#: 8 (``python -m benchmarks.speed load --threads T``, 10 000 releases, 10 users: 7.1, 7.1 and
#: 5.8 requests/s before searches ran on arrays), with the least memory.
SERVER_THREADS = 2
#: Waitress processes for ``python -m searchui``, sharing one socket: one per core, so that
#: searches run on every core (see ``searchui.serving``). On 2 cores with the load generator
#: on the same machine, 2 processes served 54.4 requests/s where 1 served 44.4 (``load
#: --workers W``, 10 000 releases, 10 users, 60 s), for twice the memory.
SERVER_WORKERS = os.cpu_count() or 1

#: A strict policy: nothing inline, everything from this origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app; ``config`` may set ``INDEX_DIR``, ``DATA_DIR``, ``PRESSARKIV_OPERATOR``,
    ``PRESSARKIV_CONTACT``, ``PRESSARKIV_BASE_URL`` (the public address that absolute links are made from)
    and ``PRESSARKIV_HEAVY_REQUESTS`` (expensive requests run at once per process, 0: no cap).

    Settings not given come from ``indexer.config`` (environment, then defaults); a contact
    that is neither an e-mail address nor an https address, an address that is not one, or a
    cap that is not a whole number, raises ``indexer.ConfigError``.
    """
    config = dict(config or {})
    settings = indexer.config.resolve(data_dir=config.get("DATA_DIR"), index_dir=config.get("INDEX_DIR"))
    site = indexer.config.site_info(
        operator=config.get("PRESSARKIV_OPERATOR"), contact=config.get("PRESSARKIV_CONTACT")
    )
    app = Flask(__name__)
    app.config.update(COMPRESSION)
    app.config.update(config)
    app.config.update(INDEX_DIR=settings.index_dir, DATA_DIR=settings.data_dir)
    app.config.update(PRESSARKIV_OPERATOR=site.operator, PRESSARKIV_CONTACT=site.contact)
    app.jinja_env.globals["site"] = site
    if site.contact is None:
        app.logger.warning(
            "Ingen kontaktadress: sätt %s, så att tillgänglighetsredogörelsen kan säga vart "
            "man rapporterar brister.", indexer.config.CONTACT_ENV,
        )  # fmt: skip
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    links.init_app(app)
    index.init_app(app)
    heavy.init_app(app)
    formatting.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    views.init_app(app)
    feeds.init_app(app)
    exports.init_app(app)
    app.register_blueprint(api.bp)
    app.after_request(_security_headers)
    Compress(app)
    return app


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
