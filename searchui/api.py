"""The JSON API: search results and releases exactly as the indexer serialises them."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from searchui import index
from searchui.errors import error_response
from searchui.params import parse_search_args

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search() -> Response:
    """``SearchResults.to_dict()`` for the same parameters as the search page."""
    return jsonify(index.search(parse_search_args(request.args)).to_dict())


@bp.get("/releases/<release_id>")
def release(release_id: str) -> Response | tuple[Response | str, int]:
    """``Release.to_dict()`` for one release; a JSON 404 for an unknown id."""
    found = index.get_index().get(release_id)
    if found is None:
        return error_response(404, "Det finns inget pressmeddelande med det id:t.")
    return jsonify(found.to_dict())
