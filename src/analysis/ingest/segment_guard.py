"""When a regular expression cannot match a text, found cheaply from the pattern itself.

A ``Guard`` is read once from a pattern's parse tree and holds two necessary conditions:

* clauses of characters: every match (with its lookarounds) has at least one character of
  every clause somewhere in the text, so a text lacking a whole clause cannot match;
* a prefilter: the pattern's first top-level literal with the single characters that must
  stand right after it (or, failing that, right before it, e.g. from a lookbehind), as a
  small pattern that starts with a literal (which ``re`` searches for quickly).

Both are conservative: what cannot be read off (classes such as ``\\d`` in a clause,
optional parts, negations, back-references) adds no condition. ``apply`` and ``sub`` skip a
substitution when a guard says it cannot match, so their result is always ``re.sub``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any, NamedTuple

_COMMON = " .,-"  # in almost every paragraph
_MAX_RANGE = 128  # a character range wider than this is not enumerated into a clause
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_CATEGORIES = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
               c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w",
               c.CATEGORY_NOT_WORD: r"\W"}
Item = tuple[Any, Any]


class Guard(NamedTuple):
    clauses: tuple[str, ...]
    prefilter: re.Pattern[str] | None
    anchored: bool  # the prefilter can only match at the start of the text

    def may_match(self, text: str) -> bool:
        """False only if the guarded pattern cannot match anywhere in ``text``."""
        for clause in self.clauses:
            if not any(ch in text for ch in clause):
                return False
        if self.prefilter is None:
            return True
        found = self.prefilter.match(text) if self.anchored else self.prefilter.search(text)
        return found is not None


# -- clauses ---------------------------------------------------------------------------

def _class_chars(items: Iterable[Item], nocase: bool) -> str | None:
    """The characters an IN item can match, or None when not enumerable."""
    chars: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            chars.append(chr(av))
        elif op is c.RANGE and av[1] - av[0] < _MAX_RANGE:
            chars.extend(chr(x) for x in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, wide ranges
            return None
    if nocase and any(ch.lower() != ch.upper() for ch in chars):
        return None
    return "".join(sorted(set(chars)))


def _clauses(items: Iterable[Item], nocase: bool) -> list[str]:
    out: list[str] = []
    for op, av in items:
        out.extend(_item_clauses(op, av, nocase))
    return out


def _selective(clauses: list[str]) -> str:
    """The clause least likely to be met by ordinary text: the fewest characters that are
    letters, digits, spaces or common punctuation, then the shortest."""
    return min(clauses, key=lambda s: (sum(ch.isalnum() or ch in _COMMON for ch in s), len(s)))


def _item_clauses(op: Any, av: Any, nocase: bool) -> list[str]:
    if op is c.LITERAL:
        return [] if nocase and chr(av).lower() != chr(av).upper() else [chr(av)]
    if op is c.IN:
        chars = _class_chars(av, nocase)
        return [chars] if chars else []
    if op is c.SUBPATTERN:
        return _clauses(av[3], nocase or bool(av[1] & re.IGNORECASE))
    if op in _REPEATS:
        return _clauses(av[2], nocase) if av[0] >= 1 else []
    if op is c.ATOMIC_GROUP:
        return _clauses(av, nocase)
    if op is c.ASSERT:  # a positive lookaround needs its characters in the text too
        return _clauses(av[1], nocase)
    if op is c.BRANCH:  # one clause: the union of each branch's most selective clause
        chosen = []
        for branch in av[1]:
            own = _clauses(branch, nocase)
            if not own:
                return []
            chosen.append(_selective(own))
        return ["".join(sorted(set("".join(chosen))))]
    return []  # AT, ANY, NOT_LITERAL, ASSERT_NOT, GROUPREF, ...


# -- prefilter -------------------------------------------------------------------------

def _flat(items: Iterable[Item]) -> list[Item]:
    """Items with plain groups and fixed repeats (``x{3}``) written out."""
    out: list[Item] = []
    for op, av in items:
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            out.extend(_flat(av[3]))
        elif op in _REPEATS and av[0] == av[1] and av[0] <= 8:
            out.extend(_flat(av[2]) * av[0])
        else:
            out.append((op, av))
    return out


def _one(op: Any, av: Any) -> str | None:
    """A pattern for an item that matches exactly one character, else None."""
    if op is c.LITERAL:
        return re.escape(chr(av))
    if op is c.NOT_LITERAL:
        return f"[^{re.escape(chr(av))}]"
    if op is c.ANY:
        return "."
    if op is c.IN:
        parts = []
        for kind, value in av:
            if kind is c.NEGATE:
                parts.append("^")
            elif kind is c.LITERAL:
                parts.append(re.escape(chr(value)))
            elif kind is c.RANGE:
                parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind is c.CATEGORY and value in _CATEGORIES:
                parts.append(_CATEGORIES[value])
            else:
                return None
        return f"[{''.join(parts)}]"
    return None


def _leading(items: Sequence[Item]) -> list[str]:
    out = []
    for op, av in items:
        one = _one(op, av)
        if one is None:
            break
        out.append(one)
    return out


def _trailing(items: Sequence[Item]) -> list[str]:
    return _leading(items[::-1])[::-1]


def _first(items: Sequence[Item]) -> tuple[list[str], bool] | None:
    """The parts of a character class holding every first character of ``items`` and
    whether they can match nothing; None if not expressible (negations, flags, ...)."""
    parts: list[str] = []
    for op, av in items:
        if op in (c.LITERAL, c.IN):
            one = _one(op, av)
            if one is None or one.startswith("[^"):
                return None
            return [*parts, one[1:-1] if op is c.IN else one], False
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero width: the next item gives the first character
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            found = _first(av[3])
        elif op in _REPEATS:
            found = _first(av[2])
            found = found and (found[0], found[1] or av[0] == 0)
        elif op is c.BRANCH:
            alternatives = [_first(branch) for branch in av[1]]
            if any(a is None for a in alternatives):
                return None
            found = ([p for a in alternatives if a for p in a[0]],
                     any(a[1] for a in alternatives if a))
        else:
            return None
        if found is None:
            return None
        parts += found[0]
        if not found[1]:
            return parts, False
    return parts, True


def _is_anchor(op: Any, av: Any) -> bool:
    """A literal, or a class of at most three literals (the pattern's first such item)."""
    return op is c.LITERAL or (op is c.IN and len(av) <= 3 and
                               all(kind is c.LITERAL for kind, _ in av))


def _prefilter(items: list[Item], multiline: bool) -> tuple[str, bool] | None:
    """(pattern, anchored) that every match's text must match around its first literal."""
    anchor = next((k for k, (op, av) in enumerate(items) if _is_anchor(op, av)), None)
    if anchor is None:
        return None
    after = _leading(items[anchor:])
    rest = items[anchor + len(after):]
    if rest and rest[0][0] is c.ASSERT and rest[0][1][0] == 1:  # a lookahead
        after += _leading(_flat(rest[0][1][1]))
    elif rest:
        first = _first(rest)
        if first and first[0] and not first[1]:
            after.append(f"[{''.join(first[0])}]")
    before, anchored = _trailing(items[:anchor]), False
    if not before and anchor:
        op, av = items[anchor - 1]
        body = _flat(av[1]) if op is c.ASSERT and av[0] == -1 else \
            _flat(av[2]) if op in _REPEATS and av[0] >= 1 else []
        before = _trailing(body)
        starts = (c.AT_BEGINNING_STRING,) if multiline else (c.AT_BEGINNING,
                                                              c.AT_BEGINNING_STRING)
        anchored = op is c.ASSERT and len(before) == len(body) - 1 and \
            body[0][0] is c.AT and body[0][1] in starts
    if anchored:  # matched only at the start: the whole chain, tried there once
        return "".join(before + after), True
    if len(after) > 1:  # starts with the literal, which ``re`` finds quickly
        return "".join(after), False
    if before:
        return "".join(before + after), False
    return None


@lru_cache(maxsize=1024)
def guard(pattern: str, flags: int = 0) -> Guard:
    """The guard of ``pattern`` compiled with ``flags``."""
    parsed = _parser.parse(pattern, flags)
    own = parsed.state.flags
    clauses = tuple(dict.fromkeys(_clauses(parsed.data, bool(own & re.IGNORECASE))))
    found = _prefilter(_flat(parsed.data), bool(own & re.MULTILINE))
    prefilter = re.compile(found[0], own & (re.IGNORECASE | re.DOTALL | re.ASCII)) \
        if found else None
    return Guard(clauses, prefilter, bool(found and found[1]))


def may_match(pattern: str, text: str, flags: int = 0) -> bool:
    """False only if ``pattern`` cannot match anywhere in ``text``."""
    return guard(pattern, flags).may_match(text)


class _Screen(NamedTuple):
    """One search (and one match at the start) that finds every place where any of a list
    of rules may match: the alternation of their prefilters (or of their characters)."""
    anywhere: re.Pattern[str] | None
    at_start: re.Pattern[str] | None

    def may_match(self, text: str) -> bool:
        return bool((self.anywhere and self.anywhere.search(text)) or
                    (self.at_start and self.at_start.match(text)))


@lru_cache(maxsize=256)
def _screen(rules: tuple[Any, ...]) -> _Screen | None:
    """The screen of ``rules``, or None if one of them has no condition to screen by."""
    anywhere: list[str] = []
    at_start: list[str] = []
    for rule in rules:
        found = guard(rule.pattern)
        if found.prefilter is not None and not found.prefilter.flags & re.IGNORECASE:
            (at_start if found.anchored else anywhere).append(found.prefilter.pattern)
        elif found.clauses:
            anywhere.append("[" + re.escape(_selective(list(found.clauses))) + "]")
        else:
            return None
    return _Screen(*(re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
                     for patterns in (anywhere, at_start)))


def apply(text: str, rules: tuple[Any, ...]) -> str:
    """pysbd's ``Text.apply`` (each rule's substitution in turn), skipping the no-ops."""
    screen = _screen(rules)
    if screen is not None and not screen.may_match(text):
        return text  # no rule can fire, so none changes the text for the next
    for rule in rules:
        if guard(rule.pattern).may_match(text):
            text = re.sub(rule.pattern, rule.replacement, text)
    return text
