"""Absolute links, made from the configured public address and never from the request's ``Host``.

A request may name any host; links that leave the page (the canonical link, the
Atom feed, the OpenSearch description, the addresses in downloads) would point
wherever it said. They are built from ``PRESSARKIV_BASE_URL`` instead (see
``indexer.config.base_url``), and every other link is relative.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_request_context, request, url_for

import indexer.config

#: The app setting that holds the public address, without a ``/`` at the end.
BASE_URL = "PRESSARKIV_BASE_URL"


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint``: the public address and the route's path and query."""
    path = url_for(endpoint, **values)
    root = request.script_root if has_request_context() else ""
    return current_app.config[BASE_URL] + path.removeprefix(root)


def init_app(app: Flask) -> None:
    """Resolve the public address (app config, then environment, then default) onto ``app``.

    Raises ``indexer.config.ConfigError`` for an address that is not one.
    """
    app.config[BASE_URL] = indexer.config.base_url(app.config.get(BASE_URL))
    app.add_template_global(external_url)
