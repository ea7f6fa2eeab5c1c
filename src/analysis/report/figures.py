"""The five figures of notebook 03 (and the ternary of the composition), one function each.

Every function takes the long tables of ``analysis.metrics`` and returns a Figure; saving
is ``analysis.style.save_figure``.
"""

from __future__ import annotations

import re

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import pyplot as plt
from matplotlib.lines import Line2D

from analysis.measure.periods import UNANCHORED, period_sort_key
from analysis.report.style import colour


def source_labels(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id → "000 · Press Club Belarus (2021-04)": the outlet's name before any comma or
    bracket, so axes stay readable."""
    def short(outlet: str) -> str:
        return re.split(r"\s*[,(:]", outlet, maxsplit=1)[0].strip() or outlet
    return {r.doc_id: f"{r.doc_id} · {short(r.outlet)} ({r.published})"
            for r in documents.itertuples(index=False)}


def whiskers(rows: pd.DataFrame, value: str = "share", low: str = "ci_low",
             high: str = "ci_high") -> np.ndarray:
    """Interval half-widths for errorbar (clipped at 0 against rounding)."""
    return np.clip(np.vstack([rows[value] - rows[low], rows[high] - rows[value]]), 0, None)


def attention_bars(attention: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Share of sentences per dimension per source, sources in publication order."""
    sources = list(dict.fromkeys(attention["doc_id"]))
    dims = list(dict.fromkeys(attention["dimension"]))
    labels = source_labels(documents)
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.75 * len(sources)))
    height = 0.8 / len(dims)
    for j, dim in enumerate(dims):
        part = attention[attention["dimension"] == dim].set_index("doc_id").loc[sources]
        y = np.arange(len(sources)) + (j - (len(dims) - 1) / 2) * height
        ax.barh(y, part["share"], height=height * 0.9, color=colour(dim), label=dim)
        ax.errorbar(part["share"], y, xerr=whiskers(part),
                    fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
    ax.set_yticks(np.arange(len(sources)), [labels[s] for s in sources])
    ax.invert_yaxis()
    ax.set_xlabel("share of sentences coded (Wilson 95% interval)")
    ax.set_title("Attention to each dimension, sources by publication date")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=len(dims))
    fig.tight_layout()
    return fig


def _ternary_xy(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Barycentric (a, b, c), a + b + c = 1 → plane; corners a=(0,0), b=(1,0), c=(.5,.866)."""
    return b + c / 2, c * np.sqrt(3) / 2


def ternary(points: pd.DataFrame, clouds: dict[str, np.ndarray] | None,
            dims: tuple[str, str, str], labels: dict[str, str], *,
            regions: dict[str, np.ndarray] | None = None,
            title: str = "Composition of integration codes per source\n(points: estimate; "
                         "cloud: cluster-bootstrap draws)",
            title_pad: float = 6.0) -> plt.Figure:
    """Sources as points in the composition triangle, with their bootstrap clouds and,
    if given, an outline of each source's 95 % region (points × 3 compositions)."""
    fig, ax = plt.subplots(figsize=(6.4, 6))
    corners = np.array([[0, 0], [1, 0], [0.5, np.sqrt(3) / 2], [0, 0]])
    ax.plot(corners[:, 0], corners[:, 1], color="#333333", lw=1)
    for t in (0.2, 0.4, 0.6, 0.8):  # grid lines at constant share of each dimension
        for k in range(3):
            ends = np.zeros((2, 3))
            ends[:, k] = t
            ends[0, (k + 1) % 3], ends[1, (k + 2) % 3] = 1 - t, 1 - t
            x, y = _ternary_xy(ends[:, 0], ends[:, 1], ends[:, 2])
            ax.plot(x, y, color="#dddddd", lw=0.6, zorder=0)
    offsets = [(-0.04, -0.05, "right"), (1.04, -0.05, "left"), (0.5, 0.9, "center")]
    for dim, (label_x, label_y, ha) in zip(dims, offsets, strict=True):
        ax.text(label_x, label_y, dim, ha=ha, color=colour(dim), fontweight="bold")
    markers = "osD^vP*X"
    for i, (doc_id, row) in enumerate(points.iterrows()):
        if clouds is not None and doc_id in clouds:
            cx, cy = _ternary_xy(*clouds[doc_id].T)
            ax.scatter(cx, cy, s=3, alpha=0.08, color=f"C{i}", linewidths=0, rasterized=False)
        if regions is not None and regions.get(doc_id) is not None:
            rx, ry = _ternary_xy(*regions[doc_id].T)
            ax.plot(rx, ry, color=f"C{i}", lw=1.2, zorder=2)
        x, y = _ternary_xy(*(np.array([row[d]]) for d in dims))
        ax.scatter(x, y, s=70, marker=markers[i % len(markers)], color=f"C{i}",
                   edgecolor="black", zorder=3, label=labels.get(doc_id, doc_id))
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, pad=title_pad)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.02), fontsize=8)
    fig.tight_layout()
    return fig


def period_series(attention: pd.DataFrame, documents: pd.DataFrame,
                  min_n: int) -> plt.Figure:
    """Share per referenced period for each source, Wilson intervals; small cells hollow.

    Periods are categories (a decade, a year, a quarter…), so points are not joined by lines.
    """
    data = attention[attention["period"] != UNANCHORED].copy()
    periods = sorted(data["period"].unique(), key=period_sort_key)
    position = {p: i for i, p in enumerate(periods)}
    sources = list(dict.fromkeys(data["doc_id"]))
    dims = list(dict.fromkeys(data["dimension"]))
    labels = source_labels(documents)
    fig, axes = plt.subplots(len(sources), 1, figsize=(9, 1.7 * len(sources) + 1.2),
                             sharex=True, squeeze=False)
    for ax, doc_id in zip(axes[:, 0], sources, strict=True):
        part = data[data["doc_id"] == doc_id]
        for j, dim in enumerate(dims):
            rows = part[part["dimension"] == dim]
            x = rows["period"].map(position).to_numpy() + (j - (len(dims) - 1) / 2) * 0.16
            share = rows["share"].to_numpy()
            ax.errorbar(x, share, yerr=whiskers(rows),
                        fmt="none", ecolor=colour(dim), elinewidth=0.9, alpha=0.8)
            big = ~rows["small_cell"].to_numpy()
            ax.scatter(x[big], share[big], color=colour(dim), s=20, zorder=3)
            ax.scatter(x[~big], share[~big], facecolor="white", edgecolor=colour(dim), s=20,
                       zorder=3)
        ax.set_ylim(-0.02, 1.02)
        ax.set_ylabel("share")
        ax.set_title(labels[doc_id], loc="left", fontsize=9)
    axes[-1, 0].set_xticks(range(len(periods)), periods, rotation=60, ha="right", fontsize=8)
    handles = [Line2D([], [], color=colour(d), marker="o", lw=1, label=d) for d in dims]
    handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white",
                          markeredgecolor="#333333", label=f"fewer than {min_n} sentences"))
    fig.suptitle("Dimension share by the period the sentences talk about (95% Wilson intervals)")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.legend(handles=handles, loc="lower center", ncols=len(handles), fontsize=8)
    return fig


def heatmap(attention: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Source × dimension shares as an annotated heatmap."""
    labels = source_labels(documents)
    grid = attention.pivot_table(index="doc_id", columns="dimension", values="share",
                                 sort=False)[list(dict.fromkeys(attention["dimension"]))]
    grid.index = [labels[d] for d in grid.index]
    fig, ax = plt.subplots(figsize=(7.5, 0.8 + 0.55 * len(grid)))
    sns.heatmap(grid, annot=True, fmt=".2f", cmap="Greys", vmin=0, vmax=1, ax=ax,
                cbar_kws={"label": "share of sentences"}, linewidths=0.5)
    ax.set_xlabel("")
    ax.set_ylabel("")
    for tick in ax.get_xticklabels():
        tick.set_color(colour(tick.get_text()))
        tick.set_fontweight("bold")
    ax.set_title("Share of sentences per source and dimension")
    fig.tight_layout()
    return fig


def timeline(mentions: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """The periods each source talks about (mention spans), and when it was published."""
    labels = source_labels(documents)
    order = documents.sort_values("published_start")["doc_id"].tolist()
    by_id = documents.set_index("doc_id")
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.6 * len(order)))
    for i, doc_id in enumerate(order):
        part = mentions[mentions["doc_id"] == doc_id]
        start = pd.to_datetime(part["start_date"])
        end = pd.to_datetime(part["end_date"]) + pd.Timedelta(days=1)
        jitter = (np.arange(len(part)) % 5 - 2) * 0.08
        ax.hlines(i + jitter, start, end, color="#444444", lw=3, alpha=0.6)
        doc = by_id.loc[doc_id]
        ax.plot([pd.Timestamp(doc["published_start"]), pd.Timestamp(doc["published_end"])],
                [i + 0.35, i + 0.35], color="#D55E00", lw=4, solid_capstyle="butt")
        ax.plot(pd.Timestamp(doc["published_start"]), i + 0.35, marker="v", color="#D55E00")
    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_yticks(range(len(order)), [labels[d] for d in order])
    ax.invert_yaxis()
    ax.set_title("Periods each source refers to (grey) and its publication date (vermilion)")
    fig.tight_layout()
    return fig
