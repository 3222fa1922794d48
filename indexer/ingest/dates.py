"""Swedish dates as press releases write them: ``17 februari 2021``, ``2021-02-17``.

Only dates that the text states are returned; nothing is guessed, so a release
without a date keeps an unknown year. The site's date labels (``Publicerad``,
``Uppdaterad``, ``Senast uppdaterad``) are read here too.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

#: Accepted abbreviations: the first three letters (``feb``, ``sep``) and ``sept``.
_MONTH_WORDS = {name[:3]: number for name, number in MONTHS.items()}
_MONTH_WORDS.update(MONTHS, sept=9)

_WORD_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[a-zåäö]+)\.?\s+(?P<year>\d{4})\b", re.IGNORECASE)
#: ISO dates, also as the start of a timestamp (``2022-03-03T09:00:00+01:00``).
_ISO_DATE = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
_WHOLE_DATE = re.compile(
    r"^(?:den\s+)?(?:\d{1,2}\s+[a-zåäö]+\.?\s+\d{4}|\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?)$",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?P<label>publicerad|publicerat|(?:senast\s+)?uppdaterad|uppdaterat)\b\s*:?\s*(?P<date>.*)$",
    re.IGNORECASE,
)
#: A clock time after a labelled date: ``kl. 09.00``, ``, 10:15``.
_TIME = re.compile(r"[\s,]*(?:kl\.?\s*)?\d{1,2}[:.]\d{2}$", re.IGNORECASE)

DateLabel = Literal["published", "updated"]


def parse_swedish_date(text: str) -> dt.date | None:
    """The first valid date written in ``text``, or None when there is none."""
    for pattern in (_WORD_DATE, _ISO_DATE):
        for match in pattern.finditer(text):
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTH_WORDS.get(month.lower())
            if number is None:
                continue
            try:
                return dt.date(int(match["year"]), number, int(match["day"]))
            except ValueError:
                continue
    return None


def parse_date_value(text: str) -> dt.date | None:
    """A value that must be one date and nothing else (JSON, sidecars, HTML metadata)."""
    text = " ".join(text.split())
    return parse_swedish_date(text) if _WHOLE_DATE.match(text) else None


def date_label(line: str) -> tuple[DateLabel, dt.date | None] | None:
    """Read a label line: ``("published", date)`` for ``Publicerad 17 februari 2021``.

    None when the line is no label (also when more than a date follows it); the
    date is None for a bare label (``Senast uppdaterad:`` is a navigation leftover).
    """
    match = _LABEL.match(" ".join(line.split()))
    if match is None:
        return None
    which: DateLabel = "published" if match["label"].lower().startswith("publicera") else "updated"
    rest = match["date"]
    if not rest:
        return which, None
    date = parse_date_value(rest) or parse_date_value(_TIME.sub("", rest))
    return (which, date) if date else None


def format_swedish_date(day: dt.date) -> str:
    """A date as Swedish prose: ``17 februari 2021``."""
    month = next(name for name, number in MONTHS.items() if number == day.month)
    return f"{day.day} {month} {day.year}"
