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
combines both sources of uncertainty. One set of validation draws is shared by every group.
By default the same (pooled) error rates apply to every group; with ``rates_by`` each source
gets its own rates, partially pooled toward the pooled ones (``partial_pooling``), computed
from the same validation draws. A weighted validation sample (``sampling_weights``, from a
stratified design) is resampled within its strata. A cell where no unit (or every unit) is
coded gives the same observed share in every resample; its observed share is drawn from the
binomial's exact bound instead (``boundary_share_draws``), so its interval still reaches the
true shares a count of 0 (or n) is compatible with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from analysis.measure.metrics import group_key, percentile_interval
from analysis.measure.partial_pooling import GroupRates, group_rates
from analysis.validation.weighted import stratified_multiplicities

J_MIN = 0.5


@dataclass(frozen=True)
class ErrorRates:
    """Validation units × dimensions: gold labels and the coder's codes (0/1 arrays)."""

    dimensions: tuple[str, ...]
    gold: np.ndarray
    coded: np.ndarray
    sampling_weights: np.ndarray | None = None  # None: every unit drawn with equal chance
    strata: np.ndarray | None = None  # resampled within strata when given
    groups: np.ndarray | None = None  # source (or outlet, genre) of each unit

    @classmethod
    def from_frames(cls, gold: pd.DataFrame, coded: pd.DataFrame,
                    dimensions: list[str] | tuple[str, ...], *,
                    group_column: str | None = None) -> ErrorRates:
        """From two frames with one 0/1 column per dimension, rows aligned; ``gold``'s
        ``weight`` and ``stratum`` columns, where present, describe the sampling design."""
        dims = tuple(dimensions)
        weights = gold["weight"].to_numpy(float) if "weight" in gold else None
        if weights is not None and np.all(weights == 1.0):
            weights = None  # an equal-probability sample (the seeds' set): plain counts
        strata = gold["stratum"].to_numpy() if "stratum" in gold else None
        groups = gold[group_column].astype(str).to_numpy() if group_column else None
        return cls(dims, gold[list(dims)].to_numpy(int), coded[list(dims)].to_numpy(int),
                   weights, strata, groups)

    def unit_weights(self) -> np.ndarray:
        """The sampling weight of each validation unit (1 for an equal-probability sample)."""
        n = len(self.gold)
        return np.ones(n) if self.sampling_weights is None else self.sampling_weights

    def multiplicities(self, draws: int, rng: np.random.Generator) -> np.ndarray:
        """Bootstrap resamples of the validation units (within strata when there are any)."""
        if self.strata is None:
            return bootstrap_multiplicities(len(self.gold), draws, rng)
        return stratified_multiplicities(self.strata, draws, rng)

    def confusion(self, weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """True/false positives/negatives per dimension (sampling-weighted); ``weights``
        (draws × units) gives one row per bootstrap draw."""
        w = np.ones((1, len(self.gold))) if weights is None else weights
        if self.sampling_weights is not None:
            w = w * self.sampling_weights
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
        weighted = self.sampling_weights is not None  # weighted counts estimate the corpus's
        return pd.DataFrame({"dimension": self.dimensions,
                             **{k: v[0] if weighted else v[0].astype(int) for k, v in m.items()},
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


def boundary_share_draws(k: int, n: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Observed-share draws for a cell the cluster bootstrap cannot spread: none (k = 0) or
    all (k = n) of its n units coded.

    Resampling zeros gives zeros, and the correction maps an observed 0 to 0 whatever the
    error rates, so every corrected draw would be 0. Yet 0 of n is compatible with any
    observed share up to the exact (Clopper–Pearson) bound 1 − (α/2)^(1/n): these draws come
    from Beta(1, n), whose 1 − α/2 quantile is that bound for every α (Beta(n, 1) for k = n),
    so the corrected interval's far end is the correction of that bound under the
    error-rate draws, and its near end the correction of 0 (or of 1): 0 (or 1)."""
    if k == 0:
        return rng.beta(1.0, n, draws)
    if k == n:
        return rng.beta(n, 1.0, draws)
    raise ValueError(f"k = {k} of n = {n} is not a boundary cell")


def spread_boundary_cells(observed: np.ndarray, counts: np.ndarray, n: int,
                          stream: list[int]) -> None:
    """In place: the draws (draws × dimensions) of every column whose count is 0 or ``n``
    become ``boundary_share_draws``, each on its own random stream (``stream`` + column), so
    the other cells keep their draws."""
    for col in np.flatnonzero((counts == 0) | (counts == n)).tolist():
        rng = np.random.default_rng([*stream, col])
        observed[:, col] = boundary_share_draws(int(counts[col]), n, observed.shape[0], rng)


def cluster_share_draws(per_cluster: np.ndarray, draws: int,
                        rng: np.random.Generator) -> np.ndarray:
    """Resampled observed shares: ``per_cluster`` is clusters × (units, k_1 … k_D)."""
    totals = bootstrap_multiplicities(per_cluster.shape[0], draws, rng) @ per_cluster
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals[:, 1:] / totals[:, :1]


def corrected_shares(units: pd.DataFrame, by: list[str], rates: ErrorRates, *,
                     cluster: str = "paragraph_id", draws: int = 2000, seed: int = 20211104,
                     alpha: float = 0.05, j_min: float = J_MIN, min_n: int = 20,
                     draws_out: dict | None = None, rates_by: str | None = None,
                     pooled_out: dict | None = None) -> pd.DataFrame:
    """Raw (Wilson) and error-corrected (joint bootstrap) shares per group and dimension.

    ``draws_out``, if given, receives the corrected draws (draws × dimensions) by group key.
    ``rates_by`` (a column of ``by``, e.g. ``doc_id``; ``rates.groups`` must hold the same
    labels): each group is corrected with its own partially pooled error rates
    (``analysis.measure.partial_pooling``); groups the validation sample does not reach,
    and tables not split by ``rates_by``, get the pooled rates. ``pooled_out`` receives
    the ``GroupRates``.
    """
    rng = np.random.default_rng(seed)
    dims = list(rates.dimensions)
    se_point, sp_point = (x[0] for x in rates.rates())
    resamples = rates.multiplicities(draws, rng)
    se_draws, sp_draws = rates.rates(resamples)
    per_group: GroupRates | None = None
    if rates_by is not None and rates_by in by and rates.groups is not None:
        per_group = group_rates(rates.gold, rates.coded, rates.unit_weights(), rates.groups,
                                rates.dimensions, (se_point, sp_point), (se_draws, sp_draws),
                                resamples)
        if pooled_out is not None:
            pooled_out["rates"] = per_group
    rows = []
    for position, (key, group) in enumerate(units.groupby(by, sort=True)):
        clusters = group.assign(_unit=1).groupby(cluster, sort=True)[["_unit", *dims]].sum()
        observed = cluster_share_draws(clusters.to_numpy(float), draws, rng)
        spread_boundary_cells(observed, group[dims].sum().to_numpy(int), len(group),
                              [seed, position])
        keys = group_key(by, key)
        se_g, sp_g, se_d, sp_d = _rates_for(keys, rates_by, per_group, rates,
                                            (se_draws, sp_draws))
        corrected = rogan_gladen(observed, se_d, sp_d)
        if draws_out is not None:
            values = tuple(keys.values())
            draws_out[values if len(by) > 1 else values[0]] = corrected
        n = len(group)
        for j, dim in enumerate(dims):
            k = int(group[dim].sum())
            raw_low, raw_high = proportion_confint(k, n, alpha=alpha, method="wilson")
            youden = se_g[j] + sp_g[j] - 1
            unclipped = (k / n + sp_g[j] - 1) / youden if youden > 0 else np.nan
            low, high = percentile_interval(corrected[:, j], alpha)
            if k in (0, n) and np.isfinite(low):  # the correction of 0 is 0, of 1 is 1
                low, high = (0.0, high) if k == 0 else (low, 1.0)
            rows.append({**keys, "dimension": dim, "n": n, "k": k, "raw_share": k / n,
                         "raw_ci_low": raw_low, "raw_ci_high": raw_high,
                         "sensitivity": se_g[j], "specificity": sp_g[j],
                         "corrected_share": float(rogan_gladen(k / n, se_g[j], sp_g[j])),
                         "corrected_ci_low": low, "corrected_ci_high": high,
                         "undefined_draws": float(np.mean(~np.isfinite(corrected[:, j]))),
                         "clipped": bool(not 0 <= unclipped <= 1),
                         "unstable": bool(youden < j_min),
                         "small_cell": n < min_n})
    return pd.DataFrame(rows)


def _rates_for(keys: dict, rates_by: str | None, per_group: GroupRates | None,
               rates: ErrorRates, pooled_draws: tuple[np.ndarray, np.ndarray]
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(se, sp, se draws, sp draws) for one group: its own partially pooled rates, or the
    pooled ones."""
    i = per_group.index(str(keys[rates_by])) if per_group is not None else None
    if per_group is None or i is None:
        se, sp = (x[0] for x in rates.rates())
        return se, sp, *pooled_draws
    return per_group.se[i], per_group.sp[i], per_group.se_draws[:, i], per_group.sp_draws[:, i]
