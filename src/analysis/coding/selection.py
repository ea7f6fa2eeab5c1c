"""Which confirmed matches the reference keeps: within a dimension, left to right, a match
hides every candidate that starts inside it."""

from __future__ import annotations

import numpy as np


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
