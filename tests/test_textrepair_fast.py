"""The fast text repairs give what the previous ones gave, with the same repair log.

The oracle is ``tests/reference_textrepair.py`` (the functions before issue 16). Inputs are
the seeds' raw blocks and Hypothesis texts built from the pieces repairs act on: broken
words and ligature gaps, possessives and decades, hyphens at line ends, odd spaces, Unicode
letters and digits the regular expressions classify differently from ``str`` methods.
"""

from __future__ import annotations

import re

import pytest
import reference_textrepair as ref
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.lexicon import Lexicon
from analysis.ingest.parsers.common import small_caps_rules, small_caps_screen
from analysis.ingest.textrepair import (
    any_of,
    close_hyphen_spaces,
    join_broken_words,
    join_lines_dehyphenating,
    normalise_spaces,
    restore_lost_ligatures,
    restore_small_caps,
)

PIECES = ["infl", "uence", "off", "ice", "aff", "airs", "confl", "ict", "h", "elp", "s", "a",
          "I", "x", "the", "of", "ff", "fi", "Fl", "’", "'", "90", "Belarus’", "Russia’s", "2014",
          "-", "--", "be-", "gun", "Western", "eu", "nato", "us", "covid-19", "tu-154", "¹", "½",
          "²", "_", "é", "Ł", "ß", "ſ", "İ", "٢", "\ufffd", "\n", "\r", "\t", "\u00a0", "\u2009",
          "  ", ""]
TOKEN = st.one_of(st.sampled_from(PIECES), st.text(max_size=4))
TEXT = st.lists(st.lists(TOKEN, max_size=3).map("".join), max_size=14).map(" ".join)
LINES = st.lists(st.lists(TOKEN, max_size=8).map("".join), max_size=8)
LEXICON = Lexicon("Lukashenka Lukashenka influence affairs conflict conflict elp")


@pytest.fixture(scope="module")
def seed_lexicons(raw_texts) -> list[tuple[Lexicon, list[str]]]:
    return [(Lexicon(raw), [" ".join(block.split()) for block in raw.split("\n\n")])
            for raw in raw_texts.values()]


def test_broken_words_on_the_seeds(seed_lexicons) -> None:
    for lexicon, blocks in seed_lexicons:
        for block in blocks:
            fast: list = []
            slow: list = []
            assert join_broken_words(block, lexicon, fast) == ref.join_broken_words(
                block, lexicon, slow)
            assert fast == slow


@settings(max_examples=800, deadline=None)
@given(TEXT)
def test_broken_words_on_generated_text(text: str) -> None:
    fast: list = []
    slow: list = []
    assert join_broken_words(text, LEXICON, fast) == ref.join_broken_words(text, LEXICON, slow)
    assert fast == slow


@settings(max_examples=800, deadline=None)
@given(LINES, st.sampled_from([None, lambda left, right: len(left) > len(right)]))
def test_hyphenation_on_generated_lines(lines: list[str], keep_hyphen) -> None:
    fast: list = []
    slow: list = []
    assert join_lines_dehyphenating(lines, fast, keep_hyphen) == \
        ref.join_lines_dehyphenating(lines, slow, keep_hyphen)
    assert fast == slow


@settings(max_examples=800, deadline=None)
@given(TEXT)
def test_spaces_hyphen_spaces_lost_ligatures_and_small_caps(text: str) -> None:
    fast: list = []
    slow: list = []
    assert normalise_spaces(text, fast) == ref.normalise_spaces(text, slow)
    assert normalise_spaces(text, None) == ref.normalise_spaces(text, [])
    rules = list(small_caps_rules())
    assert restore_small_caps(text, rules, fast, small_caps_screen()) == \
        restore_small_caps(text, rules, slow)
    assert close_hyphen_spaces(text, fast) == ref.close_hyphen_spaces(text, slow)
    assert restore_lost_ligatures(text, LEXICON, fast) == ref.restore_lost_ligatures(
        text, LEXICON, slow)
    assert fast == slow


def test_patterns_with_group_references_are_not_combined() -> None:
    assert small_caps_screen() is not None
    assert any_of([re.compile(r"(a)\1"), re.compile("b")]) is None
    assert any_of([re.compile("(?P<x>a)"), re.compile("(?P<x>b)")]) is None
    assert any_of([re.compile("a", re.I), re.compile("b")]) is None
    combined = any_of([re.compile(r"\bus\b"), re.compile(r"tu-(\d+)")])
    assert combined is not None and combined.search("a tu-154") and not combined.search("usa")
