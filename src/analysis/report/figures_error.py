"""Figures of notebook 06: raw and error-corrected shares side by side."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.lines import Line2D

from analysis.report.figures import whiskers
from analysis.report.flags import CONTEXT_FACE, dimension_label
from analysis.report.grouping import MAX_SOURCES, display_groups, pool, source_labels
from analysis.report.style import colour


def _rows(table: pd.DataFrame, coverage: pd.DataFrame, documents: pd.DataFrame,
          max_sources: int) -> tuple[pd.DataFrame, list[str], dict[str, float], bool]:
    """One row per source, or per outlet beyond ``max_sources`` sources: pooled raw share
    and the n-weighted corrected share (the correction is linear in the raw share), with
    bootstrap-over-sources intervals; the row's coverage, pooled the same way."""
    groups = display_groups(documents, max_sources)
    covered = 1 - coverage.set_index("doc_id")["unclaimed_share"]
    if not groups.pooled:
        sources = list(dict.fromkeys(documents.sort_values(["published_start", "doc_id"])
                                     ["doc_id"]))
        labels = source_labels(documents)
        rows = table.assign(row=table["doc_id"].map(labels))
        return (rows, [labels[s] for s in sources], {labels[s]: covered[s] for s in sources},
                False)
    rows = pool(table, groups, {"raw_share": ("raw_share", "raw_ci_low", "raw_ci_high"),
                                "corrected_share": ("corrected_share", "corrected_ci_low",
                                                    "corrected_ci_high")})
    rows = rows.rename(columns={"raw_share_low": "raw_ci_low", "raw_share_high": "raw_ci_high",
                                "corrected_share_low": "corrected_ci_low",
                                "corrected_share_high": "corrected_ci_high"})
    unstable = table.groupby("dimension")["unstable"].any()
    rows["unstable"] = rows["dimension"].map(unstable).astype(bool)
    n = table.drop_duplicates("doc_id").set_index("doc_id")["n"]
    frame = pd.DataFrame({"covered": covered, "n": n.reindex(covered.index).fillna(0)})
    frame["row"] = frame.index.map(groups.of)
    frame["weighted"] = frame["covered"] * frame["n"]
    sums = frame.groupby("row")[["weighted", "n"]].sum()
    return rows, groups.order, (sums["weighted"] / sums["n"]).to_dict(), True


def raw_vs_corrected(table: pd.DataFrame, coverage: pd.DataFrame,
                     documents: pd.DataFrame, max_sources: int = MAX_SOURCES, *,
                     context: Collection[str] = ()) -> plt.Figure:
    """One panel per dimension: per source, the raw share (hollow, Wilson interval) and the
    corrected share (filled, joint-bootstrap interval); unstable cells in grey. Source
    labels carry the share of sentences some dimension claims (coverage). Beyond
    ``max_sources`` sources, one pooled row per outlet (bootstrap over its sources).
    A ``context`` dimension's panel is grey and titled context only."""
    dims = list(dict.fromkeys(table["dimension"]))
    rows, sources, covered, pooled = _rows(table, coverage, documents, max_sources)
    fig, axes = plt.subplots(1, len(dims), figsize=(3.2 * len(dims), 0.9 + 0.6 * len(sources)),
                             sharey=True)
    for ax, dim in zip(np.atleast_1d(axes), dims, strict=True):
        part = rows[rows["dimension"] == dim].set_index("row").loc[sources]
        y = np.arange(len(sources))
        ax.errorbar(part["raw_share"], y - 0.15,
                    xerr=whiskers(part, "raw_share", "raw_ci_low", "raw_ci_high"),
                    fmt="o", mfc="white", color=colour(dim), ms=5, capsize=2, lw=0.9)
        for yi, row in zip(y, part.itertuples(), strict=True):
            tone = "#888888" if row.unstable else colour(dim)
            ax.errorbar([row.corrected_share], [yi + 0.15],
                        xerr=[[max(row.corrected_share - row.corrected_ci_low, 0)],
                              [max(row.corrected_ci_high - row.corrected_share, 0)]],
                        fmt="s", color=tone, ms=5, capsize=2, lw=1.4)
        ax.set_title(dimension_label(dim, context).replace(" (", "\n("), color=colour(dim))
        if dim in context:
            ax.set_facecolor(CONTEXT_FACE)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of sentences")
    first = np.atleast_1d(axes)[0]
    first.set_yticks(np.arange(len(sources)),
                     [f"{s}\ncovers {covered[s]:.0%}" for s in sources], fontsize=8)
    first.invert_yaxis()
    handles = [Line2D([], [], marker="o", mfc="white", color="#333333", ls="",
                      label="raw (Wilson 95%)"),
               Line2D([], [], marker="s", color="#333333", ls="",
                      label="corrected (bootstrap 95%, corpus + validation)"),
               Line2D([], [], marker="s", color="#888888", ls="",
                      label="corrected, unstable (Youden's J below threshold)")]
    fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=8,
               bbox_to_anchor=(0.5, -0.02))
    fig.suptitle("Raw and error-corrected shares per " + (
        "outlet (sources pooled; intervals: bootstrap over sources)"
        if pooled else "source"), fontweight="bold")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
