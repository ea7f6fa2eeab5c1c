"""Confirm many candidate patterns at once: does pattern ``pid`` match at ``start``?

Each candidate is walked word by word with numpy over the whole batch: the boundary before
it, each word's characters (against the scanned form, or the code points where the entry is
case-sensitive), the separators between words, a ``word*``'s run and the boundary after the
match; the character bits come from ``analysis.coding.charclass``. The answer is exactly the
pattern's regular expression's, or UNSURE where only the expression can tell (a pattern
that does not qualify, a character ``re.IGNORECASE`` folds to an ASCII letter, a hyphen
inside a ``word*`` that more words follow).
"""

from __future__ import annotations

import numpy as np

from analysis.coding.charclass import PARTNER, RUN, SEP, WORDISH, bits
from analysis.coding.programs import Programs

NO, YES, UNSURE = 0, 1, 2
_OPEN = 3  # still being walked
_WINDOW = 8  # characters looked at in one step of a run


def confirm(programs: Programs, pid: np.ndarray, start: np.ndarray, verified: np.ndarray,
            scanned: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The outcome (NO, YES, UNSURE) and end of every candidate; ``verified`` characters of
    each one's first word are known to match already (the automaton found them)."""
    status = np.full(len(pid), _OPEN, dtype=np.int8)
    end = start.copy()
    status[~programs.qualifies[pid]] = UNSURE
    status[(bits(units, start - 1) & RUN) != 0] = NO  # not at a word start
    n_words = programs.n_words[pid]
    cs = programs.case_sensitive[pid]
    last = len(units) - 1
    for k in range(programs.most_words):
        rows = np.flatnonzero((status == _OPEN) & (n_words > k))
        if not len(rows):
            break
        q = end[rows]
        if k:
            ok = (bits(units, q) & SEP) != 0
            status[rows[~ok]] = NO
            rows, q = rows[ok], _run_end(units, q[ok], SEP)[0]
        word = programs.first_word[pid[rows]] + k
        skip = verified[rows] if k == 0 else np.zeros(len(rows), dtype=np.int64)
        outcome = _compare(programs, word, skip, q, cs[rows], scanned, units)
        status[rows[outcome != YES]] = outcome[outcome != YES]
        keep = outcome == YES
        rows, word, q = rows[keep], word[keep], q[keep] + programs.length[word[keep]]
        star = programs.star[word]
        final = n_words[rows] == k + 1
        if star.any():
            q[star], hyphen = _run_end(units, q[star], RUN)
            status[rows[star][hyphen & ~final[star]]] = UNSURE  # `word*-word`: backtracking
        end[rows] = np.minimum(q, last)
        done = rows[final]
        after_ok = star[final] | ((bits(units, end[done]) & WORDISH) == 0)
        status[done[after_ok]] = YES
        status[done[~after_ok]] = NO
    status[status == _OPEN] = NO
    return status, end


def _compare(programs: Programs, word: np.ndarray, skip: np.ndarray, q: np.ndarray,
             cs: np.ndarray, scanned: np.ndarray, units: np.ndarray) -> np.ndarray:
    """YES where the text at ``q`` spells each ``word`` (after its first ``skip`` characters),
    NO where it cannot, UNSURE where a case partner of an ASCII letter stands in the way."""
    length = programs.length[word]
    todo = length - skip
    outcome = np.full(len(word), YES, dtype=np.int8)
    if not len(word) or todo.max() <= 0:
        return outcome
    width = int(todo.max())
    offsets = skip[:, None] + np.arange(width)
    inside = offsets < length[:, None]
    at = np.minimum(q[:, None] + offsets, len(units) - 1)
    expected = np.take_along_axis(programs.chars[word], np.minimum(offsets, programs.chars.shape[1]
                                                                     - 1), axis=1)
    seen = np.where(cs[:, None], units[at], scanned[at])
    wrong = inside & (seen != expected)
    if not wrong.any():
        return outcome
    maybe = wrong & ~cs[:, None] & (scanned[at] == ord("?"))
    if maybe.any():
        maybe[maybe] = (bits(units, at[maybe]) & PARTNER) != 0
    outcome[(wrong & ~maybe).any(axis=1)] = NO
    outcome[(outcome == YES) & maybe.any(axis=1)] = UNSURE
    return outcome


def _run_end(units: np.ndarray, q: np.ndarray, bit: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of characters with ``bit`` starting at ``q`` ends, and whether it
    holds an ASCII hyphen."""
    q = q.copy()
    hyphen = np.zeros(len(q), dtype=bool)
    rows = np.arange(len(q))
    last = len(units) - 1
    while len(rows):
        at = np.minimum(q[rows, None] + np.arange(_WINDOW), last)
        inside = (bits(units, at) & bit) != 0
        stop = np.where(inside.all(axis=1), _WINDOW, inside.argmin(axis=1))
        hyphen[rows] |= ((units[at] == ord("-")) & (np.arange(_WINDOW) < stop[:, None])).any(1)
        q[rows] = np.minimum(q[rows] + stop, last)
        rows = rows[(stop == _WINDOW) & (q[rows] < last)]
    return q, hyphen
