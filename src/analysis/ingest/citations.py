"""URLs and dates in notes: Roman-numeral months, access dates versus cited dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

ROMAN_MONTHS = {r: i for i, r in enumerate(
    ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"], start=1)}
ENGLISH_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
ENGLISH_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
ENGLISH_MONTHS["sept"] = 9
RUSSIAN_MONTHS = {m: i for i, m in enumerate(
    ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
     "октября", "ноября", "декабря"], start=1)}
POLISH_MONTHS = {m: i for i, m in enumerate(
    ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
     "września", "października", "listopada", "grudnia"], start=1)}

_S = r"[\s\u00a0\u2009\u202f]+"
_ROMAN = "|".join(sorted(ROMAN_MONTHS, key=len, reverse=True))
_EN = "|".join(sorted(ENGLISH_MONTHS, key=len, reverse=True))
_RU_PL = "|".join(sorted([*RUSSIAN_MONTHS, *POLISH_MONTHS], key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
DATE_PATTERNS = [
    ("day", re.compile(rf"\b(?P<d>\d{{1,2}}){_S}(?P<rm>{_ROMAN}){_S}(?P<y>{_YEAR})\b", re.I)),
    ("day", re.compile(rf"\b(?P<d>\d{{1,2}}){_S}(?P<em>{_EN})\.?{_S}(?P<y>{_YEAR})\b", re.I)),
    ("day", re.compile(rf"\b(?P<em>{_EN})\.?{_S}(?P<d>\d{{1,2}}),?{_S}(?P<y>{_YEAR})\b", re.I)),
    ("day", re.compile(rf"(?<!\w)(?P<d>\d{{1,2}}){_S}(?P<xm>{_RU_PL}){_S}(?P<y>{_YEAR})"
                       rf"(?:{_S}(?:года|г\.|r\.))?", re.I)),
    ("month", re.compile(rf"\b(?P<em>{_EN})\.?{_S}(?P<y>{_YEAR})\b", re.I)),
    ("year", re.compile(rf"(?<![\w.,])(?P<y>{_YEAR})(?!\w|[.,]\d)")),
]
URL = re.compile(r"<(?P<bracketed>[^<>\s]+)>|(?P<bare>(?:https?://|www\.)[^\s<>\"”]+)")
ACCESS_CUE = re.compile(r"(?:accessed|retrieved|dostęp|access(?:ed)? on)\s*:?\s*$", re.I)
_URL_TRAIL = ".,;:)]>"


@dataclass(frozen=True)
class CitedDate:
    """A date found in a note, with its span and role."""

    surface: str
    start: int
    end: int
    date: str
    precision: str
    role: str  # "accessed" | "cited"


def extract_urls(text: str) -> list[str]:
    """URLs in order of appearance: inside <…>, or bare http(s)://… and www.…."""
    urls = []
    for m in URL.finditer(text):
        url = (m.group("bracketed") or m.group("bare")).rstrip(_URL_TRAIL)
        if m.group("bracketed") and not re.match(r"(?:https?://|www\.)", url):
            continue
        urls.append(url)
    return urls


def _month_of(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("rm"):
        return ROMAN_MONTHS[groups["rm"].lower()]
    if groups.get("em"):
        return ENGLISH_MONTHS[groups["em"].lower()]
    if groups.get("xm"):
        key = groups["xm"].lower()
        return RUSSIAN_MONTHS.get(key) or POLISH_MONTHS.get(key)
    return None


def _iso(m: re.Match[str], precision: str) -> str | None:
    year = int(m.group("y"))
    if precision == "year":
        return f"{year:04d}"
    month = _month_of(m)
    if month is None:
        return None
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    day = int(m.group("d"))
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL.finditer(text)]


def extract_cited_dates(text: str) -> list[CitedDate]:
    """Every date in a note (day, month or year precision), marking access dates."""
    taken: list[tuple[int, int]] = _url_spans(text)
    found: list[CitedDate] = []
    for precision, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < b and a < end for a, b in taken):
                continue
            iso = _iso(m, precision)
            if iso is None:  # e.g. "31 ii 2021": not a date, and its year is not one either
                taken.append((start, end))
                continue
            bracket_open = text.rfind("[", 0, start)
            bracket_close = text.rfind("]", 0, start)
            in_bracket = text[bracket_open:start] if bracket_open > bracket_close else ""
            cue = ACCESS_CUE.search(text[max(0, start - 30):start]) or re.search(
                r"access", in_bracket, re.I)
            found.append(CitedDate(m.group(0), start, end, iso, precision,
                                   "accessed" if cue else "cited"))
            taken.append((start, end))
    return sorted(found, key=lambda d: d.start)
