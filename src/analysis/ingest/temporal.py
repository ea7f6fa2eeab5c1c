"""Dated mentions in sentences, and the period each sentence refers to.

The rules for what counts as a mention live here, as an ordered list of named regular
expressions; dates are built with ``datetime``/``calendar`` and ``dateutil.relativedelta``.
A mention has a start and an end date and a precision (day, month, season, year, decade,
range). Yearless dates ("On April 22") take the latest explicit year earlier in the same
paragraph, else the year that puts them on or before the publication date. Relative
phrases ("a year ago", "for the past 26 years") are resolved against the start of the
publication period and flagged ``relative``; when the publication date is known only to
the year, yearless dates are placed before its middle.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd
from dateutil.relativedelta import relativedelta

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
_MONTH = "(?P<{g}>" + "|".join(MONTH_NAMES) + ")"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
            "winter": (12, 2)}
_NUMBERS = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve"])}
_NUMBERS.update({"twenty": 20, "thirty": 30, "a": 1, "an": 1})
_UNITS = ("year", "years", "month", "months", "decade", "decades")
_COUNT = (r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
          r"|twenty|thirty|a|an)")
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)"
ANCHOR_RULES = ("sentence", "paragraph", "none")


@dataclass(frozen=True)
class Mention:
    """A dated expression in a sentence."""

    surface: str
    start: int
    end: int
    start_date: dt.date
    end_date: dt.date
    precision: str
    rule: str
    relative: bool = False
    yearless: bool = False


@dataclass(frozen=True)
class Context:
    """What resolves incomplete mentions: publication period, and the paragraph's year."""

    published_start: dt.date
    published_end: dt.date
    year: int | None = None

    @property
    def reference(self) -> dt.date:
        """"Now" for a yearless date: the end of a day/month publication period, the middle
        of a year-precision one (the text could come from any month of that year)."""
        if (self.published_end - self.published_start).days > 62:
            return self.published_start + (self.published_end - self.published_start) / 2
        return self.published_end

    @property
    def month_precise(self) -> bool:
        """Is the publication date known to the month (so "a year ago" is a month)?"""
        return (self.published_end - self.published_start).days <= 31


def _word(surface: str, words: Iterable[str]) -> str:
    """Which of ``words`` a case-insensitive rule matched as ``surface`` ("MAY" → "may";
    also where ``re`` folds letters that ``str.lower`` does not, as "ſ" for "s")."""
    low = surface.lower()
    if low in words:
        return low
    return next(w for w in words if re.fullmatch(re.escape(w), surface, re.IGNORECASE))


def _count(surface: str) -> int:
    """"two" → 2, "12" → 12."""
    return int(surface) if surface.isdecimal() else _NUMBERS[_word(surface, _NUMBERS)]


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _yearless_year(month: int, day: int, ctx: Context) -> int:
    if ctx.year is not None:
        return ctx.year
    year = ctx.reference.year
    return year - 1 if dt.date(year, month, min(day, 28)) > ctx.reference else year


def _day(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool] | None:
    month = MONTHS[_word(m.group("m"), MONTHS)]
    day = int(m.group("d"))
    if day < 1:  # "May 0": no day, and no year to look for
        return None
    yearless = m.groupdict().get("y") is None
    year = _yearless_year(month, day, ctx) if yearless else int(m.group("y"))
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    date = dt.date(year, month, day)
    return date, date, "day", yearless


def _month(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool] | None:
    month = MONTHS[_word(m.group("m"), MONTHS)]
    yearless = m.groupdict().get("y") is None
    year = _yearless_year(month, 1, ctx) if yearless else int(m.group("y"))
    return (*_month_span(year, month), "month", yearless)


def _month_range(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool]:
    year = int(m.group("y"))
    first, last = MONTHS[m.group("m").lower()], MONTHS[m.group("m2").lower()]
    return _month_span(year, first)[0], _month_span(year, last)[1], "range", False


def _season(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool]:
    first, last = _SEASONS[_word(m.group("s"), _SEASONS)]
    yearless = m.groupdict().get("y") is None
    year = (ctx.year or ctx.published_start.year) if yearless else int(m.group("y"))
    end_year = year + 1 if last < first else year
    return (_month_span(year, first)[0], _month_span(end_year, last)[1], "season", yearless)


def _year(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool]:
    year = int(m.group("y"))
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", False


def _year_range(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool] | None:
    first, last = int(m.group("y")), int(m.group("y2"))
    if last < first:
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31), "range", False


def _since(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool] | None:
    inner = _month(m, ctx) if m.groupdict().get("m") else _year(m, ctx)
    if inner is None or inner[0] > ctx.published_end:
        return None
    return inner[0], ctx.published_end, "range", inner[3]


def _decade(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool]:
    digits = m.group("dec")
    century = int(m.group("c")) * 100 if m.group("c") else (1900 if int(digits) >= 30 else 2000)
    start = century + int(digits)
    return dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade", False


def _ago(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool]:
    n = _count(m.group("n"))
    unit = _word(m.group("u"), _UNITS).rstrip("s")
    when = ctx.published_start - (relativedelta(years=n) if unit == "year"
                                  else relativedelta(months=n))
    if unit == "year" and not ctx.month_precise:
        return dt.date(when.year, 1, 1), dt.date(when.year, 12, 31), "year", False
    return (*_month_span(when.year, when.month), "month", False)


def _past(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool]:
    count = m.groupdict().get("n") or "1"
    n = _count(count)
    unit = _word(m.group("u"), _UNITS).rstrip("s")
    delta = {"decade": relativedelta(years=10 * n), "year": relativedelta(years=n),
             "month": relativedelta(months=n)}[unit]
    return ctx.published_start - delta, ctx.published_start, "range", False


def _deictic(m: re.Match[str], ctx: Context) -> tuple[dt.date, dt.date, str, bool]:
    which, unit = _word(m.group("w"), ("this", "last", "next")), _word(m.group("u"), _UNITS)
    shift = {"this": 0, "last": -1, "next": 1}[which]
    if unit == "year":
        year = ctx.published_start.year + shift
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", False
    when = ctx.published_start + relativedelta(months=shift)
    return (*_month_span(when.year, when.month), "month", False)


Resolver = Callable[[re.Match[str], Context], "tuple[dt.date, dt.date, str, bool] | None"]
_M, _M2 = _MONTH.format(g="m"), _MONTH.format(g="m2")
_SEASON = r"(?P<s>spring|summer|autumn|fall|winter)"
_SINCE = r"\b(?:since|starting from|from|after)\s+"


@dataclass(frozen=True)
class Rule:
    """One kind of dated mention: a pattern and how to turn a match into dates."""

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    relative: bool = False


# Earlier rules win where spans overlap.
RULES: list[Rule] = [
    Rule("since_month", re.compile(rf"{_SINCE}{_M}\s+{_YEAR}\b", re.I), _since),
    Rule("date_dmy", re.compile(rf"\b(?P<d>\d{{1,2}})\s+{_M}\s+{_YEAR}\b"), _day),
    Rule("date_mdy", re.compile(rf"\b{_M}\s+(?P<d>\d{{1,2}}),?\s+{_YEAR}\b"), _day),
    Rule("month_range", re.compile(rf"\b{_M}\s*[-–]\s*{_M2}\s+{_YEAR}\b"), _month_range),
    Rule("season_year",
         re.compile(rf"\b(?:the\s+)?{_SEASON}\s+(?:of\s+)?{_YEAR}\b", re.I), _season),
    Rule("month_year", re.compile(rf"\b{_M}\s+{_YEAR}\b"), _month),
    Rule("year_range",
         re.compile(rf"\b{_YEAR}\s*(?:[-–/]|to|and)\s*(?P<y2>1[89]\d\d|20\d\d)\b"), _year_range),
    Rule("since_year", re.compile(rf"{_SINCE}{_YEAR}\b(?!\s*[-–/]\s*\d)", re.I), _since),
    Rule("decade",
         re.compile(r"\b(?:the\s+)?(?:beginning\s+of\s+)?(?P<c>19|20)?(?P<dec>\d0)[’']?s\b"),
         _decade),
    Rule("date_dm", re.compile(rf"\b(?P<d>\d{{1,2}})\s+{_M}\b"), _day),
    Rule("date_md",
         re.compile(rf"\b{_M}\s+(?P<d>\d{{1,2}})\b(?!\s*,?\s*\d{{4}})(?![\d,.]*\d)"), _day),
    Rule("season", re.compile(rf"\b(?:in\s+(?:the\s+)?){_SEASON}\b", re.I), _season),
    Rule("month", re.compile(rf"\b(?i:in|of|end of|since|until|by)\s+{_M}\b(?!\s+\d)"), _month),
    Rule("ago", re.compile(rf"\b{_COUNT}\s+(?P<u>years?|months?)\s+ago\b", re.I), _ago, True),
    Rule("past_span",
         re.compile(rf"\b(?:for\s+|over\s+|in\s+)?(?:the\s+)?(?:past|last)\s+{_COUNT}"
                    r"\s+(?P<u>decades|years|months)\b", re.I), _past, True),
    Rule("past_unit",
         re.compile(r"\b(?:over|for|during|in)\s+the\s+(?:past|last)\s+(?P<u>decade|year|month)\b",
                    re.I), _past, True),
    Rule("deictic", re.compile(r"\b(?P<w>this|last|next)\s+(?P<u>year|month)\b", re.I),
         _deictic, True),
    Rule("year", re.compile(rf"(?<![\d,.$])\b{_YEAR}\b(?![,.]?\d)"), _year),
]


# What a sentence must contain for a rule to match at all: each rule's matches contain every
# trigger it names (its digits, month name, season, "ago", "past"/"last", "year"/"month";
# matched with the rule's own case rules). A rule runs only where its triggers are found, so
# the many sentences with no digit and no such word are not scanned eighteen times.
TRIGGERS: dict[str, re.Pattern[str]] = {
    "digit": re.compile(r"\d"),
    "month": re.compile("|".join(MONTH_NAMES)),
    "season": re.compile(r"spring|summer|autumn|fall|winter", re.I),
    "ago": re.compile(r"ago", re.I),
    "past": re.compile(r"past|last", re.I),
    "unit": re.compile(r"year|month", re.I),
}
RULE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "since_month": ("digit",), "date_dmy": ("digit", "month"), "date_mdy": ("digit", "month"),
    "month_range": ("digit", "month"), "season_year": ("digit", "season"),
    "month_year": ("digit", "month"), "year_range": ("digit",), "since_year": ("digit",),
    "decade": ("digit",), "date_dm": ("digit", "month"), "date_md": ("digit", "month"),
    "season": ("season",), "month": ("month",), "ago": ("ago",), "past_span": ("past",),
    "past_unit": ("past",), "deictic": ("unit",), "year": ("digit",),
}
# The same triggers found with substring tests, which cost a fraction of a regex alternation:
# the words of the case-insensitive ones in the lower-cased text, unless the text holds one
# of the letters IGNORECASE matches to an ASCII letter that str.lower() does not turn into it
# (every code point tried; tests/test_temporal_triggers.py repeats the search), and then
# every case-insensitive trigger counts as found.
_CASELESS_WORDS = {"season": ("spring", "summer", "autumn", "fall", "winter"), "ago": ("ago",),
                   "past": ("past", "last"), "unit": ("year", "month")}
ODD_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")  # İ ı ſ K(elvin)


def triggers_in(text: str) -> frozenset[str]:
    """The names of the TRIGGERS that occur in ``text`` (perhaps a few more, never fewer)."""
    found = ["digit"] if TRIGGERS["digit"].search(text) else []
    if any(month in text for month in MONTH_NAMES):
        found.append("month")
    odd = not text.isascii() and any(ch in text for ch in ODD_FOLDS)
    low = text.lower()
    found += [name for name, words in _CASELESS_WORDS.items()
              if odd or any(word in low for word in words)]
    return frozenset(found)


@cache
def _rules_with(found: frozenset[str]) -> tuple[Rule, ...]:
    return tuple(rule for rule in RULES if found.issuperset(RULE_TRIGGERS[rule.name]))


def applicable_rules(text: str) -> tuple[Rule, ...]:
    """The rules, in order, whose triggers all occur in ``text`` (the others cannot match)."""
    return _rules_with(triggers_in(text))


def find_mentions(text: str, ctx: Context, rules: Sequence[Rule] | None = None) -> list[Mention]:
    """Dated mentions in one sentence, in text order, without overlaps.

    ``rules``: the rules to try (default: those :func:`applicable_rules` keeps; the result is
    the same as with all of ``RULES``).
    """
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for rule in applicable_rules(text) if rules is None else rules:
        for m in rule.pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            resolved = rule.resolve(m, ctx)
            if resolved is None:
                continue
            start, end, precision, yearless = resolved
            found.append(Mention(m.group(0), m.start(), m.end(), start, end, precision,
                                 rule.name, rule.relative, yearless))
            taken.append(m.span())
    return sorted(found, key=lambda x: x.start)


_EXPLICIT_YEAR = re.compile(rf"\b{_YEAR}\b")


def paragraph_mentions(sentences: Iterable[str], published_start: dt.date,
                       published_end: dt.date) -> list[list[Mention]]:
    """Mentions of each sentence of one paragraph; yearless dates take the paragraph's year."""
    year: int | None = None
    out = []
    for text in sentences:
        ctx = Context(published_start, published_end, year)
        mentions = find_mentions(text, ctx)
        out.append(mentions)
        explicit = [m for m in mentions if not m.yearless and not m.relative
                    and _EXPLICIT_YEAR.search(m.surface)]
        if explicit:
            year = explicit[-1].end_date.year
    return out


def anchor_sentences(sentences: pd.DataFrame, mentions: pd.DataFrame,
                     rule: str = "paragraph") -> pd.DataFrame:
    """The period each sentence refers to.

    ``sentence``: the sentence's own first mention only; ``paragraph``: its own, else the
    nearest preceding mention in its paragraph; ``none``: no anchoring. The referenced date
    is the start of the anchoring mention (the onset of a range such as "since 2014").
    """
    if rule not in ANCHOR_RULES:
        raise ValueError(f"anchoring rule must be one of {', '.join(ANCHOR_RULES)}, not {rule!r}")
    first = (mentions.sort_values(["sentence_id", "mention_index"])
             .drop_duplicates("sentence_id").set_index("sentence_id"))
    out = []
    for pid, group in sentences.sort_values("sentence_id").groupby("paragraph_id", sort=True):
        carried: tuple[str, pd.Series] | None = None
        for sid in group["sentence_id"]:
            own = first.loc[sid] if sid in first.index else None
            if rule == "none":
                source, mention = "none", None
            elif own is not None:
                source, mention, carried = "own", own, (sid, own)
            elif rule == "paragraph" and carried is not None:
                source, mention = "paragraph", carried[1]
            else:
                source, mention = "none", None
            out.append({"sentence_id": sid, "paragraph_id": pid, "anchor": source,
                        "anchor_sentence_id": (sid if source == "own" else
                                               carried[0] if source == "paragraph" and carried
                                               else ""),
                        "ref_start": mention["start_date"] if mention is not None else None,
                        "ref_end": mention["end_date"] if mention is not None else None,
                        "ref_precision": mention["precision"] if mention is not None else None})
    return pd.DataFrame(out)
