"""pysbd's list-item pass (``ListItemReplacer.add_line_break``), run only where it can act.

pysbd's four list steps (letters, roman numerals, numbers before a full stop, numbers before
a parenthesis) each rewrite a marker only when the marker found next to it in the text is
the following or preceding letter or number (or 9 next to 0). So a step cannot change a text
whose markers hold no such pair. The markers are read here with patterns that find every
marker pysbd's patterns find (and perhaps more), on the reversed text so that each pattern
starts with a literal, which ``re`` finds quickly. Steps run in pysbd's order; once one has
changed the text, every later step runs as in pysbd.
"""

from __future__ import annotations

import re

from pysbd.lists_item_replacer import ListItemReplacer

_ROMAN = ListItemReplacer.ROMAN_NUMERALS
_LATIN = ListItemReplacer.LATIN_NUMERALS
# On the reversed text. A number of one or two digits (after no digit) before ". " or ".)":
# every match of NUMBERED_LIST_REGEX_1 is one.
_NUMBER_BEFORE_STOP = re.compile(r"\.(?<=[\s)]\.)(\d{1,2})(?!\d)")
# A lone lowercase letter after whitespace or the start, before a full stop: exactly the
# matches of ALPHABETICAL_LIST_WITH_PERIODS.
_LETTER_BEFORE_STOP = re.compile(r"\.([a-z])(?!\S)")
# Lowercase letters after "(", whitespace or the start, before ")": exactly the matches of
# ALPHABETICAL_LIST_WITH_PARENS.
_LETTERS_BEFORE_PARENTHESIS = re.compile(r"\)([a-z]+)(?![^(\s])")
# The last one or two digits before ") " : exactly the matches of NUMBERED_LIST_PARENS_REGEX.
_NUMBER_BEFORE_PARENTHESIS = re.compile(r"\)(?<=\s\))(\d{1,2})")
_STEPS = ("format_alphabetical_lists", "format_roman_numeral_lists",
          "format_numbered_list_with_periods", "format_numbered_list_with_parens")


def _in_sequence(values: set[int]) -> bool:
    return any(v + 1 in values for v in values) or {0, 9} <= values


def _letters_in_sequence(found: set[str], alphabet: list[str]) -> bool:
    return _in_sequence({alphabet.index(x) for x in found if x in alphabet})


def steps_that_may_change(text: str) -> tuple[bool, bool, bool, bool]:
    """For each of pysbd's four list steps: may it change ``text``?"""
    if "♨" in text or "☝" in text:  # its own placeholders: leave everything to pysbd
        return True, True, True, True
    reverse = text[::-1]
    letters: set[str] = set()
    numbers: set[int] = set()
    numbers_in_parentheses: set[int] = set()
    if "." in text:
        letters.update(_LETTER_BEFORE_STOP.findall(reverse))
        numbers.update(int(n[::-1]) for n in _NUMBER_BEFORE_STOP.findall(reverse))
    if ")" in text:
        letters.update(w[::-1] for w in _LETTERS_BEFORE_PARENTHESIS.findall(reverse))
        numbers_in_parentheses.update(
            int(n[::-1]) for n in _NUMBER_BEFORE_PARENTHESIS.findall(reverse))
    return (_letters_in_sequence(letters, _LATIN), _letters_in_sequence(letters, _ROMAN),
            _in_sequence(numbers), _in_sequence(numbers_in_parentheses))


def add_line_breaks(text: str) -> str:
    """``ListItemReplacer(text).add_line_break()``, skipping the steps that cannot act."""
    may_change = steps_that_may_change(text)
    if not any(may_change):
        return text
    items = ListItemReplacer(text)
    for step, may in zip(_STEPS, may_change, strict=True):
        if may or items.text != text:
            getattr(items, step)()
    return str(items.text)
