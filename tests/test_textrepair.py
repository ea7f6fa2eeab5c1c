"""Repairs of extraction damage, on lines copied from the journal article (003)."""

from __future__ import annotations

from analysis.ingest.document import Repair
from analysis.ingest.lexicon import Lexicon
from analysis.ingest.textrepair import (
    close_hyphen_spaces,
    expand_ligatures,
    join_broken_words,
    join_lines_dehyphenating,
    normalise_spaces,
    restore_lost_ligatures,
)

LEXICON = Lexicon("Lukashenka Lukashenka influence")


def test_end_of_line_hyphenation_is_undone() -> None:
    log: list[Repair] = []
    text = join_lines_dehyphenating(
        ["the anti-regime social protests in Belarus that had be-", "gun in August 2020"], log)
    assert text == "the anti-regime social protests in Belarus that had begun in August 2020"
    assert [(r.kind, r.before, r.after) for r in log] == [("dehyphenate", "be-⏎gun", "begun")]


def test_hyphen_inside_a_compound_survives_the_line_break() -> None:
    log: list[Repair] = []
    text = join_lines_dehyphenating(
        ["At the level of both the strategic elite and society in Russia, anti-West-",
         "ern sentiments resonate very strongly."], log)
    assert "anti-Western sentiments" in text


def test_repeated_hyphen_marks_a_real_compound() -> None:
    log: list[Repair] = []
    text = join_lines_dehyphenating(
        ["concerning the Belarus political crisis on the one hand and the Russia-",
         "-West confrontation on the other?"], log)
    assert "the Russia-West confrontation" in text
    assert log[0].kind == "hyphen_compound_kept"


def test_hyphen_before_capital_is_kept() -> None:
    text = join_lines_dehyphenating(["a pro-", "Western turn"], [])
    assert text == "a pro-Western turn"


def test_space_before_hyphen_is_closed() -> None:
    assert close_hyphen_spaces("in the post -Soviet area", []) == "in the post-Soviet area"
    assert close_hyphen_spaces("An in -depth analysis", []) == "An in-depth analysis"
    # an en dash between words is punctuation, not a broken compound
    assert close_hyphen_spaces("Russia – full spectrum", []) == "Russia – full spectrum"


def test_ligature_gaps_are_closed() -> None:
    log: list[Repair] = []
    text = join_broken_words(
        "the Belarus-Russia confl ict has become a platform for a whole spectrum of "
        "revisionist activities: off ensive, defensive and isolationist; "
        "the reasons for this state of aff airs; the lack of signifi cant involvement; "
        "tu-22 bombers fl ying along the borders; Advanced Systems and Concepts Off ice",
        LEXICON, log)
    for word in ("conflict", "offensive", "affairs", "significant", "flying", "Office"):
        assert word in text
    assert {r.kind for r in log} == {"ligature_gap"}


def test_real_phrases_are_not_glued() -> None:
    text = "took off the table; the staff members; it is off by one"
    assert join_broken_words(text, LEXICON, []) == text


def test_stray_spaces_inside_words_are_closed() -> None:
    log: list[Repair] = []
    text = join_broken_words(
        "has promised to h elp negotiate; helped the Unite d States; lately "
        "Lukashenk a’s dependent status", LEXICON, log)
    assert "to help negotiate" in text
    assert "the United States" in text
    assert "Lukashenka’s dependent" in text
    assert {r.kind for r in log} == {"split_word"}


def test_plural_and_possessive_s_are_not_glued() -> None:
    text = "since the 90s in relation to; Russia’s in part; Belarus’ s lack"
    assert join_broken_words(text, LEXICON, []) == text


def test_lost_ligature_is_restored_with_the_most_frequent_word() -> None:
    log: list[Repair] = []
    text = restore_lost_ligatures(
        "Russian narratives on the political crisis in Belarus and its a\ufffd ermath",
        LEXICON, log)
    assert text.endswith("its aftermath")
    assert log[0].kind == "lost_ligature"


def test_odd_spaces_are_normalised_and_logged() -> None:
    log: list[Repair] = []
    text = normalise_spaces("such as\u00a0 de\u00a0factoRussian\u2009annexation", log)
    assert text == "such as de factoRussian annexation"
    assert len(log) == 3


def test_a_range_of_years_broken_at_its_hyphen_is_joined_without_a_space() -> None:
    # 001 printed by Chromium: "setting the 2014-" ends a line, "2020 coverage" opens the next
    text = join_lines_dehyphenating(["were presented, setting the 2014-",
                                     "2020 coverage of Ukraine"], [])
    assert text == "were presented, setting the 2014-2020 coverage of Ukraine"


def test_keep_hyphen_decides_for_compounds_broken_at_their_hyphen() -> None:
    log: list[Repair] = []
    lines = ["the Kremlin took a wait-", "and-see position, observing the long-", "term plans"]
    kept = join_lines_dehyphenating(lines, log, lambda left, right: left in ("wait", "long"))
    assert kept == "the Kremlin took a wait-and-see position, observing the long-term plans"
    assert [(r.kind, r.after) for r in log] == [("hyphen_compound_kept", "wait-and-see"),
                                                ("hyphen_compound_kept", "long-term")]
    assert join_lines_dehyphenating(lines, []) == \
        "the Kremlin took a waitand-see position, observing the longterm plans"


def test_ligature_characters_become_their_letters_and_are_logged() -> None:
    log: list[Repair] = []
    text = expand_ligatures("the most in\ufb02uential group; the con\ufb02ict; a\ufb00airs", log)
    assert text == "the most influential group; the conflict; affairs"
    assert [(r.kind, r.before, r.after) for r in log] == [
        ("ligature", "\ufb02", "fl"), ("ligature", "\ufb02", "fl"), ("ligature", "\ufb00", "ff")]
