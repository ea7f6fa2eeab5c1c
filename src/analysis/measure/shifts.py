"""What drives a difference: the terms behind a gap in a dimension's share between two
groups, and the sentences and weights that change between two codebook versions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.coding.codebook import Codebook
from analysis.coding.corpus_codes import load_codes
from analysis.core.errors import AnalysisError

MIN_GAP = 0.01


def term_credit(units: pd.DataFrame, audit: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Each coded sentence's unit of credit, split equally between the distinct codebook
    entries that coded it for ``dimension`` (so the credits of a sentence sum to one)."""
    hits = audit[(audit["dimension"] == dimension) & (audit["vetoed_by"].fillna("") == "")]
    hits = hits[["sentence_id", "entry_id"]].drop_duplicates()
    hits = hits[hits["sentence_id"].isin(units.loc[units[dimension] == 1, "sentence_id"])]
    hits = hits.assign(credit=1 / hits.groupby("sentence_id")["entry_id"].transform("size"))
    return hits


def term_contributions(units: pd.DataFrame, audit: pd.DataFrame, dimension: str, by: str,
                       group_a: str, group_b: str) -> pd.DataFrame:
    """Ranked contributions of codebook entries to share(a) − share(b) for one dimension.

    share(g) = Σ_entries credit(entry, g) / n(g), so the contributions add up exactly to the
    difference in shares. Positive: the entry pulls group a above group b.
    """
    if "sentence_id" not in units.columns:
        raise AnalysisError("term contributions need sentence units (unit: sentence)")
    labels = units[by].astype(str)
    missing = [g for g in (group_a, group_b) if g not in set(labels)]
    if missing:
        raise AnalysisError(f"contrast: no {by} {', '.join(missing)} in the corpus "
                            f"(known: {', '.join(sorted(set(labels)))})")
    credit = term_credit(units, audit, dimension).merge(
        units[["sentence_id"]].assign(group=labels.to_numpy()), on="sentence_id")
    sizes = {g: int((labels == g).sum()) for g in (group_a, group_b)}
    per_group = {g: credit[credit["group"] == g].groupby("entry_id")["credit"].sum() / sizes[g]
                 for g in (group_a, group_b)}
    table = pd.DataFrame(per_group).fillna(0.0)
    table.columns = ["share_a", "share_b"]
    table["contribution"] = table["share_a"] - table["share_b"]
    table = (table.rename_axis("entry_id").reset_index()
             .assign(_size=lambda t: t["contribution"].abs())
             .sort_values(["_size", "entry_id"], ascending=[False, True])
             .drop(columns="_size"))
    gap = (units.loc[labels == group_a, dimension].mean()
           - units.loc[labels == group_b, dimension].mean())
    # A share of a near-zero gap is meaningless: reported only for gaps of a point or more.
    table["share_of_gap"] = table["contribution"] / gap if abs(gap) >= MIN_GAP else np.nan
    return table.assign(dimension=dimension, a=group_a, b=group_b, n_a=sizes[group_a],
                        n_b=sizes[group_b], gap=gap)[
        ["dimension", "a", "b", "n_a", "n_b", "gap", "entry_id", "share_a", "share_b",
         "contribution", "share_of_gap"]].reset_index(drop=True)


def codebook_changes(sentences: pd.DataFrame, old: Codebook, new: Codebook,
                     dims: list[str], *, processed_dir: Path | str | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences whose codes differ between two codebooks, and every weight's change.

    Returns (changed sentences: one row per sentence × dimension that flips, with the
    matches under each version; weights: per source × dimension, share under each version,
    the change, and how many sentences were gained and lost). Codes come from the corpus
    coding step (``processed_dir``'s codes files when they match a codebook, else in memory).
    """
    for codebook in (old, new):
        unknown = [d for d in dims if d not in codebook.dimension_names]
        if unknown:
            raise AnalysisError(f"codebook {codebook.version}: no dimension {', '.join(unknown)}")
    before = load_codes(processed_dir, old, sentences).coded_sentences(sentences)
    after = load_codes(processed_dir, new, sentences).coded_sentences(sentences)
    rows, weights = [], []
    for dim in dims:
        flips = before[dim] != after[dim]
        for i in flips[flips].index:
            rows.append({"sentence_id": before.at[i, "sentence_id"],
                         "doc_id": before.at[i, "doc_id"], "dimension": dim,
                         f"code_{old.version}": int(before.at[i, dim]),
                         f"code_{new.version}": int(after.at[i, dim]),
                         f"matches_{old.version}": before.at[i, "matches"],
                         f"matches_{new.version}": after.at[i, "matches"],
                         "text": before.at[i, "text"]})
        for doc_id, idx in before.groupby("doc_id", sort=True).groups.items():
            share_old, share_new = before.loc[idx, dim].mean(), after.loc[idx, dim].mean()
            weights.append({"doc_id": doc_id, "dimension": dim, "n": len(idx),
                            f"share_{old.version}": share_old, f"share_{new.version}": share_new,
                            "change": share_new - share_old,
                            "gained": int(((after.loc[idx, dim] == 1)
                                           & (before.loc[idx, dim] == 0)).sum()),
                            "lost": int(((after.loc[idx, dim] == 0)
                                         & (before.loc[idx, dim] == 1)).sum())})
    changed = pd.DataFrame(rows)
    if not changed.empty:
        changed = changed.sort_values(["sentence_id", "dimension"]).reset_index(drop=True)
    return changed, pd.DataFrame(weights)


def contributions_for(units: pd.DataFrame, audit: pd.DataFrame, contrasts: list[list[str]],
                      by: str) -> pd.DataFrame:
    """``term_contributions`` for every ``[dimension, a, b]`` contrast, stacked."""
    for contrast in contrasts:
        if len(contrast) != 3:
            raise AnalysisError(f"contrast {contrast!r}: expected [dimension, a, b]")
    return pd.concat([term_contributions(units, audit, dim, by, str(a), str(b))
                      for dim, a, b in contrasts], ignore_index=True)
