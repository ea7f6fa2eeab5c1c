"""The compiled coder's output as columns: one row per matched or vetoed term of a batch.

Tables (codes, the audit trail, ``analysis code``'s CSV) are built from the columns, the
strings with Arrow (``analysis.coding.surfaces``), without a Python object per match;
``per_text`` builds the ``Match`` lists for callers that want them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analysis.coding.reference import Match
from analysis.coding.surfaces import as_arrow, joined_per_text, take


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
    surfaces: pa.Array | list[str]  # the matched text of every row

    @classmethod
    def empty(cls, dimensions: list[str], entries: list[tuple[int, str]],
              n_texts: int) -> MatchTable:
        none = np.zeros(0, dtype=np.int64)
        return cls(dimensions, entries, n_texts, none, none, none, none, none, none, [])

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
        surfaces: pa.Array | list[str]
        if any(isinstance(t.surfaces, list) for t in tables):
            surfaces = [s for t in tables for s in t.surface]
        else:
            surfaces = pa.concat_arrays([t.surfaces for t in tables])
        dim, entry, start, end, vetoed_by = (np.concatenate([getattr(t, name) for t in tables])
                                             for name in ("dim", "entry", "start", "end",
                                                          "vetoed_by"))
        return cls(first.dimensions, first.entries, int(shift[-1]),
                   np.concatenate([t.text + s for t, s in zip(tables, shift, strict=False)]),
                   dim, entry, start, end, vetoed_by, surfaces)

    @property
    def surface(self) -> list[str]:
        """The matched text of every row, as Python strings."""
        if isinstance(self.surfaces, list):
            return self.surfaces
        return self.surfaces.to_pylist()

    def bounds(self) -> np.ndarray:
        """Row offsets of each text's matches (``n_texts + 1`` of them)."""
        out = np.zeros(self.n_texts + 1, dtype=np.int64)
        out[1:] = np.cumsum(np.bincount(self.text, minlength=self.n_texts))
        return out

    def counts(self) -> np.ndarray:
        """Kept (not vetoed) matches per text and dimension."""
        kept = self.vetoed_by < 0
        width = len(self.dimensions)
        flat = np.bincount(self.text[kept] * width + self.dim[kept],
                           minlength=self.n_texts * width)
        return flat.reshape(self.n_texts, width)

    def names(self) -> tuple[pa.Array, pa.Array, pa.Array]:
        """Per row: the dimension's name, the entry id and the vetoing exclusion's id
        (empty if none)."""
        ids = (*self._ids(), "")
        return (take(tuple(self.dimensions), self.dim), take(ids, self.entry),
                take(ids, np.where(self.vetoed_by < 0, len(ids) - 1, self.vetoed_by)))

    def per_text(self) -> list[list[Match]]:
        """Every text's ``Match`` list."""
        ids = np.array([*self._ids(), ""], dtype=object)
        names = np.array(self.dimensions, dtype=object)[self.dim].tolist()
        columns = zip(names, ids[self.entry].tolist(), self.surface, self.start.tolist(),
                      self.end.tolist(), ids[self.vetoed_by].tolist(), strict=True)
        rows = list(map(tuple.__new__, repeat(Match), columns))  # no Python call per match
        b = self.bounds().tolist()
        return [rows[b[t]:b[t + 1]] for t in range(self.n_texts)]

    def kept_lists(self) -> pa.Array:
        """Per text, its kept matches as ``dimension:entry=surface; ...``."""
        rows = np.flatnonzero(self.vetoed_by < 0)
        labels = take(self._labels(), self.entry[rows])
        pieces = pc.binary_join_element_wise(labels, self._surfaces(rows), _text(""))
        return joined_per_text(self.text[rows], pieces, self.n_texts)

    def vetoed_lists(self) -> pa.Array:
        """Per text, its vetoed terms as ``dimension:entry=surface (vetoed by id); ...``."""
        rows = np.flatnonzero(self.vetoed_by >= 0)
        labels = take(self._labels(), self.entry[rows])
        vetoes = take(self._ids(), self.vetoed_by[rows])
        pieces = pc.binary_join_element_wise(labels, self._surfaces(rows),
                                             _text(" (vetoed by "), vetoes, _text(")"),
                                             _text(""))
        return joined_per_text(self.text[rows], pieces, self.n_texts)

    def _ids(self) -> tuple[str, ...]:
        return _ids(tuple(self.entries))

    def _labels(self) -> tuple[str, ...]:
        return _labels(tuple(self.dimensions), tuple(self.entries))

    def _surfaces(self, rows: np.ndarray) -> pa.Array:
        return as_arrow(self.surfaces).take(pa.array(rows))


@lru_cache(maxsize=64)
def _ids(entries: tuple[tuple[int, str], ...]) -> tuple[str, ...]:
    return tuple(i for _, i in entries)


@lru_cache(maxsize=64)
def _labels(dimensions: tuple[str, ...], entries: tuple[tuple[int, str], ...]
            ) -> tuple[str, ...]:
    return tuple(f"{dimensions[d]}:{i}=" for d, i in entries)


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, type=pa.large_string())
