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

    @classmethod
    def from_lists(cls, found: list[list[Match]], dimensions: list[str],
                   entries: list[tuple[int, str]]) -> MatchTable:
        """The table of ``Match`` lists (one per text)."""
        dim = {name: d for d, name in enumerate(dimensions)}
        number = {key: k for k, key in enumerate(entries)}
        rows = [(t, dim[m.dimension], m) for t, ms in enumerate(found) for m in ms]

        def column(values: list[int]) -> np.ndarray:
            return np.array(values, dtype=np.int64)

        return cls(dimensions, entries, len(found), column([t for t, _, _ in rows]),
                   column([d for _, d, _ in rows]),
                   column([number[d, m.entry_id] for _, d, m in rows]),
                   column([m.start for _, _, m in rows]), column([m.end for _, _, m in rows]),
                   column([number[d, m.vetoed_by] if m.vetoed_by else -1 for _, d, m in rows]),
                   [m.surface for _, _, m in rows])

    @classmethod
    def concat(cls, tables: list[MatchTable]) -> MatchTable:
        """One table of several batches' tables, in order."""
        first = tables[0]
        shift = np.cumsum([0] + [t.n_texts for t in tables])
        return cls(first.dimensions, first.entries, int(shift[-1]),
                   np.concatenate([t.text + s for t, s in zip(tables, shift, strict=False)]),
                   *(np.concatenate([getattr(t, name) for t in tables])
                     for name in ("dim", "entry", "start", "end", "vetoed_by")),
                   [s for t in tables for s in t.surface])

    def counts(self) -> np.ndarray:
        """Kept (not vetoed) matches per text and dimension."""
        kept = self.vetoed_by < 0
        width = len(self.dimensions)
        flat = np.bincount(self.text[kept] * width + self.dim[kept],
                           minlength=self.n_texts * width)
        return flat.reshape(self.n_texts, width)

    def kept_lists(self) -> list[str]:
        """Per text, its kept matches as ``dimension:entry=surface; ...``."""
        rows = np.flatnonzero(self.vetoed_by < 0)
        labels = [f"{self.dimensions[d]}:{i}=" for d, i in self.entries]
        surface = self.surface
        return self._joined(rows, [labels[e] + surface[k] for e, k in zip(
            self.entry[rows].tolist(), rows.tolist(), strict=True)])

    def vetoed_lists(self) -> list[str]:
        """Per text, its vetoed terms as ``dimension:entry=surface (vetoed by id); ...``."""
        rows = np.flatnonzero(self.vetoed_by >= 0)
        labels = [f"{self.dimensions[d]}:{i}=" for d, i in self.entries]
        ids = [i for _, i in self.entries]
        return self._joined(rows, [f"{labels[e]}{self.surface[k]} (vetoed by {ids[v]})"
                                   for e, v, k in zip(self.entry[rows].tolist(),
                                                      self.vetoed_by[rows].tolist(),
                                                      rows.tolist(), strict=True)])

    def _joined(self, rows: np.ndarray, pieces: list[str]) -> list[str]:
        """Per text, the ``pieces`` of its ``rows`` joined by ``; ``."""
        out = [""] * self.n_texts
        if not len(rows):
            return out
        text = self.text[rows]
        change = np.flatnonzero(np.r_[True, text[1:] != text[:-1], True])
        for a, b, t in zip(change[:-1].tolist(), change[1:].tolist(),
                           text[change[:-1]].tolist(), strict=True):
            out[t] = "; ".join(pieces[a:b])
        return out
