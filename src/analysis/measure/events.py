"""Before and after a named event: the change in each dimension's share, with its interval.

Publication time: a source is *before* an event when its whole publication interval ends
before the event's date, *after* when it starts on or after it, and set aside when its
interval contains the date (a source known only as "2022" says nothing about 24 February
2022; ``spanning_units`` counts the units set aside). The share on each side is the share
of that side's units coded for the dimension (pooled over its sources); the interval for
after − before comes from a bootstrap that resamples sources within each side, since the
source carries the date (see ``_interval`` for how the bootstrap becomes an interval).

Referenced time: each anchored unit is before or after by the span it refers to (set aside
when the span contains the date); sources contribute units to both sides, so the bootstrap
resamples whole sources (clusters), each with all its units on both sides.

Too few sources on a side (fewer than ``MIN_SOURCES_PER_SIDE`` = 3: with two, a side's
variance rests on one degree of freedom) → the shares and their difference are shown as
description, the interval is left empty and ``note`` says ``not estimable: N sources
before``. Coverage of the interval in simulation (``python -m
analysis.measure.trend_simulation events 400``; source sd 0.8 on the logit scale):
publication time 0.975, 0.965, 0.968, 0.935 with 3, 5, 8, 20 sources per side; referenced
time 0.965, 0.938, 0.955, 0.945 with 3, 5, 8, 20 sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.coding.codebook import flagged_name
from analysis.core.errors import AnalysisError

MIN_SOURCES_PER_SIDE = 3
SIDES = ("before", "after")


@dataclass(frozen=True)
class Event:
    """A dated event the user names."""

    date: str
    name: str


def parse_events(raw: list) -> list[Event]:
    """``[["2020-08-09", "presidential election"], …]`` → events; one-line error otherwise."""
    events = []
    for i, item in enumerate(raw):
        if not (isinstance(item, list | tuple) and len(item) == 2
                and all(isinstance(v, str) for v in item)):
            raise AnalysisError(f"events[{i}]: expected [\"YYYY-MM-DD\", \"name\"], got {item!r}")
        try:
            dt.date.fromisoformat(item[0])
        except ValueError:
            raise AnalysisError(f"events[{i}]: {item[0]!r} is not a date (YYYY-MM-DD)") from None
        events.append(Event(item[0], item[1]))
    return events


def side(start: pd.Series, end: pd.Series, date: str) -> pd.Series:
    """before / after / spans for date spans (ISO strings) relative to ``date``."""
    s, e = pd.to_datetime(start), pd.to_datetime(end)
    at = pd.Timestamp(date)
    out = np.where(e < at, "before", np.where(s >= at, "after", "spans"))
    return pd.Series(np.where(s.isna(), "", out), index=start.index)


def _counts(units: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    """Per source and side: units and positives per dimension (sides as columns)."""
    grouped = units.groupby(["doc_id", "side"])[dims].agg(["sum", "size"])
    return grouped.unstack("side", fill_value=0)


def _interval(pos: dict, n: dict, draws: int, rng: np.random.Generator,
              stratified: bool) -> tuple[float, float]:
    """95% interval for after − before from a bootstrap over sources (rows of pos/n).

    The bootstrap gives the variance; each resampled side's variance is scaled by G/(G − 1)
    (the bootstrap of G clusters divides by G, not G − 1) and the interval uses a t quantile
    with Welch–Satterthwaite degrees of freedom (stratified: sources differ between sides) or
    G − 1 (one set of sources on both sides) — a percentile interval undercovers with few
    sources (``tests/test_events.py``).
    """
    def shares(s: str, idx: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return pos[s][idx].sum(axis=1) / n[s][idx].sum(axis=1)

    estimate = pos["after"].sum() / n["after"].sum() - pos["before"].sum() / n["before"].sum()
    if stratified:
        var, dfs = {}, {}
        for s in SIDES:
            members = np.flatnonzero(n[s] > 0)
            g = len(members)
            var[s] = np.var(shares(s, members[rng.integers(0, g, size=(draws, g))]),
                            ddof=1) * g / (g - 1)
            dfs[s] = g - 1
        total = var["before"] + var["after"]
        df = total**2 / sum(var[s] ** 2 / dfs[s] for s in SIDES) if total > 0 else 1.0
    else:
        g = len(n["before"])
        idx = rng.integers(0, g, size=(draws, g))
        diffs = shares("after", idx) - shares("before", idx)
        total = np.nanvar(diffs, ddof=1) * g / (g - 1)
        df = g - 1
    half = stats.t.ppf(0.975, df) * np.sqrt(total)
    return float(estimate - half), float(estimate + half)


def compare(units: pd.DataFrame, dims: list[str], event: Event, *, axis: str,
            start: str, end: str, draws: int, seed: int,
            min_sources: int = MIN_SOURCES_PER_SIDE) -> pd.DataFrame:
    """One row per dimension: shares before and after ``event``, their difference and
    interval (bootstrap over sources), or why there is no interval."""
    min_sources = max(min_sources, 2)  # a side's variance needs two sources
    placed = units.assign(side=side(units[start], units[end], event.date).to_numpy())
    spanning = int((placed["side"] == "spans").sum())
    kept = placed[placed["side"].isin(SIDES)]
    n_src = {s: kept.loc[kept["side"] == s, "doc_id"].nunique() for s in SIDES}
    short = [f"{n_src[s]} source{'' if n_src[s] == 1 else 's'} {s}" for s in SIDES
             if n_src[s] < min_sources]
    note = f"not estimable: {', '.join(short)}" if short else ""
    counts = _counts(kept, dims) if len(kept) else None
    rng = np.random.default_rng(seed)
    rows = []
    for d in dims:
        base = {"event": event.name, "date": event.date, "axis": axis, "dimension": d,
                "sources_before": n_src["before"], "sources_after": n_src["after"],
                "spanning_units": spanning}
        pos = {s: (counts[(d, "sum", s)].to_numpy(float) if counts is not None and
                   (d, "sum", s) in counts else np.zeros(0)) for s in SIDES}
        n = {s: (counts[(d, "size", s)].to_numpy(float) if counts is not None and
                 (d, "size", s) in counts else np.zeros(0)) for s in SIDES}
        share = {s: (pos[s].sum() / n[s].sum() if n[s].sum() else np.nan) for s in SIDES}
        low = high = np.nan
        if not note:
            low, high = _interval(pos, n, draws, rng, stratified=axis == "published")
        rows.append({**base, "units_before": int(n["before"].sum()),
                     "units_after": int(n["after"].sum()), "share_before": share["before"],
                     "share_after": share["after"],
                     "difference": share["after"] - share["before"],
                     "ci_low": float(low), "ci_high": float(high), "note": note})
    return pd.DataFrame(rows)


def event_table(published: pd.DataFrame, referenced: pd.DataFrame, dims: list[str],
                events: list[Event], *, draws: int, seed: int,
                min_sources: int = MIN_SOURCES_PER_SIDE) -> pd.DataFrame:
    """Every event on both time axes. ``published`` needs ``published_start/end`` per unit,
    ``referenced`` ``ref_start/ref_end`` (NaN for unanchored units)."""
    frames = []
    for i, ev in enumerate(events):
        frames.append(compare(published, dims, ev, axis="published", start="published_start",
                              end="published_end", draws=draws, seed=seed + i,
                              min_sources=min_sources))
        anchored = referenced.dropna(subset=["ref_start"])
        frames.append(compare(anchored, dims, ev, axis="referenced", start="ref_start",
                              end="ref_end", draws=draws, seed=seed + 100 + i,
                              min_sources=min_sources))
    return pd.concat(frames, ignore_index=True)


def read_event(row: pd.Series) -> str:
    """One plain-language sentence for one before/after comparison."""
    where = f"{flagged_name(row)}, {row['event']} ({row['date']}, {row['axis']} time)"
    if pd.isna(row["difference"]):
        return f"{where}: no units on one side ({row['note']})."
    shares = (f"{row['share_before']:.3f} before, {row['share_after']:.3f} after "
              f"({100 * row['difference']:+.1f} points)")
    if row["note"]:
        return f"{where}: {shares}; {row['note']}, so no interval — a description only."
    return f"{where}: {shares}, 95% interval [{100 * row['ci_low']:+.1f}, " \
           f"{100 * row['ci_high']:+.1f}] points."
