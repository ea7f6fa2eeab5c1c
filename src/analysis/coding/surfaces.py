"""Strings cut from a batch's text and glued together without a Python object per piece.

The matched surfaces are cut from the batch's UTF-8 bytes with numpy (character offsets
turned into byte offsets by counting the non-ASCII characters before them) into one Arrow
string array; the per-text lists (``dimension:entry=surface; ...``) are glued by Arrow's
string kernels. Where the text cannot be UTF-8 (a lone surrogate) the surfaces are sliced
in Python instead.
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
    """``joined[start:end]`` for every row, as an Arrow ``large_string`` array (a list of
    ``str`` if ``joined`` holds a lone surrogate)."""
    try:
        data = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    except UnicodeEncodeError:
        return [joined[a:b] for a, b in zip(start.tolist(), end.tolist(), strict=True)]
    wide = np.flatnonzero(units >= 0x80)
    if len(wide):
        extra = np.zeros(len(wide) + 1, dtype=np.int64)
        code = units[wide]
        np.cumsum(1 + (code >= 0x800) + (code >= 0x10000), out=extra[1:])
        start = start + extra[np.searchsorted(wide, start)]
        end = end + extra[np.searchsorted(wide, end)]
    length = end - start
    offsets = np.zeros(len(start) + 1, dtype=np.int64)
    np.cumsum(length, out=offsets[1:])
    values = data[_ranges(start, length)]
    return pa.Array.from_buffers(pa.large_string(), len(start),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(values)])


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
