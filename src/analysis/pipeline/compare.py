"""Say how two versions of an output differ, and whether the numbers behind them still agree.

Byte identity is the rule. Where bytes legitimately cannot match (another platform's float
rounding, another FreeType's anti-aliasing), these tolerances apply instead:

* CSV tables: same columns and rows; numbers within 1e-4 absolute (one unit in the 4th
  decimal, the precision the tables are printed at) plus 1e-9 relative; text identical.
* Parquet files: same schema and rows; numbers within 1e-9 relative, 1e-12 absolute.
* PNG figures: same pixel size, and at most 0.5 % of pixels differ by more than 10 % of the
  range in any channel.
* Everything else (SVG, Markdown, LaTeX, HTML, notebooks): no tolerance; the first
  differing line is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

CSV_ATOL, CSV_RTOL = 1e-4, 1e-9
PARQUET_ATOL, PARQUET_RTOL = 1e-12, 1e-9
PNG_PIXEL_DELTA, PNG_MAX_SHARE = 0.10, 0.005


@dataclass(frozen=True)
class Verdict:
    """Whether two files agree within the stated tolerance, and what differs."""

    within_tolerance: bool
    detail: str


def first_text_difference(expected: Path, actual: Path) -> str:
    """The first line at which two text files differ, both versions shortened."""
    a = expected.read_text(encoding="utf-8", errors="replace").splitlines()
    b = actual.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"line {number}: expected {x[:60]!r}, got {y[:60]!r}"
    if len(a) != len(b):
        return f"{len(a)} lines expected, {len(b)} rebuilt"
    return "same lines, different bytes (line endings or trailing newline)"


def compare_frames(expected: pd.DataFrame, actual: pd.DataFrame, *, atol: float,
                   rtol: float) -> Verdict:
    """Same shape and columns, equal text, numbers within tolerance."""
    if list(expected.columns) != list(actual.columns):
        return Verdict(False, f"columns differ: {list(expected.columns)} vs "
                              f"{list(actual.columns)}")
    if expected.shape != actual.shape:
        return Verdict(False, f"shape {expected.shape} expected, {actual.shape} rebuilt")
    worst = 0.0
    for column in expected.columns:
        x, y = expected[column], actual[column]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y) \
                and not pd.api.types.is_bool_dtype(x):
            xv, yv = x.to_numpy(dtype=float), y.to_numpy(dtype=float)
            close = np.isclose(yv, xv, atol=atol, rtol=rtol, equal_nan=True)
            if not close.all():
                row = int(np.flatnonzero(~close)[0])
                return Verdict(False, f"column {column!r} row {row}: {xv[row]!r} expected, "
                                      f"{yv[row]!r} rebuilt")
            both = ~(np.isnan(xv) | np.isnan(yv))
            if both.any():
                worst = max(worst, float(np.max(np.abs(xv[both] - yv[both]))))
        else:
            unequal = ~((x == y) | (x.isna() & y.isna()))
            if unequal.any():
                row = int(np.flatnonzero(unequal.to_numpy())[0])
                return Verdict(False, f"column {column!r} row {row}: {x.iloc[row]!r} "
                                      f"expected, {y.iloc[row]!r} rebuilt")
    return Verdict(True, f"numbers within tolerance (largest difference {worst:.2g})")


def compare_png(expected: Path, actual: Path) -> Verdict:
    """Same size and nearly the same pixels."""
    from matplotlib.image import imread

    a, b = imread(expected), imread(actual)
    if a.shape != b.shape:
        return Verdict(False, f"image size {a.shape[:2]} expected, {b.shape[:2]} rebuilt")
    delta = np.abs(a.astype(float) - b.astype(float))
    off = delta.reshape(-1, a.shape[-1]).max(axis=1) > PNG_PIXEL_DELTA if a.ndim == 3 \
        else (delta > PNG_PIXEL_DELTA).ravel()
    share = float(off.mean())
    return Verdict(share <= PNG_MAX_SHARE, f"{share:.2%} of pixels differ visibly")


def compare_with_tolerance(expected: Path, actual: Path) -> Verdict:
    """The tolerance rule for this kind of file (see the module docstring)."""
    suffix = expected.suffix
    try:
        if suffix == ".csv":
            return compare_frames(pd.read_csv(expected), pd.read_csv(actual),
                                  atol=CSV_ATOL, rtol=CSV_RTOL)
        if suffix == ".parquet":
            return compare_frames(pd.read_parquet(expected), pd.read_parquet(actual),
                                  atol=PARQUET_ATOL, rtol=PARQUET_RTOL)
        if suffix == ".png":
            return compare_png(expected, actual)
    except (ValueError, OSError) as exc:
        return Verdict(False, f"cannot compare: {exc}")
    return Verdict(False, first_text_difference(expected, actual))
