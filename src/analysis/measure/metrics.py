"""Weights per source and period: attention share, intensity and composition, with intervals.

- attention share: the share of units coded for a dimension, with Wilson 95% intervals
  (``statsmodels.stats.proportion.proportion_confint``);
- intensity: matched terms per 1,000 words;
- composition: the integration dimensions' shares normalised to sum to one, with
  percentile intervals from a cluster bootstrap that resamples paragraphs (seeded);
- cells with fewer than ``min_n`` units are kept and flagged ``small_cell``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from analysis.coding.codebook import Codebook
from analysis.coding.corpus_coding import to_unit
from analysis.measure.periods import UNANCHORED, period_sort_key

INTEGRATION = ("economic", "military", "information")
INTERVAL_METHODS = ("wilson", "agresti_coull", "beta", "normal")


def units_with_periods(coded: pd.DataFrame, codebook: Codebook, unit: str) -> pd.DataFrame:
    """Sentences as they are, or paragraphs taking the period of their first anchored sentence."""
    units = to_unit(coded, codebook, unit)
    if unit == "sentence" or "period" not in coded:
        return units
    ordered = coded.sort_values("sentence_id")
    anchored = ordered[ordered["period"] != UNANCHORED]
    first = anchored.groupby("paragraph_id")["period"].first()
    units["period"] = units["paragraph_id"].map(first).fillna(UNANCHORED)
    return units


def group_key(by: list[str], key: object) -> dict:
    """A group key as {column: value}, whether pandas gave a tuple or a scalar."""
    return dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))


def percentile_interval(values: np.ndarray, alpha: float) -> tuple[float, float]:
    """The (alpha/2, 1 − alpha/2) percentile interval of the finite values (NaN if none)."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return np.nan, np.nan
    low, high = np.quantile(finite, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)


def order_groups(frame: pd.DataFrame, by: list[str],
                 documents: pd.DataFrame | None) -> pd.DataFrame:
    """Rows by source publication date (then doc_id) and period order; ties keep their order."""
    keys = []
    if "doc_id" in by and documents is not None:
        published = documents.set_index("doc_id")["published_start"]
        frame["_pub"] = frame["doc_id"].map(published)
        keys.append("_pub")
    keys += [c if c != "period" else "_period" for c in by]
    if "period" in by:
        frame["_period"] = frame["period"].map(period_sort_key)
    return frame.sort_values(keys, kind="stable").drop(
        columns=[c for c in ("_pub", "_period") if c in frame]).reset_index(drop=True)


def attention(units: pd.DataFrame, dims: list[str] | tuple[str, ...], by: list[str], *,
              documents: pd.DataFrame | None = None, min_n: int = 20,
              method: str = "wilson", alpha: float = 0.05) -> pd.DataFrame:
    """Per group and dimension: units, units coded, share and its interval."""
    if method not in INTERVAL_METHODS:
        raise ValueError(f"interval method must be one of {', '.join(INTERVAL_METHODS)}")
    grouped = units.groupby(by, sort=False)
    rows = []
    for key, group in grouped:
        n = len(group)
        for dim in dims:
            k = int(group[dim].sum())
            low, high = proportion_confint(k, n, alpha=alpha, method=method)
            rows.append({**group_key(by, key), "dimension": dim, "n": n, "k": k,
                         "share": k / n, "ci_low": float(low), "ci_high": float(high),
                         "small_cell": n < min_n})
    return order_groups(pd.DataFrame(rows), by, documents)


def intensity(units: pd.DataFrame, dims: list[str] | tuple[str, ...], by: list[str], *,
              documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per group and dimension: matched terms per 1,000 words."""
    sums = units.groupby(by, sort=False)[[f"n_{d}" for d in dims] + ["n_words"]].sum()
    rows = []
    for key, row in sums.iterrows():
        for dim in dims:
            rows.append({**group_key(by, key), "dimension": dim,
                         "terms": int(row[f"n_{dim}"]), "words": int(row["n_words"]),
                         "per_1000_words": 1000 * row[f"n_{dim}"] / row["n_words"]
                         if row["n_words"] else np.nan})
    return order_groups(pd.DataFrame(rows), by, documents)


def _cluster_draws(counts: np.ndarray, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Resampled column totals: ``counts`` is clusters × columns; returns draws × columns."""
    n_clusters = counts.shape[0]
    weights = rng.multinomial(n_clusters, np.full(n_clusters, 1 / n_clusters), size=draws)
    return weights @ counts


def composition(units: pd.DataFrame, by: list[str], *, dims: tuple[str, ...] = INTEGRATION,
                cluster: str = "paragraph_id", draws: int = 2000, seed: int = 20211104,
                alpha: float = 0.05, documents: pd.DataFrame | None = None,
                min_n: int = 20, draws_out: dict | None = None) -> pd.DataFrame:
    """Per group: each dimension's share of the integration codes, with bootstrap intervals.

    The composition of a group is k_d / Σ k over ``dims`` (k_d = units coded d). Paragraphs
    are resampled with replacement within the group, ``draws`` times; the interval is the
    percentile interval of the resampled compositions (draws with no code are dropped).
    If ``draws_out`` is a dict, the resampled compositions are stored in it by group key.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for key, group in units.groupby(by, sort=True):
        per_cluster = group.groupby(cluster, sort=True)[list(dims)].sum().to_numpy(float)
        totals = per_cluster.sum(axis=0)
        resampled = _cluster_draws(per_cluster, draws, rng)
        sums = resampled.sum(axis=1, keepdims=True)
        valid = sums[:, 0] > 0
        shares = resampled[valid] / sums[valid]
        if draws_out is not None:
            values = tuple(group_key(by, key).values())
            draws_out[values if len(values) > 1 else values[0]] = shares
        for j, dim in enumerate(dims):
            point = totals[j] / totals.sum() if totals.sum() else np.nan
            low, high = (np.quantile(shares[:, j], [alpha / 2, 1 - alpha / 2])
                         if valid.any() else (np.nan, np.nan))
            rows.append({**group_key(by, key), "dimension": dim,
                         "n": len(group), "clusters": per_cluster.shape[0],
                         "k": int(totals[j]), "composition": point, "ci_low": float(low),
                         "ci_high": float(high), "small_cell": len(group) < min_n})
    return order_groups(pd.DataFrame(rows), by, documents)


def coverage(units: pd.DataFrame, dims: list[str] | tuple[str, ...], by: list[str], *,
             documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per group: the share of units no dimension claims (what the weights do not describe)."""
    claimed = units[list(dims)].max(axis=1)
    frame = units.assign(_unclaimed=1 - claimed)
    out = frame.groupby(by, sort=False).agg(n=("_unclaimed", "size"),
                                            unclaimed=("_unclaimed", "sum")).reset_index()
    out["unclaimed_share"] = out["unclaimed"] / out["n"]
    return order_groups(out, by, documents)


def wide_table(long: pd.DataFrame, index: list[str], value: str = "share",
               digits: int = 3) -> pd.DataFrame:
    """A readable table: one row per group, "share [low, high]" per dimension."""
    cells = long.assign(cell=[f"{v:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"
                              for v, lo, hi in zip(long[value], long["ci_low"], long["ci_high"],
                                                   strict=True)])
    order = list(dict.fromkeys(long["dimension"]))
    table = cells.pivot_table(index=index, columns="dimension", values="cell",
                              aggfunc="first", sort=False)[order]
    return table.reset_index().rename_axis(columns=None)
