"""Strings cut from a batch's text and glued together without a Python object per piece.

The matched surfaces are cut from the batch's code points and encoded to UTF-8 with numpy,
into one Arrow string array; the per-text lists (``dimension:entry=surface; ...``) are
glued by Arrow's string kernels. Where the text cannot be UTF-8 (a lone surrogate) the
surfaces are sliced in Python instead.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def _ranges(start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The indices ``start[i] .. start[i] + length[i]`` of every range, concatenated."""
    total = int(length.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    first = np.cumsum(length) - length
    return np.arange(total) + np.repeat(start - first, length)


def cut(joined: str, units: np.ndarray, start: np.ndarray,
        end: np.ndarray) -> pa.Array | list[str]:
    """``joined[start:end]`` for every row (``units``: the code points of ``joined``), as an
    Arrow ``large_string`` array, encoded to UTF-8 with numpy (a list of ``str`` if the text
    holds a lone surrogate, which UTF-8 cannot carry)."""
    length = end - start
    points = units[_ranges(start, length)]
    wide = np.flatnonzero(points >= 0x80)  # few: most surfaces are ASCII
    values = points.astype(np.uint8)
    if len(wide):
        code = points[wide].astype(np.int64)
        if ((code >= 0xD800) & (code < 0xE000)).any():
            return [joined[a:b] for a, b in zip(start.tolist(), end.tolist(), strict=True)]
        values, extra = _utf8(values, code, wide)
        first = np.cumsum(length) - length
        row = np.searchsorted(first, wide, "right") - 1
        length = length + np.bincount(row, weights=extra, minlength=len(length)).astype(np.int64)
    offsets = np.zeros(len(start) + 1, dtype=np.int64)
    np.cumsum(length, out=offsets[1:])
    return pa.Array.from_buffers(pa.large_string(), len(start),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(values)])


def _utf8(values: np.ndarray, code: np.ndarray, wide: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:
    """``values`` (one byte per character) with the code points ``code`` at the indices
    ``wide`` spelled out in UTF-8 (none a surrogate), and the bytes each one adds."""
    size = 2 + (code >= 0x800) + (code >= 0x10000)
    shift = 6 * (size - 1)
    values[wide] = np.array([0, 0, 0xC0, 0xE0, 0xF0])[size] | (code >> shift)
    more = np.repeat(np.arange(len(code)), size - 1)  # one per continuation byte
    k = np.arange(len(more)) - np.repeat(np.cumsum(size - 1) - (size - 1), size - 1) + 1
    tail = 0x80 | ((code[more] >> (shift[more] - 6 * k)) & 0x3F)
    return np.insert(values, wide[more] + 1, tail.astype(np.uint8)), size - 1


def as_arrow(strings: pa.Array | list[str]) -> pa.Array:
    """``strings`` as an Arrow ``large_string`` array."""
    if isinstance(strings, list):
        return pa.array(strings, type=pa.large_string())
    return strings


def joined_per_text(text: np.ndarray, pieces: pa.Array, n_texts: int) -> pa.Array:
    """Per text, its ``pieces`` (rows in text order, ``text`` their texts) joined by ``; ``
    (empty where it has none)."""
    offsets = np.zeros(n_texts + 1, dtype=np.int32 if len(pieces) < 2**31 else np.int64)
    np.cumsum(np.bincount(text, minlength=n_texts), out=offsets[1:])
    kind = pa.ListArray if offsets.dtype == np.int32 else pa.LargeListArray
    return pc.binary_join(kind.from_arrays(pa.array(offsets), pieces),
                          pa.scalar("; ", type=pa.large_string()))


def take(names: tuple[str, ...], which: np.ndarray) -> pa.Array:
    """``names[k]`` for every ``k`` in ``which``, as an Arrow ``large_string`` array."""
    return _arrow(names).take(pa.array(which))


@lru_cache(maxsize=64)
def _arrow(names: tuple[str, ...]) -> pa.Array:
    return pa.array(names, type=pa.large_string())
