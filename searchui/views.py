"""The HTML pages: the search page and one page per release."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from indexer.results import FACETS, MAX_PAGE, MAX_QUERY_LENGTH
from searchui import index
from searchui.params import SORT_LABELS, parse_search_args

bp = Blueprint("views", __name__)

#: Facet values shown before the rest are folded away under "Visa fler".
FACET_VISIBLE = 8


@bp.get("/")
def search() -> str:
    """The search page: form, facets, hits and pagination for the query string."""
    params = parse_search_args(request.args)
    archive = index.get_index()
    results = index.search(params)
    last_page = min(results.pages, MAX_PAGE)
    return render_template(
        "search.html",
        params=params,
        results=results,
        facets=[(key, results.facets[key]) for key in FACETS],
        pages=page_numbers(results.page, last_page),
        last_page=last_page,
        sort_labels=SORT_LABELS,
        max_query_chars=MAX_QUERY_LENGTH,
        facet_visible=FACET_VISIBLE,
        archive_size=len(archive),
        built_at=archive.built_at,
    )


@bp.get("/release/<release_id>")
def release(release_id: str) -> str:
    """One release, as written: text structure, contacts, persons and topics."""
    found = index.get_index().get(release_id)
    if found is None:
        abort(404)
    return render_template("release.html", release=found)


def page_numbers(current: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to link to: first, last and those near ``current``; None marks a gap."""
    wanted = {1, pages, *range(current - around, current + around + 1)}
    numbers: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= pages):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
