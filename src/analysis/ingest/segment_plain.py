"""pysbd's sentences of a plain paragraph in one pass, without running pysbd.

A paragraph is plain when none of pysbd's (0.3.4, English) rules can change it, so that
pysbd only cuts it after each full stop. It is plain if:

1. every character is an ASCII letter, digit, space, tab or one of ``,;:-/%$&*+=#@.``, or a
   non-ASCII character that pysbd's code never mentions (``’`` is allowed too: pysbd uses it
   only after a ``‘``, which is not), and no line break of any kind: so no quotation, bracket,
   ``!``/``?``, placeholder, ``--`` span or line split is in play;
2. no ``--``, and every full stop is followed by whitespace or the end of the text (so no
   ellipsis, decimal, "U.S.", "e.g", e-mail, file name or numbered reference);
3. the token before every full stop (its characters back to whitespace or the text start)
   has two characters or more (no initial, list letter or file extension), is not one of
   pysbd's abbreviations in any case, does not end in "Co" ("Co. KG") and does not end in a
   number of one or two digits (list items, "12. " at the start).

Then every rule is a no-op and pysbd's boundary pattern takes, from each non-space
character that follows a full stop (or starts the text), the text up to the next full stop
(or the end); the pieces, stripped, are pysbd's sentences. ``plain_sentences`` returns them,
or None for a paragraph that is not plain (left to the careful path).
"""

from __future__ import annotations

import re

from analysis.ingest.segment_fast import UNDOTTED_ABBREVIATIONS, fold

# Every non-ASCII character in pysbd's English code (string constants of its modules;
# tests/test_segment_fast.py recomputes it), except "’", plus Unicode line separators.
PYSBD_CHARACTERS = "«°»ûũƪǃȸȹʼ،ᓰᓱᓳᓴᓷᓸ‘“”⁃∮∯⌬⎋☄☇☈☉☏☝♝♟♨♬♭✂。「」！（）．？"
_LINE_SEPARATORS = "\x85\u2028\u2029"
_NOT_PLAIN = re.compile(
    r"[^A-Za-z0-9 \t,;:/%$&*+=#@.\-\x80-\U0010FFFF]"
    f"|[{re.escape(PYSBD_CHARACTERS + _LINE_SEPARATORS)}]"
    r"|--|\.\S")
# In the reversed text: a full stop and the token that stood before it.
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
    if "." not in text:
        return True
    return all(_token_is_plain(t) for t in _TOKEN_BEFORE_STOP_REVERSED.findall(text[::-1]))


def plain_sentences(text: str) -> list[str] | None:
    """pysbd's sentences of a plain ``text``, or None if it is not plain."""
    if not is_plain(text):
        return None
    return [piece.strip() for piece in _PIECE.findall(text)]
