"""Where each pattern can start: one Hyperscan scan of a batch's scanned form.

The scanner holds, as literals, the scanned forms of every pattern's opening word (with the
character before it and, where the patterns allow, the one after it; see
``analysis.coding.scanning``).
A phrase whose first word is too common is searched by its second word and its possible
starts are counted back over the separator. The scan's hits become arrays of candidates:
pattern number (``pid``), start in the batch, and how many characters of the first word
the scanner has already matched exactly.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import hyperscan
import numpy as np

from analysis.coding.scanning import (
    SEPARATORS,
    opening_forms,
    searched_by_second_word,
    second_forms,
    variant_length,
)

FORM_SPAN = 1 << 24  # more scanned forms than a codebook has (checked when compiling)
_SEPARATOR_BYTES = np.array([ord(c) for c in SEPARATORS], dtype=np.uint8)


def _csr(lists: list[list[tuple[int, int]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pointers and two columns of a list of lists of pairs."""
    pointers = np.zeros(len(lists) + 1, dtype=np.int64)
    pointers[1:] = np.cumsum([len(x) for x in lists])
    flat = [pair for x in lists for pair in x] or [(0, 0)]
    return pointers, np.array([a for a, _ in flat]), np.array([b for _, b in flat])


def _expand(pointers: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every ``which``, the indices of its items: (position in ``which``, item index)."""
    counts = pointers[which + 1] - pointers[which]
    owner = np.repeat(np.arange(len(which)), counts)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, pointers[which][owner] + offset


class Candidates:
    """The scanner over ``patterns`` (pattern strings by pid) and its tables."""

    def __init__(self, patterns: Sequence[str], case_sensitive: Sequence[bool]) -> None:
        openings: dict[str, list[int]] = {}
        for pid, pattern in enumerate(patterns):
            openings.setdefault(pattern.split()[0].removesuffix("*"), []).append(pid)
        forms: dict[str, tuple[set[tuple[int, int]], set[tuple[int, int]]]] = {}
        opening_words = set(openings)
        for opening, pids in openings.items():
            mine = [patterns[pid] for pid in pids]
            if not searched_by_second_word(opening, mine, opening_words):
                length = variant_length(opening)
                for form in opening_forms(opening, mine):
                    known = 0 if "?" in form[1:1 + length] else length
                    forms.setdefault(form, (set(), set()))[0].update(
                        (pid, 0 if case_sensitive[pid] else known) for pid in pids)
                continue
            for pid in pids:  # a form of a phrase's second word stands for that phrase
                for form in second_forms(patterns[pid]):
                    forms.setdefault(form, (set(), set()))[1].add((len(opening), pid))
        self.database: hyperscan.Database | None = None
        if len(forms) >= FORM_SPAN:
            raise ValueError(f"{len(forms)} scanned forms: more than the scanner can number")
        if forms:
            self.database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            self.database.compile(expressions=[f.encode("ascii") for f in forms],
                                  ids=list(range(len(forms))), elements=len(forms), flags=0,
                                  literal=True)
        self.local = threading.local()  # a scan's scratch space, one per thread
        self.back = np.array([len(form) - 1 for form in forms] or [0], dtype=np.int64)
        self.opening, self.opening_pid, self.opening_known = _csr(
            [sorted(rows) for rows, _ in forms.values()])
        self.after, self.after_length, self.after_pid = _csr(
            [sorted(after) for _, after in forms.values()])

    def find(self, form: bytes, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                             np.ndarray]:
        """Every candidate in the scanned ``form`` (``codes``: its bytes as an array): pid,
        start and the number of characters of its first word already matched."""
        ends, forms = self._scan(form)
        starts = ends - self.back[forms]
        owner, item = _expand(self.opening, forms)
        pid = [self.opening_pid[item]]
        start = [starts[owner]]
        known = [self.opening_known[item]]
        later = np.flatnonzero(self.after[forms + 1] > self.after[forms])
        if len(later):
            p, i = self._phrase_starts(starts[later], forms[later], codes)
            pid.append(self.after_pid[i])
            start.append(p)
            known.append(np.zeros(len(p), dtype=np.int64))
        return np.concatenate(pid), np.concatenate(start), np.concatenate(known)

    def _scan(self, form: bytes) -> tuple[np.ndarray, np.ndarray]:
        """Every hit: where it ends (exclusive) and which form it is."""
        hits: list[int] = []  # each hit as one number, end * FORM_SPAN + form (one append)
        if self.database is not None:
            scratch = getattr(self.local, "scratch", None)
            if scratch is None:
                scratch = self.local.scratch = hyperscan.Scratch(self.database)
            add = hits.append

            def hit(number: int, _start: int, stop: int, _flags: int, _context: object) -> None:
                add(stop * FORM_SPAN + number)

            self.database.scan(form, match_event_handler=hit, scratch=scratch)
        ends, forms = np.divmod(np.array(hits, dtype=np.int64), FORM_SPAN)
        return ends, forms

    def _phrase_starts(self, second: np.ndarray, forms: np.ndarray,
                       codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the first word of a phrase found by its second word may start: it ends
        anywhere in the separator run before the second word."""
        first = second - 1
        rows = np.arange(len(first))
        while len(rows):
            back = first[rows] > 1
            back[back] = np.isin(codes[first[rows[back]] - 1], _SEPARATOR_BYTES)
            rows = rows[back]
            first[rows] -= 1
        owner = np.repeat(np.arange(len(first)), second - first)
        ends = first[owner] + np.arange(len(owner)) - np.repeat(
            np.cumsum(second - first) - (second - first), second - first)
        which, item = _expand(self.after, forms[owner])
        starts = ends[which] - self.after_length[item]
        keep = starts >= 1
        return starts[keep], item[keep]
