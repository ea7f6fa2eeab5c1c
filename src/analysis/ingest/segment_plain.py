"""pysbd's sentences of a plain paragraph in one pass, without running pysbd.

A paragraph is plain when none of pysbd's (0.3.4, English) rules can change it, so that pysbd
only cuts it after each full stop. ``plain_sentences`` returns those sentences, or None for a
paragraph that is not plain (left to the careful path). It is plain if:

1. every character is an ASCII letter, digit, space or tab, one of ``,;:/%$&*+=#@.-()[]``, or
   a non-ASCII character that pysbd's code never mentions, or one of ``’“”`` (see below); no
   line break of any kind, no ``--``: so no straight quote, ``!``/``?``, placeholder of
   pysbd's, guillemet, CJK punctuation or line split is in play;
2. every full stop is followed by whitespace or the end of the text (no ellipsis, decimal,
   "U.S.", "e.g", e-mail, file name, numbered reference, stop before a bracket or quote);
3. the token before every full stop (back to whitespace or the text start) has two
   characters or more (no initial, list letter or file extension), is not one of pysbd's
   abbreviations in any case, does not end in "Co" ("Co. KG") and does not end in a number
   of one or two digits ("12. " at the start, list items);
4. no full stop stands inside brackets or double quotes (between "(" and the next ")" or "(",
   "[" and the next "]", "“" and the next "”"): pysbd hides those from the boundary pattern,
   and a span without them (nor ``!?'``) comes back from its rewrite unchanged; pysbd uses
   "’" only inside a pattern opened by "‘";
5. no "(" or "“" opens a sentence (first non-space character of the text or after a full
   stop): pysbd's boundary pattern takes a bracket or quotation there as a sentence of its
   own; no "-" stands before "“" or "”" (pysbd splits "-” A" inside a sentence);
6. pysbd's list steps cannot act (``segment_lists``), no roman numeral in brackets before a
   capital and no bracket between quotes (``” (…) “``).

Then every rewrite is a no-op and pysbd's boundary pattern takes, from each non-space
character that starts the text or follows a full stop, the text up to the next full stop
(or the end); the pieces, stripped, are pysbd's sentences.
"""

from __future__ import annotations

import re

from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer

from analysis.ingest.segment_fast import UNDOTTED_ABBREVIATIONS, fold
from analysis.ingest.segment_lists import steps_that_may_change

# Every non-ASCII character in pysbd's English code (the string constants of its modules;
# tests/test_segment_fast.py recomputes it). A plain paragraph has none but ’“”.
PYSBD_CHARACTERS = "«°»ûũƪǃȸȹʼ،ᓰᓱᓳᓴᓷᓸ‘’“”⁃∮∯⌬⎋☄☇☈☉☏☝♝♟♨♬♭✂。「」！（）．？"
_CONDITIONED = "’“”"
_EXCLUDED = "".join(ch for ch in PYSBD_CHARACTERS if ch not in _CONDITIONED)
_NOT_PLAIN = re.compile(
    r"[^A-Za-z0-9 \t,;:/%$&*+=#@.()\[\]\-\x80-\U0010FFFF]"  # conditions 1, 2
    f"|[{re.escape(_EXCLUDED)}\x85\u2028\u2029]|--|\\.\\S"
    r"|\([^()]*\.|\[[^\]]*\.|“[^”]*\."  # condition 4
    r"|(?:\A|\.)\s*[(“]|-[“”]")  # condition 5
# In the reversed text: a full stop and the token that stood before it (condition 3).
_TOKEN_BEFORE_STOP_REVERSED = re.compile(r"\.([^\s.]*)")
_REVERSED_ABBREVIATIONS = frozenset(a[::-1] for a in UNDOTTED_ABBREVIATIONS)
# From a non-space character to the next full stop, or to the end.
_PIECE = re.compile(r"\S[^.]*\.?")


def _token_is_plain(reversed_token: str) -> bool:
    """Can no pysbd rule touch the full stop after this token (given reversed)?"""
    if len(reversed_token) < 2 or reversed_token.startswith("oC"):
        return False
    if reversed_token[0].isdecimal() and not (len(reversed_token) > 2 and
                                              reversed_token[:3].isdecimal()):
        return False  # ends in a number of one or two digits
    return fold(reversed_token) not in _REVERSED_ABBREVIATIONS


def is_plain(text: str) -> bool:
    """Does pysbd only cut ``text`` after its full stops (see the module's conditions)?"""
    if _NOT_PLAIN.search(text):
        return False
    if "(" in text and (re.search(ListItemReplacer.ROMAN_NUMERALS_IN_PARENTHESES, text) or
                        re.search(English.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX, text)):
        return False
    if any(steps_that_may_change(text)):
        return False
    return all(_token_is_plain(t) for t in _TOKEN_BEFORE_STOP_REVERSED.findall(text[::-1]))


def plain_sentences(text: str) -> list[str] | None:
    """pysbd's sentences of a plain ``text``, or None if it is not plain."""
    if not is_plain(text):
        return None
    return [piece.strip() for piece in _PIECE.findall(text)]
