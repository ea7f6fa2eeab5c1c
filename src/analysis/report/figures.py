"""The five figures of notebook 03 (and the ternary of the composition), one function each.

Every function takes the long tables of ``analysis.metrics`` and returns a Figure; saving
is ``analysis.style.save_figure``.
"""

from __future__ import annotations

from collections.abc import Collection

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import pyplot as plt
from matplotlib.patches import Rectangle

from analysis.report.flags import CONTEXT_HATCH, dimension_label
from analysis.report.grouping import MAX_SOURCES, Groups, display_groups, pool, source_labels
from analysis.report.style import NEUTRAL, colour

__all__ = ["attention_bars", "heatmap", "source_labels", "ternary", "timeline", "whiskers"]


def whiskers(rows: pd.DataFrame, value: str = "share", low: str = "ci_low",
             high: str = "ci_high") -> np.ndarray:
    """Interval half-widths for errorbar (clipped at 0 against rounding)."""
    return np.clip(np.vstack([rows[value] - rows[low], rows[high] - rows[value]]), 0, None)


def _rows(attention: pd.DataFrame, documents: pd.DataFrame,
          max_sources: int) -> tuple[pd.DataFrame, list[str], Groups]:
    """The attention table with a ``row`` label per line: one row per source, or (beyond
    ``max_sources`` sources) pooled rows per outlet with bootstrap-over-sources intervals."""
    groups = display_groups(documents, max_sources)
    if not groups.pooled:
        labels = source_labels(documents)
        sources = list(dict.fromkeys(attention["doc_id"]))
        return (attention.assign(row=attention["doc_id"].map(labels)),
                [labels[s] for s in sources], groups)
    rows = pool(attention, groups, {"share": ("share", "ci_low", "ci_high")}).rename(
        columns={"share_low": "ci_low", "share_high": "ci_high"})
    return rows, groups.order, groups


def attention_bars(attention: pd.DataFrame, documents: pd.DataFrame,
                   max_sources: int = MAX_SOURCES, *,
                   context: Collection[str] = ()) -> plt.Figure:
    """Share of sentences per dimension per source, sources in publication order; beyond
    ``max_sources`` sources one bar per outlet, its sources as dots. ``context``
    dimensions (the codebook's ``role: context``) are hatched and labelled context only."""
    rows, order, groups = _rows(attention, documents, max_sources)
    dims = list(dict.fromkeys(attention["dimension"]))
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.75 * len(order)))
    height = 0.8 / len(dims)
    position = {r: i for i, r in enumerate(order)}
    for j, dim in enumerate(dims):
        part = rows[rows["dimension"] == dim].set_index("row").loc[order]
        offset = (j - (len(dims) - 1) / 2) * height
        y = np.arange(len(order)) + offset
        flagged = dim in context
        ax.barh(y, part["share"], height=height * 0.9, color=colour(dim),
                alpha=0.45 if flagged else 1.0, hatch=CONTEXT_HATCH if flagged else None,
                edgecolor="#333333" if flagged else None, linewidth=0,
                label=dimension_label(dim, context))
        ax.errorbar(part["share"], y, xerr=whiskers(part),
                    fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
        if groups.pooled:
            own = attention[attention["dimension"] == dim]
            ax.scatter(own["share"], own["doc_id"].map(groups.of).map(position) + offset,
                       s=4, color="#333333", alpha=0.35, linewidths=0, zorder=3,
                       rasterized=True)
    ax.set_yticks(np.arange(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlabel("share of sentences coded (" + ("pooled; dots: its sources; 95% bootstrap "
                  "over sources)" if groups.pooled else "Wilson 95% interval)"))
    ax.set_title("Attention to each dimension, " + ("outlets by sentences, "
                 f"{groups.n_sources} sources" if groups.pooled else
                 "sources by publication date"))
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
            title_pad: float = 6.0, max_sources: int = MAX_SOURCES,
            sizes: pd.Series | None = None, context: Collection[str] = ()) -> plt.Figure:
    """Sources as points in the composition triangle, with their bootstrap clouds (drawn as
    an image) and, if given, an outline of each source's 95 % region (points × 3
    compositions). Beyond ``max_sources`` sources only the largest (``sizes``: doc_id →
    sentences) are named, with their clouds; the others are grey dots. A corner that is a
    ``context`` dimension is labelled context only."""
    others = points.iloc[0:0]
    if len(points) > max_sources:
        ranked = (sizes.reindex(points.index).fillna(0) if sizes is not None
                  else pd.Series(range(len(points), 0, -1), index=points.index, dtype=float))
        named = ranked.sort_values(ascending=False, kind="stable").index[:max_sources]
        others = points.loc[~points.index.isin(named)]
        points = points.loc[points.index.isin(named)]
        title = f"{title}\nthe {len(points)} largest of {len(points) + len(others)} sources named"
        title_pad += 12
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
        ax.text(label_x, label_y, dimension_label(dim, context), ha=ha, color=colour(dim),
                fontweight="bold", fontstyle="italic" if dim in context else "normal")
    markers = "osD^vP*X"
    for i, (doc_id, row) in enumerate(points.iterrows()):
        if clouds is not None and doc_id in clouds:
            cx, cy = _ternary_xy(*clouds[doc_id].T)
            ax.scatter(cx, cy, s=3, alpha=0.08, color=f"C{i}", linewidths=0, rasterized=True)
        if regions is not None and regions.get(doc_id) is not None:
            rx, ry = _ternary_xy(*regions[doc_id].T)
            ax.plot(rx, ry, color=f"C{i}", lw=1.2, zorder=2)
        x, y = _ternary_xy(*(np.array([row[d]]) for d in dims))
        ax.scatter(x, y, s=70, marker=markers[i % len(markers)], color=f"C{i}",
                   edgecolor="black", zorder=3, label=labels.get(doc_id, doc_id))
    if len(others):
        x, y = _ternary_xy(*(others[d].to_numpy() for d in dims))
        ax.scatter(x, y, s=8, color=NEUTRAL, alpha=0.6, linewidths=0, zorder=1, rasterized=True,
                   label=f"{len(others)} other sources (no cloud)")
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, pad=title_pad)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.02), fontsize=8)
    fig.tight_layout()
    return fig


def heatmap(attention: pd.DataFrame, documents: pd.DataFrame,
            max_sources: int = MAX_SOURCES, *, context: Collection[str] = ()) -> plt.Figure:
    """Source × dimension shares as an annotated heatmap (outlet rows beyond
    ``max_sources`` sources, pooled); ``context`` dimensions' columns hatched and labelled
    context only."""
    rows, order, groups = _rows(attention, documents, max_sources)
    grid = rows.pivot_table(index="row", columns="dimension", values="share",
                            sort=False).loc[order, list(dict.fromkeys(attention["dimension"]))]
    fig, ax = plt.subplots(figsize=(8.5, 0.8 + 0.55 * len(grid)))
    sns.heatmap(grid, annot=True, fmt=".2f", cmap="Greys", vmin=0, vmax=1, ax=ax,
                cbar_kws={"label": "share of sentences"}, linewidths=0.5)
    ax.set_xlabel("")
    ax.set_ylabel("")
    dims = list(grid.columns)
    ax.set_xticks(np.arange(len(dims)) + 0.5,
                  [dimension_label(d, context).replace(" (", "\n(") for d in dims],
                  fontsize=9)
    for j, (tick, dim) in enumerate(zip(ax.get_xticklabels(), dims, strict=True)):
        tick.set_color(colour(dim))
        tick.set_fontweight("bold")
        if dim in context:
            tick.set_fontstyle("italic")
            ax.add_patch(Rectangle((j, 0), 1, len(grid), fill=False, hatch="//",
                                   edgecolor="#9A9A9A", linewidth=0, zorder=2))
            ax.axvline(j, color="white", lw=4)
    ax.set_title("Share of sentences per " + (f"outlet ({groups.n_sources} sources pooled)"
                                              if groups.pooled else "source") + " and dimension")
    fig.tight_layout()
    return fig


def timeline(mentions: pd.DataFrame, documents: pd.DataFrame,
             max_sources: int = MAX_SOURCES) -> plt.Figure:
    """The periods each source talks about (mention spans), and when it was published; one
    row per outlet beyond ``max_sources`` sources."""
    groups = display_groups(documents, max_sources)
    docs = documents.sort_values(["published_start", "doc_id"], kind="stable")
    of = docs["doc_id"].map(groups.of)
    order = groups.order
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.6 * len(order)))
    raster = groups.pooled
    for i, row in enumerate(order):
        members = docs.loc[of == row]
        part = mentions[mentions["doc_id"].isin(members["doc_id"])]
        start = pd.to_datetime(part["start_date"])
        end = pd.to_datetime(part["end_date"]) + pd.Timedelta(days=1)
        jitter = (np.arange(len(part)) % 5 - 2) * 0.08
        ax.hlines(i + jitter, start, end, color="#444444", lw=3,
                  alpha=0.15 if raster else 0.6, rasterized=raster)
        first = pd.to_datetime(members["published_start"])
        last = pd.to_datetime(members["published_end"])
        ax.hlines(np.full(len(members), i + 0.35), first, last, color="#D55E00", lw=4,
                  rasterized=raster)
        ax.scatter(first, np.full(len(members), i + 0.35), marker="v", color="#D55E00",
                   s=36, zorder=3, rasterized=raster)
    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_title("Periods each " + ("outlet's sources refer" if raster else "source refers")
                 + " to (grey) and publication dates (vermilion)")
    fig.tight_layout()
    return fig
