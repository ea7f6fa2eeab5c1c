"""Confirm many candidate patterns at once: does pattern ``pid`` match at ``start``?

Each candidate is walked word by word with numpy over the whole batch: the boundary before
it, each word's characters (against the scanned form, or the code points where the entry is
case-sensitive), the separators between words, a ``word*``'s run and the boundary after the
match; the character bits come from ``analysis.coding.charclass``. The answer is exactly the
pattern's regular expression's, or UNSURE where only the expression can tell (a pattern
that does not qualify, a hyphen inside a ``word*`` that more words follow).
"""

from __future__ import annotations

import numpy as np

from analysis.coding.charclass import RUN, SEP, WORDISH, bits
from analysis.coding.programs import Programs

NO, YES, UNSURE = 0, 1, 2
_OPEN = 3  # still being walked


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
    for k in range(programs.most_words):
        rows = np.flatnonzero((status == _OPEN) & (n_words > k))
        if not len(rows):
            break
        q = end[rows]
        word = programs.first_word[pid[rows]] + k
        if k:
            q = _run_end(units, q, SEP)[0]
            ok = q > end[rows]  # at least one separator
            status[rows[~ok]] = NO
            rows, q, word = rows[ok], q[ok], word[ok]
            skip = np.zeros(len(rows), dtype=np.int64)
        else:
            skip = verified[rows]
        outcome = _compare(programs, word, skip, q, cs[rows], scanned, units)
        status[rows[outcome != YES]] = outcome[outcome != YES]
        keep = outcome == YES
        rows, word, q = rows[keep], word[keep], q[keep] + programs.length[word[keep]]
        star = programs.star[word]
        final = n_words[rows] == k + 1
        if star.any():
            q[star], hyphen = _run_end(units, q[star], RUN)
            status[rows[star][hyphen & ~final[star]]] = UNSURE  # `word*-word`: backtracking
        end[rows] = q
        done = rows[final]
        after_ok = star[final] | ((bits(units, q[final]) & WORDISH) == 0)
        status[done[after_ok]] = YES
        status[done[~after_ok]] = NO
    status[status == _OPEN] = NO
    return status, end


def _compare(programs: Programs, word: np.ndarray, skip: np.ndarray, q: np.ndarray,
             cs: np.ndarray, scanned: np.ndarray, units: np.ndarray) -> np.ndarray:
    """YES where the text at ``q`` spells each ``word`` (after its first ``skip`` characters),
    else NO. The scanned form shows the letter of a case partner (``ſ`` as ``s``), so a
    comparison with it is what ``re.IGNORECASE`` does with ASCII words."""
    outcome = np.full(len(word), YES, dtype=np.int8)
    length = programs.length[word]
    rows = np.flatnonzero(length > skip)
    width = programs.chars.shape[1]
    for column in range(width):  # character by character; most candidates fail early
        if not len(rows):
            break
        at = q[rows] + skip[rows] + column
        expected = programs.flat_chars[word[rows] * width + skip[rows] + column]
        wrong = np.where(cs[rows], units[at], scanned[at]) != expected
        outcome[rows[wrong]] = NO
        rows = rows[~wrong]
        rows = rows[length[rows] > skip[rows] + column + 1]
    return outcome


def _run_end(units: np.ndarray, q: np.ndarray, bit: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of characters with ``bit`` starting at ``q`` ends, and whether it
    holds an ASCII hyphen."""
    q = q.copy()
    hyphen = np.zeros(len(q), dtype=bool)
    rows = np.arange(len(q))
    while len(rows):
        at = q[rows]
        inside = (bits(units, at) & bit) != 0
        rows, at = rows[inside], at[inside]
        hyphen[rows] |= units[at] == ord("-")
        q[rows] = at + 1
    return q, hyphen
