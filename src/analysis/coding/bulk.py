"""Confirm many candidate patterns at once: does pattern ``pid`` match at ``start``?

Each candidate is walked word by word with numpy over the whole batch: the boundary before
it, each word's characters (against the scanned form, or the code points where the entry is
case-sensitive), the separators between words, a ``word*``'s run and the boundary after the
match; the character bits come from ``analysis.coding.charclass``. The answer is exactly the
pattern's regular expression's, or UNSURE where only the expression can tell (a pattern
that does not qualify, or whose partial program's words match; a hyphen inside a ``word*``
that more words follow).
"""

from __future__ import annotations

import numpy as np

from analysis.coding.charclass import RUN, SEP, WORDISH, bits
from analysis.coding.programs import Programs

NO, YES, UNSURE = 0, 1, 2
_SEPARATOR_LIKE = np.zeros(256, dtype=bool)  # what a separator shows in the scanned form
_SEPARATOR_LIKE[[ord(" "), ord("-"), ord("?")]] = True


def confirm(programs: Programs, pid: np.ndarray, start: np.ndarray, verified: np.ndarray,
            scanned: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The outcome (NO, YES, UNSURE) and end of every candidate; ``verified`` characters of
    each one's first word are known to match already (the scanner found them)."""
    status = np.full(len(pid), UNSURE, dtype=np.int8)
    end = start.copy()
    at_start = (bits(units, start - 1) & RUN) == 0  # a match starts a word
    status[~at_start] = NO
    rows = np.flatnonzero(at_start & (programs.qualifies[pid] | programs.partial[pid]))
    status[rows] = NO  # until a match is found (or, for a partial program, its words)
    partial = programs.partial[pid]
    q, word = start[rows], programs.first_word[pid[rows]]
    left, skip = programs.n_words[pid[rows]], verified[rows]
    cs = programs.case_sensitive[pid[rows]]
    for k in range(programs.most_words):
        if not len(rows):
            break
        if k:  # a separator, then the next word
            ok = _SEPARATOR_LIKE[scanned[q]]
            after = scanned[q + 1]
            ok &= (after == programs.initial[word]) | _SEPARATOR_LIKE[after]
            rows, q, word, left, cs = rows[ok], q[ok], word[ok], left[ok], cs[ok]
            past = _run_end(units, q, SEP)[0]
            ok = past > q
            rows, q, word, left, cs = rows[ok], past[ok], word[ok], left[ok], cs[ok]
            skip = np.zeros(len(rows), dtype=np.int64)
        ok = _compare(programs, word, skip, q, cs, scanned, units)
        rows, q, word, left, cs = rows[ok], q[ok], word[ok], left[ok], cs[ok]
        q = q + programs.length[word]
        star = programs.star[word]
        final = left == 1
        if star.any():
            q[star], hyphen = _run_end(units, q[star], RUN)
            unsure = np.zeros(len(rows), dtype=bool)
            unsure[star] = hyphen & ~final[star]  # `word*-word`: the regex may backtrack
            status[rows[unsure]] = UNSURE
            final &= ~unsure
        else:
            unsure = star
        done, q_done = rows[final], q[final]
        end[done] = q_done
        before_gap = partial[done]
        status[done[before_gap]] = UNSURE  # the words before a gap match: the regex decides
        ends_word = star[final] | ((bits(units, q_done) & WORDISH) == 0)
        status[done[~before_gap & ends_word]] = YES
        going = ~final & ~unsure
        rows, q, word, left, cs = rows[going], q[going], word[going] + 1, left[going] - 1, \
            cs[going]
    return status, end


def _compare(programs: Programs, word: np.ndarray, skip: np.ndarray, q: np.ndarray,
             cs: np.ndarray, scanned: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Where the text at ``q`` spells each ``word`` (after its first ``skip`` characters).
    The scanned form shows the letter of a case partner (``ſ`` as ``s``), so a comparison
    with it is what ``re.IGNORECASE`` does with ASCII words."""
    same = np.ones(len(word), dtype=bool)
    length = programs.length[word]
    rows = np.flatnonzero(length > skip)
    if not len(rows):
        return same
    width = programs.chars.shape[1]
    base = word[rows] * width + skip[rows]
    at = q[rows] + skip[rows]
    todo = length[rows] - skip[rows]
    exact = cs[rows]
    for column in range(width):  # character by character; most candidates fail early
        seen = scanned[at + column]
        if exact.any():
            seen = np.where(exact, units[at + column], seen)
        wrong = seen != programs.flat_chars[base + column]
        if wrong.any():
            same[rows[wrong]] = False
        going = ~wrong & (todo > column + 1)
        if not going.any():
            break
        rows, base, at, todo, exact = rows[going], base[going], at[going], todo[going], \
            exact[going]
    return same


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
