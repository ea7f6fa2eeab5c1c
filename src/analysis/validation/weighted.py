"""Precision, recall, F1, kappa, sensitivity and specificity under sampling weights, with a
bootstrap that resamples within the sample's strata (the design the sample was drawn with).

Every statistic is a function of the weighted confusion counts, so each bootstrap draw is one
matrix product: draws × units multiplicities times the units' weighted cell indicators.
"""

from __future__ import annotations

import numpy as np

STATISTICS = ("precision", "recall", "f1", "kappa", "sensitivity", "specificity")


def stratified_multiplicities(strata: np.ndarray, draws: int,
                              rng: np.random.Generator) -> np.ndarray:
    """How often each unit is drawn in each resample, resampling within every stratum
    (draws × units; each stratum keeps its size)."""
    strata = np.asarray(strata)
    out = np.zeros((draws, len(strata)))
    for stratum in sorted(set(strata.tolist())):
        cols = np.flatnonzero(strata == stratum)
        picks = rng.integers(0, len(cols), size=(draws, len(cols)))
        offsets = (np.arange(draws)[:, None] * len(cols) + picks).ravel()
        counts = np.bincount(offsets, minlength=draws * len(cols)).reshape(draws, len(cols))
        out[:, cols] = counts
    return out


def confusion(gold: np.ndarray, coded: np.ndarray, weights: np.ndarray,
              multiplicities: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Weighted tp, fp, fn, tn (one value per row of ``multiplicities``, or one value)."""
    g, c, w = (np.asarray(x, dtype=float) for x in (gold, coded, weights))
    m = np.ones((1, len(g))) if multiplicities is None else multiplicities
    return {"tp": m @ (w * g * c), "fp": m @ (w * (1 - g) * c),
            "fn": m @ (w * g * (1 - c)), "tn": m @ (w * (1 - g) * (1 - c))}


def statistics(cells: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every statistic from confusion counts; NaN where undefined (e.g. no gold positive)."""
    tp, fp, fn, tn = (cells[k] for k in ("tp", "fp", "fn", "tn"))
    total = tp + fp + fn + tn
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = (tp + tn) / total
        chance = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / total**2
        kappa = np.where(np.isclose(chance, 1.0), np.where(np.isclose(observed, 1.0), 1.0,
                                                              np.nan),
                         (observed - chance) / (1 - chance))
        return {"precision": tp / (tp + fp), "recall": tp / (tp + fn),
                "f1": 2 * tp / (2 * tp + fp + fn), "kappa": kappa,
                "sensitivity": tp / (tp + fn), "specificity": tn / (tn + fp)}


def scores_with_intervals(gold: np.ndarray, coded: np.ndarray, weights: np.ndarray,
                          strata: np.ndarray, *, draws: int, seed: int,
                          level: float = 0.95) -> dict[str, float]:
    """Point estimates and percentile intervals (``name``, ``name_low``, ``name_high``)."""
    point = statistics(confusion(gold, coded, weights))
    rng = np.random.default_rng(seed)
    boot = statistics(confusion(gold, coded, weights,
                                stratified_multiplicities(strata, draws, rng)))
    tail = (1 - level) / 2 * 100
    out: dict[str, float] = {}
    for name in STATISTICS:
        values = boot[name][np.isfinite(boot[name])]
        out[name] = float(point[name][0])
        low, high = (np.percentile(values, [tail, 100 - tail]) if len(values)
                     else (np.nan, np.nan))
        out[f"{name}_low"], out[f"{name}_high"] = float(low), float(high)
    return out
