"""Figures of notebook 06: raw and error-corrected shares side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.lines import Line2D

from analysis.report.figures import source_labels, whiskers
from analysis.report.style import colour


def raw_vs_corrected(table: pd.DataFrame, coverage: pd.DataFrame,
                     documents: pd.DataFrame) -> plt.Figure:
    """One panel per dimension: per source, the raw share (hollow, Wilson interval) and the
    corrected share (filled, joint-bootstrap interval); unstable cells in grey. Source
    labels carry the share of sentences some dimension claims (coverage)."""
    dims = list(dict.fromkeys(table["dimension"]))
    sources = list(dict.fromkeys(documents.sort_values(["published_start", "doc_id"])["doc_id"]))
    labels = source_labels(documents)
    covered = 1 - coverage.set_index("doc_id")["unclaimed_share"]
    fig, axes = plt.subplots(1, len(dims), figsize=(3.2 * len(dims), 0.9 + 0.6 * len(sources)),
                             sharey=True)
    for ax, dim in zip(np.atleast_1d(axes), dims, strict=True):
        part = table[table["dimension"] == dim].set_index("doc_id").loc[sources]
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
        ax.set_title(dim, color=colour(dim))
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of sentences")
    first = np.atleast_1d(axes)[0]
    first.set_yticks(np.arange(len(sources)),
                     [f"{labels[s]}\ncovers {covered[s]:.0%}" for s in sources], fontsize=8)
    first.invert_yaxis()
    handles = [Line2D([], [], marker="o", mfc="white", color="#333333", ls="",
                      label="raw (Wilson 95%)"),
               Line2D([], [], marker="s", color="#333333", ls="",
                      label="corrected (bootstrap 95%, corpus + validation)"),
               Line2D([], [], marker="s", color="#888888", ls="",
                      label="corrected, unstable (Youden's J below threshold)")]
    fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=8,
               bbox_to_anchor=(0.5, -0.02))
    fig.suptitle("Raw and error-corrected shares per source", fontweight="bold")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
