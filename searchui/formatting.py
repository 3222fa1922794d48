"""Swedish wording for the templates: dates, numbers, hit counts and facet labels."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

from flask import Flask

from indexer.facets import FACET_GROUPS, UNKNOWN_YEAR, UNKNOWN_YEAR_LABEL
from indexer.ingest.dates import format_swedish_date

NO_DATE = "Datum saknas"

#: Each facet group by name, for the templates.
FACET_GROUP = {group.name: group for group in FACET_GROUPS}

#: The time zone in which times are shown: Swedish local time.
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def swedish_date(value: dt.date | str | None) -> str:
    """A date as Swedish readers write it (``17 februari 2021``), or ``Datum saknas``."""
    if not value:
        return NO_DATE
    return format_swedish_date(dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value)


def swedish_datetime(value: dt.datetime) -> str:
    """A moment in Swedish local time: ``23 november 2025 kl. 17.39``."""
    local = value.astimezone(STOCKHOLM)
    return f"{swedish_date(local.date())} kl. {local:%H.%M}"


def swedish_number(value: int) -> str:
    """An integer with Swedish digit grouping: a no-break space every three digits."""
    return f"{value:,}".replace(",", "\u00a0")


def hit_count(total: int, query: str = "") -> str:
    """The result count in words: ``Inga träffar``, ``1 träff``, ``2 träffar för ”x”``."""
    if total == 0:
        words = "Inga träffar"
    elif total == 1:
        words = "1 träff"
    else:
        words = f"{swedish_number(total)} träffar"
    return f"{words} för ”{query}”" if query else words


def facet_label(key: str, value: str) -> str:
    """How a value of the facet group ``key`` is shown: the unknown year reads ``Okänt år``."""
    return FACET_GROUP[key].value_label(value)


def slugify(text: str) -> str:
    """A name as a URL part: ASCII-folded, lower case, words joined by hyphens (``asa-olsson``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def facet_plural(key: str) -> str:
    """A facet group's name for several values (``Personer``)."""
    return FACET_GROUP[key].plural


def is_web_url(value: object) -> bool:
    """Whether a value is an ``http(s)`` address, safe to offer as a link."""
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def tel_href(phone: str) -> str:
    """A phone number as a ``tel:`` link target: digits and a leading plus only."""
    return re.sub(r"(?!^\+)[^0-9]", "", phone.strip())


def init_app(app: Flask) -> None:
    """Register these helpers as Jinja filters and globals."""
    app.add_template_filter(swedish_date)
    app.add_template_filter(swedish_datetime)
    app.add_template_filter(slugify)
    app.add_template_filter(swedish_number)
    app.add_template_filter(tel_href)
    app.add_template_global(hit_count)
    app.add_template_global(facet_label)
    app.add_template_global(facet_plural)
    app.add_template_test(is_web_url, "web_url")
    app.jinja_env.globals.update(
        FACET_GROUPS=FACET_GROUPS,
        FACET_GROUP=FACET_GROUP,
        UNKNOWN_YEAR_LABEL=UNKNOWN_YEAR_LABEL,
        UNKNOWN_YEAR=UNKNOWN_YEAR,
    )
