"""Shares corrected for the coder's measured errors (Rogan–Gladen), with intervals that carry
both sampling error and the uncertainty of the error rates.

For one dimension, a coder with sensitivity ``se`` and specificity ``sp`` turns a true share
π into an expected observed share p = se·π + (1 − sp)(1 − π); solving for π gives the
Rogan–Gladen estimator π̂ = (p + sp − 1) / (se + sp − 1), clipped to [0, 1]. The denominator
is Youden's J: as J approaches 0 the coder is barely better than chance and the correction
blows up, so cells with J below ``j_min`` are flagged unstable.

Intervals come from a joint bootstrap: in each draw the corpus units are resampled by
cluster (paragraphs, within each group) and the held-out validation sentences are resampled
too, so se and sp vary from draw to draw; the percentile interval of the corrected draws
combines both sources of uncertainty. One set of validation draws is shared by every group,
as the same error rates apply to all of them (an assumption: the validation sample is drawn
across all five sources).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from analysis.measure.metrics import group_key, percentile_interval

J_MIN = 0.5


@dataclass(frozen=True)
class ErrorRates:
    """Validation units × dimensions: gold labels and the coder's codes (0/1 arrays)."""

    dimensions: tuple[str, ...]
    gold: np.ndarray
    coded: np.ndarray

    @classmethod
    def from_frames(cls, gold: pd.DataFrame, coded: pd.DataFrame,
                    dimensions: list[str] | tuple[str, ...]) -> ErrorRates:
        """From two frames with one 0/1 column per dimension, rows aligned."""
        dims = tuple(dimensions)
        return cls(dims, gold[list(dims)].to_numpy(int), coded[list(dims)].to_numpy(int))

    def confusion(self, weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """True/false positives/negatives per dimension; ``weights`` (draws × units) gives
        one row per bootstrap draw."""
        w = np.ones((1, len(self.gold))) if weights is None else weights
        g, c = self.gold.astype(float), self.coded.astype(float)
        return {"tp": w @ (g * c), "fn": w @ (g * (1 - c)), "tn": w @ ((1 - g) * (1 - c)),
                "fp": w @ ((1 - g) * c)}

    def rates(self, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Sensitivity and specificity (each draws × dimensions)."""
        m = self.confusion(weights)
        with np.errstate(invalid="ignore", divide="ignore"):
            return m["tp"] / (m["tp"] + m["fn"]), m["tn"] / (m["tn"] + m["fp"])

    def table(self) -> pd.DataFrame:
        """One row per dimension: the confusion counts, sensitivity, specificity, Youden's J."""
        m = self.confusion()
        se, sp = self.rates()
        return pd.DataFrame({"dimension": self.dimensions,
                             **{k: v[0].astype(int) for k, v in m.items()},
                             "sensitivity": se[0], "specificity": sp[0],
                             "youden_j": se[0] + sp[0] - 1})


def rogan_gladen(observed: np.ndarray | float, sensitivity: np.ndarray | float,
                 specificity: np.ndarray | float) -> np.ndarray:
    """π̂ = (p + sp − 1) / (se + sp − 1), clipped to [0, 1]; NaN where se + sp ≤ 1."""
    p, se, sp = (np.asarray(x, dtype=float) for x in (observed, sensitivity, specificity))
    j = se + sp - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = np.where(j > 0, (p + sp - 1) / j, np.nan)
    return np.clip(estimate, 0.0, 1.0)


def bootstrap_multiplicities(n_units: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """How often each unit is drawn in each of ``draws`` resamples with replacement
    (draws × units; each row sums to ``n_units``)."""
    picks = rng.integers(0, n_units, size=(draws, n_units))
    offsets = (np.arange(draws)[:, None] * n_units + picks).ravel()
    return np.bincount(offsets, minlength=draws * n_units).reshape(draws, n_units).astype(float)


def cluster_share_draws(per_cluster: np.ndarray, draws: int,
                        rng: np.random.Generator) -> np.ndarray:
    """Resampled observed shares: ``per_cluster`` is clusters × (units, k_1 … k_D)."""
    totals = bootstrap_multiplicities(per_cluster.shape[0], draws, rng) @ per_cluster
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals[:, 1:] / totals[:, :1]


def corrected_shares(units: pd.DataFrame, by: list[str], rates: ErrorRates, *,
                     cluster: str = "paragraph_id", draws: int = 2000, seed: int = 20211104,
                     alpha: float = 0.05, j_min: float = J_MIN, min_n: int = 20,
                     draws_out: dict | None = None) -> pd.DataFrame:
    """Raw (Wilson) and error-corrected (joint bootstrap) shares per group and dimension.

    ``draws_out``, if given, receives the corrected draws (draws × dimensions) by group key.
    """
    rng = np.random.default_rng(seed)
    dims = list(rates.dimensions)
    se_point, sp_point = (x[0] for x in rates.rates())
    se_draws, sp_draws = rates.rates(bootstrap_multiplicities(len(rates.gold), draws, rng))
    rows = []
    for key, group in units.groupby(by, sort=True):
        clusters = group.assign(_unit=1).groupby(cluster, sort=True)[["_unit", *dims]].sum()
        observed = cluster_share_draws(clusters.to_numpy(float), draws, rng)
        corrected = rogan_gladen(observed, se_draws, sp_draws)
        keys = group_key(by, key)
        if draws_out is not None:
            values = tuple(keys.values())
            draws_out[values if len(by) > 1 else values[0]] = corrected
        n = len(group)
        for j, dim in enumerate(dims):
            k = int(group[dim].sum())
            raw_low, raw_high = proportion_confint(k, n, alpha=alpha, method="wilson")
            youden = se_point[j] + sp_point[j] - 1
            unclipped = (k / n + sp_point[j] - 1) / youden if youden > 0 else np.nan
            low, high = percentile_interval(corrected[:, j], alpha)
            rows.append({**keys, "dimension": dim, "n": n, "k": k, "raw_share": k / n,
                         "raw_ci_low": raw_low, "raw_ci_high": raw_high,
                         "sensitivity": se_point[j], "specificity": sp_point[j],
                         "corrected_share": float(rogan_gladen(k / n, se_point[j], sp_point[j])),
                         "corrected_ci_low": low, "corrected_ci_high": high,
                         "undefined_draws": float(np.mean(~np.isfinite(corrected[:, j]))),
                         "clipped": bool(not 0 <= unclipped <= 1),
                         "unstable": bool(youden < j_min),
                         "small_cell": n < min_n})
    return pd.DataFrame(rows)
