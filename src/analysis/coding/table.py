"""The compiled coder's output as columns: one row per matched or vetoed term of a batch.

Tables (codes, the audit trail, ``analysis code``'s CSV) are built from the columns without
a Python object per match; ``per_text`` builds the ``Match`` lists for callers that want
them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.coding.reference import Match


@dataclass
class MatchTable:
    """Matches in order: by text, then dimension by dimension, each left to right (the
    terms an exclusion vetoes at the exclusion's place, left to right)."""

    dimensions: list[str]
    entries: list[tuple[int, str]]  # (dimension number, entry id) by entry number
    n_texts: int
    text: np.ndarray  # the text's position in the batch
    dim: np.ndarray  # dimension number
    entry: np.ndarray  # entry number
    start: np.ndarray  # offsets in the text
    end: np.ndarray
    vetoed_by: np.ndarray  # entry number of the vetoing exclusion, or -1
    surface: list[str]

    @classmethod
    def empty(cls, dimensions: list[str], entries: list[tuple[int, str]],
              n_texts: int) -> MatchTable:
        none = np.zeros(0, dtype=np.int64)
        return cls(dimensions, entries, n_texts, none, none, none, none, none, none, [])

    def bounds(self) -> np.ndarray:
        """Row offsets of each text's matches (``n_texts + 1`` of them)."""
        out = np.zeros(self.n_texts + 1, dtype=np.int64)
        out[1:] = np.cumsum(np.bincount(self.text, minlength=self.n_texts))
        return out

    def names(self) -> tuple[list[str], list[str], list[str]]:
        """Per row: the dimension's name, the entry id and the vetoing exclusion's id
        (empty if none)."""
        dims = np.array(self.dimensions + [""], dtype=object)
        ids = np.array([i for _, i in self.entries] + [""], dtype=object)
        return (dims[self.dim].tolist(), ids[self.entry].tolist(),
                ids[self.vetoed_by].tolist())

    def per_text(self) -> list[list[Match]]:
        """Every text's ``Match`` list."""
        dims, ids, vetoes = self.names()
        rows = list(map(Match, dims, ids, self.surface, self.start.tolist(),
                        self.end.tolist(), vetoes))
        b = self.bounds().tolist()
        return [rows[b[t]:b[t + 1]] for t in range(self.n_texts)]

    def kept_lists(self) -> list[str]:
        """Per text, its kept (not vetoed) matches as ``dimension:entry=surface; ...``."""
        out = [""] * self.n_texts
        kept = np.flatnonzero(self.vetoed_by < 0)
        if not len(kept):
            return out
        labels = [f"{self.dimensions[d]}:{i}=" for d, i in self.entries]
        pieces = [labels[e] + self.surface[k]
                  for e, k in zip(self.entry[kept].tolist(), kept.tolist(), strict=True)]
        text = self.text[kept]
        change = np.flatnonzero(np.r_[True, text[1:] != text[:-1], True])
        for a, b, t in zip(change[:-1].tolist(), change[1:].tolist(), text[change[:-1]].tolist(),
                           strict=True):
            out[t] = "; ".join(pieces[a:b])
        return out


def select(dim: np.ndarray, start: np.ndarray, end: np.ndarray, length: int) -> np.ndarray:
    """The winners kept: within a dimension, left to right, a match hides every winner that
    starts inside it (as a regular expression's ``finditer`` moves past its match)."""
    low = dim * length + start
    high = dim * length + end
    order = np.argsort(low, kind="stable")
    low, high = low[order], high[order]
    covered = np.zeros(len(low), dtype=bool)
    if len(low):
        covered[1:] = low[1:] < np.maximum.accumulate(high)[:-1]
    if not covered.any():
        return order
    keep = ~covered
    free = np.maximum.accumulate(np.where(covered, -1, np.arange(len(low))))
    last = -1
    for j in np.flatnonzero(covered).tolist():
        before = max(int(free[j]), last)
        if low[j] >= high[before]:
            keep[j] = True
            last = j
    return order[keep]
