"""Property tests for what `analysis add` reads: dates in every written form keep their
precision, front matter and header blocks round-trip, and the sniffer tells wrapped PDF text
from one-line-per-paragraph web text whatever the width."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import textwrap
from pathlib import Path

import yaml
from addkit import SEEDS, seed_blocks
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.metadata.dates import check_given, find_dates, make_date, parse_date
from analysis.ingest.metadata.frontmatter import read_markdown
from analysis.ingest.metadata.plaintext import read_plain_text
from analysis.ingest.sniff import sniff

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31))
PRECISIONS = st.sampled_from(["day", "month", "year"])


def written_forms(date: dt.date, precision: str) -> list[str]:
    """The ways sites, journals and PDF producers write a date of this precision."""
    month, abbr = calendar.month_name[date.month], calendar.month_abbr[date.month]
    if precision == "year":
        return [f"{date.year}"]
    if precision == "month":
        return [f"{date:%Y-%m}", f"{month} {date.year}", f"{abbr}. {date.year}",
                f"{month}, {date.year}"]
    return [date.isoformat(), f"{date.isoformat()}T08:15:00+03:00", f"{date.isoformat()}T00:00:00Z",
            f"{date.isoformat()} 23:59", f"D:{date:%Y%m%d}101500+02'00'", f"{date:%Y%m%d}",
            f"{date.day} {month} {date.year}", f"{month} {date.day}, {date.year}",
            f"{abbr} {date.day}, {date.year}", f"{date.day}th of {month} {date.year}",
            f"{date.day:02d}.{date.month:02d}.{date.year}", f"{date:%Y/%m/%d}"]


def expected(date: dt.date, precision: str):
    parts = {"year": (date.year,), "month": (date.year, date.month),
             "day": (date.year, date.month, date.day)}[precision]
    return make_date(*parts)


@given(DATES, PRECISIONS, st.data())
def test_a_written_date_keeps_its_precision(date, precision, data) -> None:
    form = data.draw(st.sampled_from(written_forms(date, precision)))
    assert parse_date(form) == expected(date, precision)


@given(DATES, PRECISIONS, st.data())
def test_a_date_in_running_text_is_found_once(date, precision, data) -> None:
    forms = [f for f in written_forms(date, precision)
             if calendar.month_abbr[date.month] in f]  # month names: what bylines write
    if precision == "day":
        forms.append(date.isoformat())
    if not forms:  # a bare year in running text is not a publication date
        return
    form = data.draw(st.sampled_from(forms))
    text = f"First published {form} by the institute."
    found = find_dates(text)
    assert [(f.date, f.surface) for f in found] == [(expected(date, precision), form)]


@given(DATES, PRECISIONS)
def test_a_date_given_on_the_command_line(date, precision) -> None:
    written = {"day": date.isoformat(), "month": f"{date:%Y-%m}", "year": f"{date:%Y}"}
    assert check_given(written[precision]) == expected(date, precision)


def test_ambiguous_and_impossible_dates_are_not_guessed() -> None:
    assert parse_date("05/04/2021") is None  # April or May
    assert parse_date("05/19/2021") == make_date(2021, 5, 19)
    assert parse_date("19/05/2021") == make_date(2021, 5, 19)
    assert parse_date("2021-02-30") is None
    assert check_given("2021-5") is None and check_given("21-05-19") is None
    assert parse_date("last spring") is None


NAMES = st.builds(lambda a, b: f"{a} {b}", st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True),
                  st.from_regex(r"[A-Z][a-zł]{1,11}", fullmatch=True))
TITLES = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJŁŚŻ"
                                                 "ąćęńóśź0123456789 ,.:?!'’“”–—-()")),
                 min_size=1, max_size=80).map(lambda t: " ".join(t.split())).filter(bool)


def _toml(value) -> str:
    return json.dumps(value, ensure_ascii=True)  # a JSON string or list is valid TOML


@settings(max_examples=60, deadline=None)
@given(TITLES, st.lists(NAMES, min_size=1, max_size=3), DATES, PRECISIONS,
       st.sampled_from(["YAML", "TOML"]))
def test_front_matter_round_trip(title, authors, date, precision, kind) -> None:
    published = expected(date, precision)
    if kind == "YAML":
        value = date if precision == "day" else (
            date.year if precision == "year" else published.published)
        front = "---\n" + yaml.safe_dump({"title": title, "author": authors,
                                          "published": value}, allow_unicode=True) + "---\n"
    else:
        front = (f"+++\ntitle = {_toml(title)}\nauthors = {_toml(authors)}\n"
                 f"date = {_toml(published.published)}\n+++\n")
    body = "\n\n".join(seed_blocks("000")[2:5])
    meta = read_markdown(f"{front}\n{body}\n", "clip.md")
    key = "published" if kind == "YAML" else "date"
    assert (meta.title, meta.authors, meta.date.date, meta.date.evidence) == \
        (title, tuple(authors), published, f"{kind} front matter '{key}'")
    assert meta.body.strip() == body


@settings(max_examples=40, deadline=None)
@given(TITLES.filter(lambda t: ":" not in t), st.lists(NAMES, min_size=1, max_size=3), DATES,
       PRECISIONS)
def test_plain_text_header_round_trip(title, authors, date, precision) -> None:
    published = expected(date, precision)
    written = written_forms(date, precision)[-1]
    text = (f"Title: {title}\nAuthors: {'; '.join(authors)}\nDate: {written}\n\n"
            + "\n\n".join(seed_blocks("004")[1:4]))
    meta = read_plain_text(text)
    assert (meta.title, meta.authors, meta.date.date) == (title, tuple(authors), published)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(SEEDS)), st.integers(min_value=55, max_value=120),
       st.booleans())
def test_sniffer_tells_wrapped_text_from_paragraph_lines(doc_id, width, references) -> None:
    blocks = seed_blocks(doc_id)
    notes = [f"{i}. A. Author, Title of a cited work number {i}, Journal, 2021, p. {i}."
             for i in range(1, 15)] if references else []
    one_line = "\n\n".join(blocks) + ("\n\n" + "\n".join(notes) if notes else "")
    wrapped = "\n\n".join("\n".join(textwrap.wrap(b, width)) for b in blocks)
    path = Path("source.txt")
    assert sniff(one_line.encode(), path) == "web_article"
    assert sniff(wrapped.encode(), path) == "journal_pdf_text"


def test_the_seeds_sniff_to_their_manifest_formats(sources) -> None:
    for source in sources.values():
        assert sniff(source.path.read_bytes(), source.path) == source.format, source.doc_id


def test_titles_guessed_from_the_seeds_match_the_manifest(sources, raw_texts) -> None:
    guessed = {doc_id: read_plain_text(text).title for doc_id, text in raw_texts.items()}
    assert {d: guessed[d] == sources[d].title for d in guessed} == {
        "000": True, "001": False, "002": True, "003": True, "004": True}
    assert guessed["001"] == "Maria Avdeeva, European Expert Association"  # no title given
