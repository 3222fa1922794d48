"""The hits of a search as downloads: CSV for spreadsheets, JSON for programs.

The CSV is made for a spreadsheet program with Swedish settings (Excel uses ``;`` as the
list separator there and needs a byte order mark to read UTF-8): ``;`` between fields,
Swedish headings, one row per release with its lead and the address of the original.
"""

from __future__ import annotations

import csv
import io
from dataclasses import fields
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request, url_for

from indexer.release import Release
from indexer.search.request import SearchRequest
from indexer.search.results import Hit
from searchui import index
from searchui.heavy import expensive
from searchui.links import external_url
from searchui.params import parse_search_args

bp = Blueprint("exports", __name__)

#: Hit fields left out of downloads: HTML for the page, and the ranking's internals.
LEFT_OUT = frozenset({"snippet", "score"})
#: How list values (persons, topics) are joined in a CSV cell.
LIST_SEPARATOR = ", "
#: The field separator that spreadsheet programs with Swedish settings expect.
CSV_DELIMITER = ";"
#: The CSV's column headings, in order (see ``csv_row``).
CSV_HEADINGS = (
    "Publicerad", "År", "Rubrik", "Ingress", "Personer", "Organisationer", "Ämnen", "Typ",
    "Originalet", "I Pressarkiv", "Id",
)  # fmt: skip
#: Characters that make a spreadsheet read a cell as a formula; such a cell gets a leading ``'``.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FILE_NAME = "pressarkiv-sokning"


@bp.get("/sok.csv")
@expensive
def csv_download() -> Response:
    """Every hit of the search (up to ``index.MAX_LISTED``), one row each, for Swedish spreadsheets."""
    archive = index.get_index()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_HEADINGS)
    for hit in index.all_hits(parse_search_args(request.args)):
        writer.writerow(csv_row(hit, archive.get(hit.id)))
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    return _attachment(response, "csv")


def csv_row(hit: Hit, release: Release | None) -> list[str]:
    """One CSV row: the hit's facts, its release's lead and original address, and its page here."""
    cells = [
        hit.published.isoformat() if hit.published else "",
        str(hit.year or ""),
        hit.title,
        release.lead if release else "",
        LIST_SEPARATOR.join(hit.persons),
        LIST_SEPARATOR.join(hit.organisations),
        LIST_SEPARATOR.join(hit.topics),
        hit.kind or "",
        release.url if release and release.url else "",
        external_url("views.release", release_id=hit.id),
        hit.id,
    ]
    return [f"'{cell}" if cell.startswith(FORMULA_START) else cell for cell in cells]


@bp.get("/sok.json")
@expensive
def json_download() -> Response:
    """Every hit of the search (up to ``index.MAX_LISTED``), with the search it answers."""
    params = parse_search_args(request.args)
    total, rows = export_rows(params)
    response = jsonify(
        query=params.query,
        filters=dict(params.filters),
        date_from=params.date_from.isoformat() if params.date_from else None,
        date_to=params.date_to.isoformat() if params.date_to else None,
        sort=params.sort,
        total=total,
        truncated=total > len(rows),
        hits=rows,
    )
    return _attachment(response, "json")


def columns() -> list[str]:
    """The download's fields: the hit's own fields, then the release page's address."""
    return [f.name for f in fields(Hit) if f.name not in LEFT_OUT] + ["url"]


def export_rows(params: SearchRequest) -> tuple[int, list[dict[str, Any]]]:
    """The search's total and its hits as download rows, in the search's order."""
    hits = index.all_hits(params)
    names = columns()
    rows = [{**hit.to_dict(), "url": external_url("views.release", release_id=hit.id)} for hit in hits]
    return hits.total, [{name: row.get(name) for name in names} for row in rows]


def export_url(kind: str, params: SearchRequest) -> str:
    """The download of ``kind`` (``csv`` or ``json``) for the search ``params``."""
    return url_for(f"exports.{kind}_download", **params.to_args(page=1))


def _attachment(response: Response, suffix: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{FILE_NAME}.{suffix}"'
    return response


def init_app(app: Flask) -> None:
    """Register the downloads and offer ``export_url`` to the templates."""
    app.register_blueprint(bp)
    app.add_template_global(export_url)
