"""Simulation study of the composition model (notebook 06): false positives, coverage, power.

Each replication draws a corpus of sources with a known truth. A source has one publication
date (uniform over ``years``) and a number of integration codes (uniform over ``codes``).
At time t the population composition π(t) follows a multinomial logit with the base
category first: log(π_k(t)/π_base(t)) = a_k + β_k·(t − centre), with π(centre) =
``shares``. Sources differ from each other: source i's own composition is drawn from a
Dirichlet distribution with mean π(t_i) and concentration ``kappa`` (smaller: sources
differ more), and its codes are a multinomial draw from it. Because the Dirichlet's mean is
exactly π(t), the population-averaged model — the one ``compositional.composition_trend``
estimates, clustering by source — is exactly the multinomial logit, so the true slopes are
known: β. ``between_sd`` states the heterogeneity on the scale of the slopes: the standard
deviation, across sources at the centre date, of a source's log-ratio log(p_k / p_base)
(trigamma(κπ_k) + trigamma(κπ_base), square-rooted).

Run ``python -m analysis.measure.composition_simulation [reps] [seed]`` for the table by
number of sources behind the README's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.special import polygamma

from analysis.measure.compositional import composition_trend

DIMS = ("military", "economic", "information")  # the first is the base category


@dataclass(frozen=True)
class Design:
    """A population of sources and the composition they are drawn from."""

    sources: tuple[int, int] = (20, 40)
    codes: tuple[int, int] = (10, 80)
    kappa: float = 8.0
    shares: tuple[float, float, float] = (0.4, 0.3, 0.3)  # at the centre, DIMS order
    slopes: tuple[float, float] = (0.0, 0.1)  # per year, log(economic|information / military)
    years: tuple[str, str] = ("2014-01-01", "2024-12-31")

    def between_sd(self) -> list[float]:
        """Across sources at the centre date: sd of each non-base log-ratio."""
        alpha = self.kappa * np.asarray(self.shares)
        tri = polygamma(1, alpha)
        return [float(np.sqrt(tri[k] + tri[0])) for k in (1, 2)]


def draw_codes(rng: np.random.Generator, d: Design, g: int | None = None) -> pd.DataFrame:
    """One corpus: one row per integration code (source, ISO date, 0/1 per dimension)."""
    g = g if g is not None else int(rng.integers(d.sources[0], d.sources[1] + 1))
    start, end = pd.Timestamp(d.years[0]), pd.Timestamp(d.years[1])
    offsets = np.sort(rng.choice((end - start).days + 1, size=g, replace=False))
    dates = start + pd.to_timedelta(offsets, unit="D")
    t = ((dates - start).days / 365.25).to_numpy()
    centre = (end - start).days / 365.25 / 2
    base = np.log(np.asarray(d.shares[1:]) / d.shares[0])
    logits = np.column_stack([np.zeros(g), *(base[k] + d.slopes[k] * (t - centre)
                                             for k in range(2))])
    pi = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    own = np.array([rng.dirichlet(d.kappa * row) for row in pi])
    n = rng.integers(d.codes[0], d.codes[1] + 1, size=g)
    category = np.concatenate([np.repeat(np.arange(3), rng.multinomial(k, p))
                               for k, p in zip(n, own, strict=True)])
    source = np.repeat(np.arange(g), n)
    frame = pd.DataFrame({"doc_id": [f"s{i:03d}" for i in source],
                          "when": dates.strftime("%Y-%m-%d").to_numpy()[source]})
    for j, dim in enumerate(DIMS):
        frame[dim] = (category == j).astype(int)
    return frame


def replicate(d: Design, reps: int, seed: int, g: int | None = None) -> pd.DataFrame:
    """One row per replication × log-ratio: estimate, interval, p, Wald p, the truth."""
    rng = np.random.default_rng(seed)
    rows = []
    for rep in range(reps):
        fit = composition_trend(draw_codes(rng, d, g), list(DIMS), "when", base=DIMS[0],
                                axis="published").set_index("log_ratio")
        for k, dim in enumerate(DIMS[1:]):
            row = fit.loc[f"log({dim}/{DIMS[0]})"]
            truth = d.slopes[k]
            rows.append({"rep": rep, "sources": int(row["sources"]),
                         "log_ratio": f"log({dim}/{DIMS[0]})", "truth": truth,
                         "estimate": row["change_per_year"], "p": row["p"],
                         "wald_p": row["wald_p"],
                         "covered": bool(row["ci_low"] <= truth <= row["ci_high"])})
    return pd.DataFrame(rows)


def summarise(results: pd.DataFrame, d: Design, alpha: float = 0.05) -> pd.DataFrame:
    """Per log-ratio: how often p < ``alpha`` (the false-positive rate where the true slope
    is 0, the power elsewhere), coverage of the true slope, mean estimate; and how often the
    joint Wald test rejects (a false positive only when every slope is 0)."""
    sd = {f"log({dim}/{DIMS[0]})": v for dim, v in zip(DIMS[1:], d.between_sd(), strict=True)}
    wald = float((results.drop_duplicates("rep")["wald_p"] < alpha).mean())
    rows = []
    for name, part in results.groupby("log_ratio", sort=False):
        truth = float(part["truth"].iloc[0])
        rejected = float((part["p"] < alpha).mean())
        rows.append({"log_ratio": name, "true_slope": truth,
                     "sources": f"{d.sources[0]}–{d.sources[1]}",
                     "between_source_sd": sd[name], "replications": len(part),
                     "false_positive_rate": rejected if truth == 0 else np.nan,
                     "power": rejected if truth != 0 else np.nan,
                     "coverage": float(part["covered"].mean()),
                     "mean_estimate": float(part["estimate"].mean()),
                     "wald_rejects": wald, "wald_is_null": bool(np.all(np.asarray(d.slopes)
                                                                       == 0))})
    return pd.DataFrame(rows)


def study(d: Design, reps: int, seed: int) -> pd.DataFrame:
    """The design as given (one null and one moving log-ratio), and with every slope 0
    (the joint Wald test's false-positive rate)."""
    null = replace(d, slopes=(0.0, 0.0))
    return pd.concat([summarise(replicate(d, reps, seed), d),
                      summarise(replicate(null, reps, seed + 1), null)], ignore_index=True)


def calibration(d: Design, source_counts: list[int], reps: int, seed: int) -> pd.DataFrame:
    """The study at a fixed number of sources per corpus."""
    frames = [study(replace(d, sources=(g, g)), reps, seed + 10 * i)
              for i, g in enumerate(source_counts)]
    return pd.concat(frames, ignore_index=True)


if __name__ == "__main__":  # the table behind the README's numbers
    import sys

    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20211104
    table = pd.concat([study(Design(), reps, seed),
                       calibration(Design(), [8, 12, 20], reps, seed + 100)])
    print(table.round(3).to_string(index=False))
