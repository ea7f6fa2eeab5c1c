"""Error rates per source (or outlet, genre) with partial pooling: empirical-Bayes
beta-binomial shrinkage of each group's sensitivity and specificity toward the pooled rate.

For one rate (say the sensitivity for military), group g has x_g successes out of n_g
(weighted sentences turned into Kish effective counts). The group rates are modelled as
draws from Beta(μm, (1 − μ)m), μ the pooled rate; the prior strength m is the value on a
log grid that maximises the beta-binomial marginal likelihood of all groups. Each group's
rate is then its posterior mean (x_g + μm) / (n_g + m): a group with few validation
sentences stays near the pooled rate, a large group keeps its own, and when the groups do
not differ more than chance allows, m grows and every group gets the pooled rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import betaln

GRID = np.logspace(-1, 4, 101)  # prior strength m, in pseudo-sentences
EDGE = 1e-6


def effective_counts(indicator: np.ndarray, success: np.ndarray, weights: np.ndarray,
                     groups: np.ndarray, labels: list, multiplicities: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """(x, n): Kish effective successes and trials per draw × group.

    ``indicator`` marks the units the rate is about (gold positives for the sensitivity),
    ``success`` those the coder got right; a unit drawn k times counts k times."""
    xs, ns = [], []
    for label in labels:
        member = indicator * (groups == label)
        s1 = multiplicities @ (weights * member)
        s2 = multiplicities @ (weights**2 * member)
        hits = multiplicities @ (weights * member * success)
        with np.errstate(invalid="ignore", divide="ignore"):
            n = np.where(s2 > 0, s1**2 / s2, 0.0)
            rate = np.where(s1 > 0, hits / s1, 0.0)
        xs.append(rate * n)
        ns.append(n)
    return np.stack(xs, axis=-1), np.stack(ns, axis=-1)


def prior_strength(x: np.ndarray, n: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """The grid value of m that maximises the beta-binomial marginal likelihood (per row)."""
    mu = np.clip(mu, EDGE, 1 - EDGE)[..., None, None]
    a, b = mu * GRID, (1 - mu) * GRID
    x = np.clip(x, 0, n)[..., :, None]
    n = n[..., :, None]
    loglik = np.where(n > 0, betaln(x + a, n - x + b) - betaln(a, b), 0.0).sum(axis=-2)
    return GRID[np.argmax(loglik, axis=-1)]


def shrink(x: np.ndarray, n: np.ndarray, mu: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Posterior means (x + μm) / (n + m), group by group; the pooled rate where n = 0."""
    mu, m = np.asarray(mu)[..., None], np.asarray(m)[..., None]
    return (np.clip(x, 0, n) + mu * m) / (n + m)


def pooled_rates(x: np.ndarray, n: np.ndarray, mu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(shrunk rates, m) for one rate: x, n are (draws ×) groups, mu is (draws,) or scalar."""
    mu = np.asarray(mu, dtype=float)
    m = prior_strength(x, n, mu)
    rates = shrink(x, n, mu, m)
    flat = (mu <= EDGE) | (mu >= 1 - EDGE)  # every unit right (or wrong): nothing to shrink
    return np.where(np.asarray(flat)[..., None], np.asarray(mu)[..., None], rates), m


@dataclass(frozen=True)
class GroupRates:
    """Sensitivity and specificity per group and dimension: point (groups × dims) and per
    bootstrap draw (draws × groups × dims), with the raw rates and effective counts."""

    labels: list
    dimensions: tuple[str, ...]
    se: np.ndarray
    sp: np.ndarray
    se_draws: np.ndarray
    sp_draws: np.ndarray
    detail: pd.DataFrame

    def index(self, label: object) -> int | None:
        """Position of a group, or None when the validation sample has no sentence of it."""
        return self.labels.index(label) if label in self.labels else None


def group_rates(gold: np.ndarray, coded: np.ndarray, weights: np.ndarray, groups: np.ndarray,
                dimensions: tuple[str, ...], pooled: tuple[np.ndarray, np.ndarray],
                pooled_draws: tuple[np.ndarray, np.ndarray],
                multiplicities: np.ndarray) -> GroupRates:
    """Shrunk rates for every group, at the point estimate and in every bootstrap draw.

    ``pooled`` and ``pooled_draws`` are the (sensitivity, specificity) of all groups
    together (dims, and draws × dims); ``multiplicities`` are the same bootstrap draws."""
    labels = sorted(set(np.asarray(groups).tolist()))
    one = np.ones((1, len(gold)))
    out: dict[str, list[np.ndarray]] = {"se": [], "sp": [], "se_draws": [], "sp_draws": []}
    rows = []
    for j, dim in enumerate(dimensions):
        g, c = gold[:, j].astype(float), coded[:, j].astype(float)
        for kind, indicator, success, k in (("se", g, c, 0), ("sp", 1 - g, 1 - c, 1)):
            x, n = effective_counts(indicator, success, weights, groups, labels, one)
            point, m = pooled_rates(x[0], n[0], pooled[k][j])
            xd, nd = effective_counts(indicator, success, weights, groups, labels,
                                      multiplicities)
            draws, _ = pooled_rates(xd, nd, pooled_draws[k][:, j])
            out[kind].append(point)
            out[f"{kind}_draws"].append(draws)
            for i, label in enumerate(labels):
                rows.append({"group": label, "dimension": dim, "rate": kind,
                             "effective_n": n[0, i],
                             "own_rate": x[0, i] / n[0, i] if n[0, i] > 0 else np.nan,
                             "pooled_rate": float(pooled[k][j]), "prior_strength": float(m),
                             "partially_pooled": float(point[i])})
    return GroupRates(labels, tuple(dimensions), np.stack(out["se"], axis=-1),
                      np.stack(out["sp"], axis=-1), np.stack(out["se_draws"], axis=-1),
                      np.stack(out["sp_draws"], axis=-1), pd.DataFrame(rows))
