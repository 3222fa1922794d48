"""Swedish dates as press releases write them: ``17 februari 2021``, ``2021-02-17``.

Only dates that the text states are returned; nothing is guessed, so a release
without a date keeps an unknown year.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

#: Accepted abbreviations: the first three letters (``feb``, ``sep``) and ``sept``.
_MONTH_WORDS = {name[:3]: number for name, number in MONTHS.items()}
_MONTH_WORDS.update(MONTHS, sept=9)

_WORD_DATE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<month>[a-zåäö]+)\.?\s+(?P<year>\d{4})\b", re.IGNORECASE
)
_ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")


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


def format_swedish_date(day: dt.date) -> str:
    """A date as Swedish prose: ``17 februari 2021``."""
    month = next(name for name, number in MONTHS.items() if number == day.month)
    return f"{day.day} {month} {day.year}"
