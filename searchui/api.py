"""The JSON API: one JSON twin for each HTML page, built from the same data."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from searchui import index, pages
from searchui.errors import error_response
from searchui.heavy import expensive
from searchui.params import parse_search_args

bp = Blueprint("api", __name__, url_prefix="/api")

NO_RELEASE = "Det finns inget pressmeddelande med det id:t."
NO_VALUE = {
    "person": "Det finns ingen person med det namnet i arkivet.",
    "organisation": "Det finns ingen organisation med det namnet i arkivet.",
    "topic": "Det finns inget ämne med det namnet i arkivet.",
}


@bp.get("/search")
def search() -> Response:
    """``SearchResults.to_dict()`` for the same parameters as the search page."""
    return jsonify(index.search(parse_search_args(request.args)).to_dict())


@bp.get("/releases/<release_id>")
def release(release_id: str) -> BaseResponse | tuple[Response | str, int]:
    """The release record with ``edited`` notes and ``similar`` releases; a JSON 404 if unknown.

    An id of an older version redirects (301) to the release's id now, as on the release page.
    """
    page = pages.release_page(release_id)
    if page is not None:
        return jsonify(page.to_dict())
    if (moved := pages.current_id(release_id)) is not None:
        return redirect(url_for("api.release", release_id=moved), 301)
    return error_response(404, NO_RELEASE)


@bp.get("/persons/<slug>")
@expensive
def person(slug: str) -> Response | tuple[Response | str, int]:
    """A person's roles and releases by year, a page at a time (``?page=``), as on the person page."""
    return _value("person", slug)


@bp.get("/organisations/<slug>")
@expensive
def organisation(slug: str) -> Response | tuple[Response | str, int]:
    """An organisation's releases by year, a page at a time, as on the organisation page."""
    return _value("organisation", slug)


@bp.get("/topics/<slug>")
@expensive
def topic(slug: str) -> Response | tuple[Response | str, int]:
    """A topic's releases by year, a page at a time, as on the topic page."""
    return _value("topic", slug)


def _value(group: str, slug: str) -> Response | tuple[Response | str, int]:
    page = pages.value_page(group, slug, pages.requested_page(request.args))
    return jsonify(page.to_dict()) if page else error_response(404, NO_VALUE[group])
