"""The scanned form of a text, and the scanned forms of the words patterns open with.

The scanned form has one character per character of the text, so offsets carry over:
ASCII letters lower-cased; digits, ``_``, ``'``, ``-`` and the marks patterns may contain
kept; any other ASCII character a space; any non-ASCII character ``?``, except the four
that ``re.IGNORECASE`` matches to an ASCII letter (the Kelvin sign, ``ſ``, ``İ``, ``ı``),
which show that letter. A pattern's opening word is listed in every form a text can show
where the pattern matches (what ``re.IGNORECASE`` matches to each character, scanned), with
the character before it (a word start) and, where the patterns allow it, the one after it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from analysis.coding.codebook import GAPS

_PLANES = 0x20000  # every character with a case mapping lies in Unicode's first two planes
_KEPT_MARKS = ".&$+/"  # ASCII non-word characters that patterns may contain
# The scanned form of a text: one byte per character. ASCII letters lower-cased; digits,
# `_`, `'`, `-` and the marks above kept; any other ASCII character a space; any
# non-ASCII character `?` (so offsets in the scanned form are offsets in the text).
_SCAN = bytes(
    (c | 0x20 if chr(c).isalpha() else c) if chr(c).isalnum() or chr(c) in "_'-?" + _KEPT_MARKS
    else 32 for c in range(128)) + b"?" * 128
_BEFORE_START = tuple(" ?" + _KEPT_MARKS)  # what may stand before a word start when scanned
_AFTER_WORD = tuple(" ?'" + _KEPT_MARKS)  # what may follow a match that ends a word
_AFTER_SEPARATOR = tuple(" ?-")  # a space, hyphen or dash between two words
_MAX_VARIANTS = 64  # scanned spellings per opening; longer openings are cut shorter


def scanned(text: str) -> str:
    """``text`` in the scanned form, as a string of the same length."""
    return scanned_bytes(text).decode("ascii")


def scanned_bytes(text: str) -> bytes:
    """``text`` in the scanned form, one byte per character."""
    form = text.encode("ascii", "replace").translate(_SCAN)
    partners = [c for c in _partners() if c in text]
    if partners:
        patched = bytearray(form)
        for char in partners:
            at = text.find(char)
            while at >= 0:
                patched[at] = ord(_partners()[char])
                at = text.find(char, at + 1)
        form = bytes(patched)
    return form


@lru_cache(maxsize=1)
def _partners() -> dict[str, str]:
    """Each non-ASCII character ``re.IGNORECASE`` matches to an ASCII letter, and that
    letter (lower-cased)."""
    found = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for char in re.compile(letter, re.IGNORECASE).findall(_non_ascii()):
            found[char] = letter
    return found


@cache
def _spellings(char: str) -> frozenset[str]:
    """What the scanned form shows for every character ``re.IGNORECASE`` matches to
    ``char``: its ASCII matches lower-cased, the letter of a matching case partner, and `?`
    if another non-ASCII character matches."""
    rx = re.compile(re.escape(char), re.IGNORECASE)
    found = {scanned(chr(c)) for c in range(128) if rx.fullmatch(chr(c))}
    found.update(_partners().get(c, "?") for c in rx.findall(_non_ascii()))
    return frozenset(found)


@lru_cache(maxsize=1)
def _non_ascii() -> str:
    return "".join(map(chr, range(128, _PLANES)))


def _after(patterns: list[str]) -> tuple[str, ...]:
    """What the scanned form may show right after the first word of ``patterns``."""
    ends: set[str] = set()
    for pattern in patterns:
        first = pattern.split()[0]
        if first.endswith("*"):
            return ("",)
        ends.update(_AFTER_WORD if first == pattern else _AFTER_SEPARATOR)
    return tuple(sorted(ends))


def _second_word_starts(patterns: list[str]) -> tuple[str, ...] | None:
    """What the scanned form shows after the first word when every pattern is a phrase whose
    second token is a word or ``word*``: a separator and the second word's start, or two
    separators (a longer run); None when a pattern is one word or has a wildcard there."""
    seconds: set[str] = set()
    for pattern in patterns:
        tokens = pattern.split()
        if tokens[0].endswith("*") or len(tokens) < 2 or tokens[1] in GAPS:
            return None
        seconds.update(_variants(tokens[1].removesuffix("*")))
    nexts = seconds | set(SEPARATORS)
    return tuple(sorted(s + n for s in SEPARATORS for n in nexts))


def opening_forms(opening: str, patterns: list[str]) -> list[str]:
    """Every scanned form a text shows where ``opening`` (the first word, or its start, of
    ``patterns``) matches, each with the character before it (a word start) and, unless a
    pattern is ``word*``, what follows: the start of the second word if every pattern is a
    phrase that has one, else the one character after the first word."""
    forms = _variants(opening)
    if len(forms[0]) != len(opening):
        ends: tuple[str, ...] = ("",)
    else:
        ends = _second_word_starts(patterns) or _after(patterns)
    return [b + f + e for b in _BEFORE_START for f in forms for e in ends]


# Function words: too common to search for. A phrase is searched for by its second word
# (``the press`` by ``press``, ``russia today`` by ``today``) and confirmed from its first,
# unless the second is a function word or (after a first that is none) opens patterns too.
STOPWORDS = frozenset({
    "a", "all", "an", "and", "any", "as", "at", "be", "but", "by", "for", "from", "has",
    "have", "in", "is", "it", "its", "no", "not", "of", "on", "one", "or", "that", "the",
    "their", "these", "this", "those", "to", "was", "were", "with"})
SEPARATORS = " ?-"  # what the scanned form shows between two words of a phrase
# A second word shorter than this ("i" of "argumenty i fakty") starts too many words to be
# worth searching for: such a phrase is searched by its first word.
MIN_SECOND_WORD = 3


def searched_by_second_word(opening: str, patterns: list[str], openings: set[str]) -> bool:
    """Whether the phrases opening with ``opening`` are searched for by their second words
    (or their ``word*`` prefixes): every pattern is a phrase and the rule above allows it."""
    for pattern in patterns:
        tokens = pattern.split()
        if tokens[0] != opening or len(tokens) < 2 or tokens[1] in GAPS:
            return False
        second = tokens[1].removesuffix("*")
        if len(second) < MIN_SECOND_WORD or second.lower() in STOPWORDS or (
                second in openings and opening.lower() not in STOPWORDS):
            return False
    return True


def second_forms(pattern: str) -> list[str]:
    """Scanned forms of a phrase's second word, each with the separator character before it
    and, unless the word is a ``word*`` prefix, the character after it (the end of the
    match, or a separator before a third token)."""
    tokens = pattern.split()
    word = tokens[1].removesuffix("*")
    forms = _variants(word)
    if tokens[1].endswith("*") or len(forms[0]) != len(word):
        ends: tuple[str, ...] = ("",)
    else:
        ends = _AFTER_WORD if len(tokens) == 2 else _AFTER_SEPARATOR
    return [s + f + e for s in SEPARATORS for f in forms for e in ends]


def _variants(word: str) -> list[str]:
    forms = [""]
    for char in word:
        options = sorted(_spellings(char))
        if forms != [""] and len(forms) * len(options) > _MAX_VARIANTS:
            break
        forms = [f + o for f in forms for o in options]
    return forms


def variant_length(word: str) -> int:
    """How many characters of ``word`` its scanned forms spell (all of it unless cut)."""
    return len(_variants(word)[0])
