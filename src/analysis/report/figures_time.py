"""Figures with time as the axis: the headline trend per dimension by publication date, and
shares by referenced period drawn as spans on a real date axis, pooled over sources."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.lines import Line2D
from statsmodels.stats.proportion import proportion_confint

from analysis.measure.periods import UNANCHORED
from analysis.report.flags import CONTEXT_FACE, dimension_label
from analysis.report.grouping import short_outlet
from analysis.report.style import NEUTRAL, colour

# fewer sources, or fewer distinct dates, than this: points only, no trend drawn (the rule of
# the trend table, so figure and table agree)
MIN_TREND_SOURCES = 8
MIN_TREND_DATES = 3
TREND_DRAWS = 500
TREND_SEED = 20211104
TOP_OUTLETS = 6
MARKERS = "osD^vP"
OUTLET_COLOURS = ["#000000", "#56B4E9", "#D55E00", "#F0E442", "#0072B2", "#CC79A7"]
GRID_POINTS = 120


def published_mid(documents: pd.DataFrame) -> pd.Series:
    """doc_id → the middle of the source's publication interval (a Timestamp)."""
    start = pd.to_datetime(documents["published_start"])
    mid = start + (pd.to_datetime(documents["published_end"]) - start) / 2
    return pd.Series(mid.to_numpy(), index=documents["doc_id"].to_numpy())


def local_linear(x: np.ndarray, y: np.ndarray, w: np.ndarray, grid: np.ndarray,
                 bandwidth: float, counts: np.ndarray) -> np.ndarray:
    """Weighted local-linear fits (Gaussian kernel) at ``grid`` for each row of ``counts``
    (how often each source is drawn): shape (rows of counts, len(grid))."""
    d = x[None, :] - grid[:, None]                       # grid × sources
    k = np.exp(-0.5 * (d / bandwidth) ** 2) * w[None, :]
    s0, s1, s2 = counts @ k.T, counts @ (k * d).T, counts @ (k * d * d).T
    t0, t1 = counts @ (k * y).T, counts @ (k * d * y).T
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = (s2 * t0 - s1 * t1) / (s0 * s2 - s1 * s1)
    return np.clip(fit, 0, 1)


def trend_band(x: np.ndarray, y: np.ndarray, w: np.ndarray, *, draws: int = TREND_DRAWS,
               seed: int = TREND_SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Grid, fitted trend and a 95 % percentile band from a bootstrap over sources.
    ``x`` in days; the bandwidth is a quarter of the date range (at least 90 days)."""
    grid = np.linspace(x.min(), x.max(), GRID_POINTS)
    bandwidth = max((x.max() - x.min()) / 4, 90.0)
    fit = local_linear(x, y, w, grid, bandwidth, np.ones((1, len(x))))[0]
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(len(x), np.full(len(x), 1 / len(x)), size=draws).astype(float)
    boot = local_linear(x, y, w, grid, bandwidth, counts)
    with np.errstate(invalid="ignore"):
        low, high = np.nanquantile(boot, [0.025, 0.975], axis=0)
    return grid, fit, low, high


def outlet_styles(outlets: pd.Series, top: int = TOP_OUTLETS) -> dict[str, tuple[str, str]]:
    """Outlet → (colour, marker): the ``top`` outlets with most sources, everyone else grey."""
    counts = outlets.value_counts()
    ranked = sorted(counts.index, key=lambda o: (-counts[o], o))
    styles = {o: (OUTLET_COLOURS[i], MARKERS[i]) for i, o in enumerate(ranked[:top])}
    return {o: styles.get(o, (NEUTRAL, "o")) for o in ranked}


def publication_trend(attention: pd.DataFrame, documents: pd.DataFrame, dimension: str, *,
                      min_sources: int = MIN_TREND_SOURCES,
                      min_dates: int = MIN_TREND_DATES, draws: int = TREND_DRAWS,
                      seed: int = TREND_SEED, context: Collection[str] = ()) -> plt.Figure:
    """Each source's share of units coded ``dimension`` at its publication date (size:
    its units), the top outlets in colour, and a weighted local-linear trend with a
    bootstrap-over-sources band when there are at least ``min_sources`` sources and
    ``min_dates`` distinct dates. A ``context`` dimension is titled context only, on grey."""
    part = attention[attention["dimension"] == dimension].merge(
        documents[["doc_id", "outlet"]], on="doc_id")
    part = part.assign(date=part["doc_id"].map(published_mid(documents)),
                       outlet=part["outlet"].map(short_outlet))
    styles = outlet_styles(part["outlet"])
    fig, ax = plt.subplots(figsize=(8, 4.6))
    area = 12 + 140 * part["n"] / max(part["n"].max(), 1)
    many = len(part) > 50
    for outlet, (tone, marker) in styles.items():
        rows = part["outlet"] == outlet
        ax.scatter(part.loc[rows, "date"], part.loc[rows, "share"], s=area[rows],
                   color=tone, marker=marker, alpha=0.55 if many else 0.85,
                   edgecolor="white", linewidths=0.4, zorder=3, rasterized=many)
    days = ((part["date"] - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).to_numpy()
    estimable = len(part) >= min_sources and len(np.unique(days)) >= min_dates
    if estimable:
        grid, fit, low, high = trend_band(days, part["share"].to_numpy(float),
                                          part["n"].to_numpy(float), draws=draws, seed=seed)
        when = pd.to_datetime(grid, unit="D")
        ax.fill_between(when, low, high, color=colour(dimension), alpha=0.2, linewidth=0)
        ax.plot(when, fit, color=colour(dimension), lw=2.2, zorder=4)
        note = (f"{len(part)} sources; line: local-linear trend weighted by units, band: 95% "
                f"bootstrap over sources ({draws} draws)")
    else:
        note = (f"only {len(part)} sources, {len(np.unique(days))} dates (a trend needs "
                f"{min_sources} sources, {min_dates} dates): no trend estimated, points only")
    ax.set_ylim(-0.02, 1.02)
    label = dimension_label(dimension, context)
    ax.set_ylabel(f"share of units coded {label}")
    if dimension in context:
        ax.set_facecolor(CONTEXT_FACE)
    ax.set_xlabel("publication date")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title(f"{label[0].upper()}{label[1:]} by publication date\n{note}", fontsize=10)
    handles = [Line2D([], [], ls="", marker=m, color=c, label=o)
               for o, (c, m) in styles.items() if c != NEUTRAL]
    rest = sum(1 for c, _ in styles.values() if c == NEUTRAL)
    if rest:
        handles.append(Line2D([], [], ls="", marker="o", color=NEUTRAL,
                              label=f"{rest} other outlets"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
              title="outlet (point size: units)", title_fontsize=8)
    fig.tight_layout()
    return fig


def period_bounds(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span a period label covers: "1990s" ten years, "2020" a year, "2020-03" a month,
    "2020Q1" a quarter, "2020H2" a half, "2014–2020" its years; end exclusive."""
    if m := re.fullmatch(r"(\d{4})s", label):
        start = dt.date(int(m[1]), 1, 1)
        return pd.Timestamp(start), pd.Timestamp(dt.date(start.year + 10, 1, 1))
    if m := re.fullmatch(r"(\d{4})–(\d{4})", label):
        return pd.Timestamp(int(m[1]), 1, 1), pd.Timestamp(int(m[2]) + 1, 1, 1)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", label):
        start = pd.Timestamp(int(m[1]), int(m[2]), 1)
        return start, start + pd.DateOffset(months=1)
    if m := re.fullmatch(r"(\d{4})([QH])([1-4])", label):
        months = 3 if m[2] == "Q" else 6
        start = pd.Timestamp(int(m[1]), (int(m[3]) - 1) * months + 1, 1)
        return start, start + pd.DateOffset(months=months)
    if re.fullmatch(r"\d{4}", label):
        return pd.Timestamp(int(label), 1, 1), pd.Timestamp(int(label) + 1, 1, 1)
    raise ValueError(f"not a period label: {label!r}")


def pooled_periods(by_period: pd.DataFrame) -> pd.DataFrame:
    """Per period and dimension, pooled over sources: units, coded, share, Wilson interval,
    sources contributing, and the span on the date axis (anchored periods only)."""
    data = by_period[by_period["period"] != UNANCHORED]
    out = (data.groupby(["period", "dimension"], sort=False)
           .agg(n=("n", "sum"), k=("k", "sum"), sources=("doc_id", "nunique")).reset_index())
    out["share"] = out["k"] / out["n"]
    low, high = proportion_confint(out["k"], out["n"], alpha=0.05, method="wilson")
    out["ci_low"], out["ci_high"] = np.asarray(low, float), np.asarray(high, float)
    bounds = [period_bounds(p) for p in out["period"]]
    out["start"] = [b[0] for b in bounds]
    out["end"] = [b[1] for b in bounds]
    return out.sort_values(["start", "end", "dimension"], kind="stable").reset_index(drop=True)


def referenced_spans(by_period: pd.DataFrame, min_n: int, *,
                     context: Collection[str] = ()) -> plt.Figure:
    """One panel per dimension: each referenced period a horizontal span at its share
    (pooled over sources) with its interval at the middle; cells under ``min_n`` units
    faint; a last panel with the units per period. A ``context`` dimension's panel is grey
    and titled context only."""
    pooled = pooled_periods(by_period)
    dims = list(dict.fromkeys(by_period["dimension"]))
    unanchored = int(by_period.loc[by_period["period"] == UNANCHORED]
                     .drop_duplicates("doc_id")["n"].sum())
    fig, axes = plt.subplots(len(dims) + 1, 1, figsize=(9, 1.9 * len(dims) + 2.2), sharex=True,
                             gridspec_kw={"height_ratios": [3] * len(dims) + [2]})
    for ax, dim in zip(axes[:-1], dims, strict=True):
        part = pooled[pooled["dimension"] == dim]
        for faint in (True, False):
            rows = part[(part["n"] < min_n) == faint]
            alpha = 0.25 if faint else 0.9
            mid = rows["start"] + (rows["end"] - rows["start"]) / 2
            ax.hlines(rows["share"], rows["start"], rows["end"], color=colour(dim), lw=3,
                      alpha=alpha)
            ax.vlines(mid, rows["ci_low"], rows["ci_high"], color=colour(dim), lw=1,
                      alpha=alpha)
        ax.set_ylim(-0.02, 1.02)
        ax.set_ylabel("share")
        ax.set_title(dimension_label(dim, context), loc="left", color=colour(dim), fontsize=10)
        if dim in context:
            ax.set_facecolor(CONTEXT_FACE)
    counts = pooled.drop_duplicates("period")
    axes[-1].hlines(counts["n"], counts["start"], counts["end"], color="#444444", lw=3)
    axes[-1].set_yscale("log")
    axes[-1].set_ylabel("units")
    axes[-1].set_title("units per period (sources pooled)", loc="left", fontsize=10)
    axes[-1].axhline(min_n, color=NEUTRAL, lw=0.8, ls="--")
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    fig.suptitle("Share of units by the period they talk about (span = the period; pooled over "
                 f"sources; Wilson 95%)\nfaint: fewer than {min_n} units; "
                 f"{unanchored} units without a period are left out", fontsize=10)
    fig.tight_layout()
    return fig
