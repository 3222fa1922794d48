"""The HTML pages: search, a facet group's full list, release, value pages, the accessibility statement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, g, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from indexer.facets import facet_group
from indexer.search.request import MAX_PAGE, MAX_QUERY_LENGTH, SearchRequest
from searchui import index, pages, way_back
from searchui.formatting import slugify
from searchui.heavy import expensive
from searchui.links import external_url
from searchui.params import SORT_LABELS, parse_search_args

bp = Blueprint("views", __name__)

#: Characters left unquoted in query strings, as Werkzeug's ``url_for`` leaves them.
URL_SAFE = "!$'()*,/:;?@"

#: Facet groups whose full list can be narrowed by typing (when JavaScript runs).
TYPE_TO_FILTER = frozenset({"person", "organisation"})

#: When the accessibility statement was last assessed and updated (see accessibility.html).
STATEMENT_ASSESSED = dt.date(2026, 12, 6)
STATEMENT_UPDATED = dt.date(2026, 12, 6)


@bp.get("/")
def search() -> str:
    """The search page: form, facets, timeline, hits and pagination for the query string."""
    page = pages.search_page(parse_search_args(request.args))
    results = page.results
    last_page = min(results.pages, MAX_PAGE)
    way_back.remember(page.params)
    return render_template(
        "search.html",
        page=page,
        params=page.params,
        results=results,
        pages=page_numbers(results.page, last_page),
        last_page=last_page,
        sort_labels=SORT_LABELS,
        max_query_chars=MAX_QUERY_LENGTH,
    )


@bp.get("/filtrera/<group>")
def facet_list(group: str) -> str:
    """Every value of one facet group for the search in the query string, to tick and apply."""
    known = facet_group(group)
    if known is None or known.name != group:
        abort(404)
    page = pages.facet_list_page(group, parse_search_args(request.args))
    return render_template("facet_list.html", page=page, params=page.params, type_to_filter=TYPE_TO_FILTER)


@bp.get("/release/<release_id>")
def release(release_id: str) -> str | Response:
    """One release, as written: text structure, contacts, persons, topics, similar releases.

    An id that links made by an older version use redirects (301) to the release's id now.
    """
    back = way_back.from_request()
    page = pages.release_page(release_id, back.query if back else "")
    if page is None:
        if (moved := pages.current_id(release_id)) is not None:
            return redirect(url_for("views.release", release_id=moved), 301)
        abort(404)
    way_back.remember(back)
    return render_template("release.html", page=page, release=page.release, marked=_as_markup(page.marked))


@bp.get("/person/<slug>")
@expensive
def person(slug: str) -> str:
    """Every release naming a person, by year, with the person's roles over time."""
    return _value_view("person", slug)


@bp.get("/organisation/<slug>")
@expensive
def organisation(slug: str) -> str:
    """Every release naming an organisation, by year."""
    return _value_view("organisation", slug)


@bp.get("/amne/<slug>")
@expensive
def topic(slug: str) -> str:
    """Every release about a topic, by year."""
    return _value_view("topic", slug)


@bp.get("/tillganglighet")
def accessibility() -> str:
    """The accessibility statement (tillgänglighetsredogörelse), in the structure Digg asks for."""
    return render_template("accessibility.html", assessed=STATEMENT_ASSESSED, updated=STATEMENT_UPDATED)


def _value_view(group: str, slug: str) -> str:
    page = value_page_or_404(group, slug)
    way_back.remember(way_back.from_request())
    return render_template("value.html", page=page, pages=page_numbers(page.page, page.pages) if page.pages > 1 else [])


def value_page_or_404(group: str, slug: str) -> pages.ValuePage:
    """The value page for the request's ``page`` (a bad one is a 400), or a 404 for an unknown value."""
    page = pages.value_page(group, slug, pages.requested_page(request.args))
    if page is None:
        abort(404)
    return page


def _as_markup(marked: Callable[[str], str]) -> Callable[[str], Markup]:
    """``marked``'s HTML as Jinja markup (it escapes the text itself)."""
    return lambda text: Markup(marked(text))


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
    base = _request_cached(
        ("search", _external), lambda: external_url("views.search") if _external else url_for("views.search")
    )
    return _with_args(base, params.to_args(**changes))


def value_url(group: str, value: str) -> str:
    """Where a facet value leads: its own page when it has one, else a search filtered on it.

    A value page carries the search this response leads back to (``way_back.carry``).
    """
    if group in pages.VALUE_PAGES and (slug := slugify(value)):
        return way_back.carry(_value_page_prefix(group) + slug)
    return search_url(SearchRequest(filters={group: [value]}))


def release_url(release_id: str) -> str:
    """A release page's URL, carrying the search this response leads back to."""
    return way_back.carry(url_for("views.release", release_id=release_id))


def facet_list_url(group: str, params: SearchRequest) -> str:
    """The full list of ``group``'s values for the search ``params``."""
    return _with_args(url_for("views.facet_list", group=group), params.to_args(page=1))


def _with_args(base: str, args: dict[str, str | list[str]]) -> str:
    """``base`` with the query string of ``args``, encoded as ``url_for`` encodes it."""
    pairs = [(key, value) for key, values in args.items()
             for value in (values if isinstance(values, list) else [values])]  # fmt: skip
    return f"{base}?{urlencode(pairs, safe=URL_SAFE)}" if pairs else base


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
    app.add_template_global(release_url)
    app.add_template_global(facet_list_url)
    app.jinja_env.globals.update(VALUE_PAGES=pages.VALUE_PAGES, API_PAGES=pages.API_PAGES, max_listed=index.MAX_LISTED)
    way_back.init_app(app)
