"""Date tagging runs a rule only where the rule's triggers occur; the result is the same.

``applicable_rules`` skips a rule when the sentence lacks a part every match of the rule
contains (a digit, a month name, a season, "ago", "past"/"last", "year"/"month"). Checked
by generating sentences from the pieces dates are made of, in every case and with Unicode
look-alikes: each match of each rule contains its triggers, and the mentions found are those
all eighteen rules find. The rows of ``mentions.parquet`` come in paragraph and sentence id
order.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.mention_table import MENTION_COLUMNS, mention_rows
from analysis.ingest.temporal import (
    MONTH_NAMES,
    ODD_FOLDS,
    RULE_TRIGGERS,
    RULES,
    TRIGGERS,
    Context,
    applicable_rules,
    find_mentions,
    triggers_in,
)

WORDS = [*MONTH_NAMES, *(m.lower() for m in MONTH_NAMES), *(m.upper() for m in MONTH_NAMES),
         "spring", "Summer", "AUTUMN", "fall", "winter", "ago", "AGO", "past", "Last", "this",
         "next", "year", "years", "Month", "months", "decade", "decades", "since", "from",
         "after", "starting from", "in", "the", "of", "end of", "until", "by", "over", "for",
         "during", "beginning of", "two", "a", "an", "twenty", "to", "and", "Chicago",
         "paſt", "\u212aremlin", "İn", "ſince"]
NUMBERS = ["1", "9", "12", "22", "31", "90", "1990", "2014", "2020", "2021", "1899", "2099",
           "20214", "1990s", "90s", "’90s", "2014–2020", "2014-2020", "2019/20", "$2019",
           "2,019", "2019.5", "٢٠٢١", "²"]
PHRASES = ["two years ago", "a month ago", "12 months ago", "over the past decade",
           "for the last three years", "in the past 26 years", "during the last year",
           "January–March 2020", "May - June 2021", "in the spring", "in winter", "this year",
           "next month", "last year", "since May 2019", "from 2014", "after 2020-2021",
           "22 April 2021", "April 22, 2021", "April 22", "9 May", "the winter of 2020",
           "summer 2019", "the beginning of the 2000s", "the 90’s", "in March", "end of June"]
LOOK_ALIKES = {"s": "ſ", "k": "\u212a", "K": "\u212a", "i": "İ", "a": "а"}  # Cyrillic а last


@st.composite
def phrases(draw: st.DrawFn) -> str:
    """A dated phrase in any case, perhaps with a Unicode look-alike for one letter."""
    text = draw(st.sampled_from([str.lower, str.upper, str.title, str]))(
        draw(st.sampled_from(PHRASES)))
    letter = draw(st.sampled_from([None, *LOOK_ALIKES]))
    return text.replace(letter, LOOK_ALIKES[letter], 1) if letter else text


PIECE = st.one_of(st.sampled_from(WORDS), st.sampled_from(NUMBERS), phrases(),
                  st.sampled_from([" ", "  ", ", ", ". ", "-", "–", "/", "'", "’", "\n"]),
                  st.text(max_size=3))
SENTENCE = st.lists(PIECE, max_size=16).map(" ".join)
CONTEXTS = st.sampled_from([Context(dt.date(2021, 4, 1), dt.date(2021, 4, 30)),
                            Context(dt.date(2022, 1, 1), dt.date(2022, 12, 31), 2019),
                            Context(dt.date(2020, 8, 1), dt.date(2020, 8, 31), None)])


def test_every_rule_names_its_triggers() -> None:
    assert set(RULE_TRIGGERS) == {rule.name for rule in RULES}
    assert all(set(needs) <= set(TRIGGERS) for needs in RULE_TRIGGERS.values())


@settings(max_examples=600, deadline=None)
@given(SENTENCE)
def test_every_match_of_a_rule_contains_its_triggers(text: str) -> None:
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            assert all(TRIGGERS[t].search(m.group(0)) for t in RULE_TRIGGERS[rule.name]), (
                rule.name, m.group(0))
            assert rule in applicable_rules(text)


@settings(max_examples=600, deadline=None)
@given(SENTENCE, CONTEXTS)
def test_mentions_are_those_of_all_the_rules(text: str, ctx: Context) -> None:
    assert find_mentions(text, ctx) == find_mentions(text, ctx, RULES)


@settings(max_examples=600, deadline=None)
@given(st.one_of(SENTENCE, st.text(max_size=60)))
def test_substring_tests_find_every_trigger_the_patterns_find(text: str) -> None:
    by_pattern = {name for name, pattern in TRIGGERS.items() if pattern.search(text)}
    assert by_pattern <= triggers_in(text)


def test_odd_folds_are_the_non_ascii_letters_ignorecase_matches_to_ascii() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = [chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))]
    assert sorted(odd) == sorted(ODD_FOLDS)


def test_a_sentence_without_triggers_is_not_scanned() -> None:
    assert applicable_rules("The Kremlin tightened its grip on Minsk.") == ()
    assert [r.name for r in applicable_rules("In May the talks resumed.")] == ["month"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 1200), st.integers(1, 120), SENTENCE), max_size=30,
                unique_by=lambda t: t[:2]))
def test_rows_come_in_paragraph_and_sentence_id_order(sentences) -> None:
    rows = [{"doc_id": "d", "paragraph_id": f"d-p{p:03d}", "sentence_id": f"d-p{p:03d}-s{s:02d}",
             "text": text} for p, s, text in sentences]
    out = mention_rows(rows, {"d": ("2021-04-01", "2021-04-30")})
    assert all(list(row) == MENTION_COLUMNS for row in out)
    keys = [(r["paragraph_id"], r["sentence_id"], r["mention_index"]) for r in out]
    assert keys == sorted(keys)
    texts = {r["sentence_id"]: r["text"] for r in rows}
    assert all(texts[r["sentence_id"]][r["char_start"]:r["char_end"]] == r["surface"]
               for r in out)
