"""The HTML pages: search, release, person, topic and the accessibility statement."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from indexer.facets import FACET_GROUPS
from indexer.search.request import MAX_PAGE, MAX_QUERY_LENGTH, SearchRequest
from searchui import index, pages
from searchui.formatting import slugify
from searchui.links import external_url
from searchui.params import SORT_LABELS, parse_search_args

bp = Blueprint("views", __name__)

#: Characters left unquoted in query strings, as Werkzeug's ``url_for`` leaves them.
URL_SAFE = "!$'()*,/:;?@"

#: Facet values shown before the rest are folded away under "Visa fler".
FACET_VISIBLE = 10

#: Facet groups whose values can be narrowed by typing (when JavaScript runs).
TYPE_TO_FILTER = frozenset({"person", "organisation"})


@bp.get("/")
def search() -> str:
    """The search page: form, facets, timeline, hits and pagination for the query string."""
    page = pages.search_page(parse_search_args(request.args))
    results = page.results
    last_page = min(results.pages, MAX_PAGE)
    return render_template(
        "search.html",
        page=page,
        params=page.params,
        results=results,
        facets=[(group.name, results.facets.get(group.name, [])) for group in FACET_GROUPS],
        pages=page_numbers(results.page, last_page),
        last_page=last_page,
        sort_labels=SORT_LABELS,
        max_query_chars=MAX_QUERY_LENGTH,
        facet_visible=FACET_VISIBLE,
        type_to_filter=TYPE_TO_FILTER,
    )


@bp.get("/release/<release_id>")
def release(release_id: str) -> str | Response:
    """One release, as written: text structure, contacts, persons, topics, similar releases.

    An id that links made by an older version use redirects (301) to the release's id now.
    """
    page = pages.release_page(release_id)
    if page is None:
        if (moved := pages.current_id(release_id)) is not None:
            return redirect(url_for("views.release", release_id=moved), 301)
        abort(404)
    return render_template("release.html", page=page, release=page.release)


@bp.get("/person/<slug>")
def person(slug: str) -> str:
    """Every release naming a person, by year, with the person's roles over time."""
    return render_template("value.html", page=_value_page("person", slug))


@bp.get("/amne/<slug>")
def topic(slug: str) -> str:
    """Every release about a topic, by year."""
    return render_template("value.html", page=_value_page("topic", slug))


@bp.get("/tillganglighet")
def accessibility() -> str:
    """The accessibility statement (tillgänglighetsredogörelse), with a way to report problems."""
    return render_template("accessibility.html")


def _value_page(group: str, slug: str) -> pages.ValuePage:
    page = pages.value_page(group, slug)
    if page is None:
        abort(404)
    return page


def page_numbers(current: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to link to: first, last and those near ``current``; None marks a gap."""
    wanted = {1, pages, *range(current - around, current + around + 1)}
    numbers: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= pages):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def search_url(params: SearchRequest, _external: bool = False, **changes: object) -> str:
    """The search page's URL for the search ``params`` (with ``changes``).

    The query string is encoded as ``url_for`` encodes it, onto a base URL built
    once per request: a result page links to hundreds of searches. An external
    URL starts with the configured public address, never the request's host.
    """
    args = [(key, value) for key, values in params.to_args(**changes).items()
            for value in (values if isinstance(values, list) else [values])]  # fmt: skip
    base = _request_cached(
        ("search", _external), lambda: external_url("views.search") if _external else url_for("views.search")
    )
    return f"{base}?{urlencode(args, safe=URL_SAFE)}" if args else base


def value_url(group: str, value: str) -> str:
    """Where a facet value leads: its own page when it has one, else a search filtered on it."""
    if group in pages.VALUE_PAGES and (slug := slugify(value)):
        return _value_page_prefix(group) + slug
    return search_url(SearchRequest(filters={group: [value]}))


def _value_page_prefix(group: str) -> str:
    """The URL of a value page without its slug (slugs need no quoting)."""
    return _request_cached(("value", group), lambda: url_for(pages.VALUE_PAGES[group], slug="x")[:-1])


def _request_cached(key: tuple[str, object], build: Callable[[], str]) -> str:
    """A URL part built once per request and kept on ``flask.g``."""
    cache = g.setdefault("url_parts", {})
    if key not in cache:
        cache[key] = build()
    return cache[key]


def init_app(app: Flask) -> None:
    """Register the views and their URL helpers for the templates."""
    app.register_blueprint(bp)
    app.add_template_global(search_url)
    app.add_template_global(value_url)
    app.jinja_env.globals.update(VALUE_PAGES=pages.VALUE_PAGES, max_listed=index.MAX_LISTED)
