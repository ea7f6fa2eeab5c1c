"""Publication dates as written in metadata and bylines, read with their precision.

A date is returned as the manifest writes it (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) with its
precision (``day``, ``month``, ``year``): a value that names only a month stays a month. The
calendar date is taken as written (a time zone offset is not applied), and a numeric date whose
day and month could be swapped (``05/04/2021``) is refused rather than guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = (r"(?P<{g}>(?:January|February|March|April|May|June|July|August|September|October"
          r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_YEAR = r"(?P<y>1[89]\d\d|2[01]\d\d)"

# Whole values of structured fields (meta tags, JSON-LD, front matter, PDF metadata).
_ISO = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?"
                  r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?)?")
_COMPACT = re.compile(r"(?:D:)?(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\d{2,6})?"
                      r"(?:Z|[+-]\d{2}'?\d{2}'?)?(?:00'00')?")
_SLASHED = re.compile(r"(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?P<y>\d{4})")
_YMD_SLASH = re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})(?:/(?P<d>\d{1,2}))?")

# Dates inside running text (bylines, first pages), most precise first.
_TEXT_RULES = (
    ("day", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.format(g='m')}"
                       rf",?\s+{_YEAR}\b", re.I)),
    ("day", re.compile(rf"\b{_MONTH.format(g='m')}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                       rf"{_YEAR}\b", re.I)),
    ("day", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("day", re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b")),
    ("month", re.compile(rf"\b{_MONTH.format(g='m')},?\s+{_YEAR}\b", re.I)),
)


@dataclass(frozen=True)
class Date:
    """A publication date as the manifest writes it, with its precision."""

    published: str
    precision: str


@dataclass(frozen=True)
class TextDate:
    """A date found in running text, with the words it was read from."""

    date: Date
    surface: str
    start: int


def make_date(year: int, month: int | None = None, day: int | None = None) -> Date | None:
    """The date of these parts, or None when they are not a real calendar date."""
    if not 1000 <= year <= 2199:
        return None
    if month is None:
        return Date(f"{year:04d}", "year")
    if not 1 <= month <= 12:
        return None
    if day is None:
        return Date(f"{year:04d}-{month:02d}", "month")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return Date(f"{year:04d}-{month:02d}-{day:02d}", "day")


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _from_match(m: re.Match[str]) -> Date | None:
    parts = m.groupdict()
    month = parts.get("m")
    number = None if month is None else (int(month) if month.isdigit() else _month_number(month))
    day = parts.get("d")
    return make_date(int(parts["y"]), number, None if day is None else int(day))


def parse_date(value: object) -> Date | None:
    """Read one structured value: ISO 8601 (with or without time), ``YYYY-MM``, ``YYYY``,
    PDF ``D:YYYYMMDD…``, ``YYYY/MM/DD``, ``DD.MM.YYYY``, ``19 May 2021``, ``May 2021``;
    ``datetime``/``date`` objects (as YAML and TOML give them) are days."""
    if isinstance(value, dt.datetime | dt.date):
        return make_date(value.year, value.month, value.day)
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    for pattern in (_ISO, _COMPACT, _YMD_SLASH):
        m = pattern.fullmatch(text)
        if m:
            return _from_match(m)
    m = _SLASHED.fullmatch(text)
    if m:
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= 12 and b <= 12 and a != b and "/" in text:
            return None  # 05/04/2021: April or May, depending on the country
        day, month = (b, a) if a <= 12 < b else (a, b)
        return make_date(int(m.group("y")), month, day)
    found = find_dates(text)
    if found and found[0].start == 0 and len(found[0].surface) >= len(text.rstrip(". ")):
        return found[0].date
    return None


def find_dates(text: str) -> list[TextDate]:
    """Dates written out in running text, in the order they occur (no overlaps)."""
    found: list[TextDate] = []
    taken: list[tuple[int, int]] = []
    for _precision, pattern in _TEXT_RULES:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            date = _from_match(m)
            if date is not None:
                found.append(TextDate(date, m.group(0), m.start()))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def check_given(value: str) -> Date | None:
    """A date given on the command line: exactly ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    return make_date(*(int(g) for g in m.groups() if g is not None))
