"""The shortcuts of the fast segmenter are sound: a guard, a screen, the list-marker check or
the abbreviation filter never skips work that would have changed the text."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pysbd.abbreviation_replacer import AbbreviationReplacer
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer

from analysis.ingest import segment_fast, segment_guard, segment_lists

EXAMPLES = int(os.environ.get("SEGMENT_EXAMPLES", "300"))
SETTINGS = settings(max_examples=max(EXAMPLES // 10, 30), deadline=None,
                    suppress_health_check=list(HealthCheck))

RULE_TUPLES = [v for k, v in vars(segment_fast).items()
               if isinstance(v, tuple) and v and all(hasattr(r, "pattern") for r in v)]
GUARDED = sorted({r.pattern for rules in RULE_TUPLES for r in rules} | {
    English.CONTINUOUS_PUNCTUATION_REGEX, English.NUMBERED_REFERENCE_REGEX,
    English.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX, ListItemReplacer.ROMAN_NUMERALS_IN_PARENTHESES,
    segment_fast.ExclamationWords.EXCLAMATION_REGEX, *segment_fast._BETWEEN})


def test_every_rule_list_is_guarded() -> None:
    assert len(RULE_TUPLES) >= 10
    assert len(GUARDED) > 50


def matching_texts(pattern: str) -> st.SearchStrategy[str]:
    """Texts ``pattern`` matches: drawn from it with its positive lookarounds turned into
    plain groups and without word boundaries (Hypothesis checks those by searching, and some
    of pysbd's patterns backtrack for ages on long runs of digits), kept if short and if the
    pattern matches."""
    relaxed = pattern if "(?P=" in pattern else (  # back-references need their lookahead
        pattern.replace("(?<=", "(?:").replace("(?=", "(?:").replace(r"\b", ""))
    return st.from_regex(relaxed).filter(
        lambda text: len(text) <= 20 and re.search(pattern, text) is not None)


@pytest.mark.parametrize("pattern", GUARDED)
@SETTINGS
@given(data=st.data())
def test_guard_never_rejects_a_text_the_pattern_matches(pattern: str, data) -> None:
    text = data.draw(matching_texts(pattern))
    assert segment_guard.may_match(pattern, text), (pattern, text)


def test_guard_of_a_case_insensitive_pattern() -> None:
    pattern = English.MULTI_PERIOD_ABBREVIATION_REGEX
    for text in ("U.S. troops", "e.g. this", "I.E. so", "x U.s. y"):
        assert re.search(pattern, text, re.IGNORECASE)
        assert segment_guard.may_match(pattern, text, re.IGNORECASE)
    assert not segment_guard.may_match(pattern, "US troops. Then", re.IGNORECASE)


@pytest.mark.parametrize("rules", RULE_TUPLES, ids=lambda rules: rules[0].pattern[:20])
@SETTINGS
@given(data=st.data())
def test_screen_passes_every_text_a_rule_matches(rules, data) -> None:
    rule = data.draw(st.sampled_from(rules))
    text = data.draw(matching_texts(rule.pattern))
    screen = segment_guard._screen(rules)
    assert screen is None or screen.may_match(text), (rule.pattern, text)
    expected = text
    for each in rules:
        expected = re.sub(each.pattern, each.replacement, expected)
    assert segment_guard.apply(text, rules) == expected


def test_guards_reject_what_cannot_match() -> None:
    assert not segment_guard.may_match(r"\.(?=\d)", "No digits after a stop. 5 here.")
    assert not segment_guard.may_match(r"(?<=^\d)\.(?=\s)", "A 1. list")
    assert segment_guard.may_match(r"(?<=^\d)\.(?=\s)", "1. list")
    assert not segment_guard.may_match(English.NUMBERED_REFERENCE_REGEX, "Text. Next.")


LIST_WORDS = ["1.", "2.", "3.", "9.", "0.", "10.", "11.", "a.", "b.", "c.", "i.", "ii.", "v.",
              "x.", "a)", "b)", "(a)", "(b)", "(i)", "(ii)", "1)", "2)", "12)", "-1.", "⁃2.",
              "word", "The", "for", "of", "x", "♨", "☝", "(", ")", ".", "123)"]
list_texts = st.lists(st.tuples(st.sampled_from(LIST_WORDS),
                                st.sampled_from([" ", " ", "\n", "\r", "", "  "])),
                      max_size=25).map(lambda ts: "".join(w + s for w, s in ts))


@settings(max_examples=EXAMPLES, deadline=None)
@given(list_texts)
def test_list_steps_skipped_only_when_they_change_nothing(text: str) -> None:
    flags = segment_lists.steps_that_may_change(text)
    for step, may in zip(segment_lists._STEPS, flags, strict=True):
        items = ListItemReplacer(text)
        getattr(items, step)()
        assert may or items.text == text, (step, text)
    assert segment_lists.add_line_breaks(text) == ListItemReplacer(text).add_line_break()


ABBREVIATION_WORDS = (English.Abbreviation.ABBREVIATIONS[::2] +
                      [a.upper() for a in English.Abbreviation.ABBREVIATIONS[1::3]] +
                      ["e.g", "U.S", "i.e.", "Ph.D", "ſt", "\u212at", "İd", "{p}", "p", "P"])
abbreviation_lines = st.lists(st.tuples(
    st.sampled_from([*ABBREVIATION_WORDS, "word", "Word", "2014", "I", "x"]),
    st.sampled_from([". ", ".", " ", ". a", ".: 5", ". (", ". 5", ",", ".-", " "])),
    max_size=20).map(lambda ts: "".join(w + s for w, s in ts))


@settings(max_examples=EXAMPLES, deadline=None)
@given(abbreviation_lines)
def test_abbreviation_filter_changes_nothing(line: str) -> None:
    theirs = English.AbbreviationReplacer(line, English)
    ours = segment_fast._Abbreviations(line, English)
    assert isinstance(theirs, AbbreviationReplacer)
    assert ours.search_for_abbreviations_in_string(line) == \
        theirs.search_for_abbreviations_in_string(line)
