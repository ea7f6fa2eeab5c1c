"""Simulation study: do the corrected intervals reach their nominal coverage?

Each replication draws a corpus of ``n_corpus`` sentences with a known true share, codes it
with a coder of known sensitivity and specificity, draws an independent validation sample of
``n_validation`` sentences (true label and code) from the same population, and computes the
raw Wilson interval and the error-corrected joint-bootstrap interval with the package's own
estimator (``misclassification.corrected_shares``). Coverage is the share of replications
whose interval contains the true share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.measure.misclassification import ErrorRates, corrected_shares


@dataclass(frozen=True)
class Scenario:
    """A true share and a coder's error rates."""

    true_share: float
    sensitivity: float
    specificity: float
    n_corpus: int = 1000
    n_validation: int = 150


def _code(truth: np.ndarray, s: Scenario, rng: np.random.Generator) -> np.ndarray:
    hit = rng.random(truth.size)
    return np.where(truth == 1, hit < s.sensitivity, hit >= s.specificity).astype(int)


def replicate(s: Scenario, rng: np.random.Generator, draws: int) -> dict[str, float]:
    """One replication: raw and corrected interval, and whether each covers the truth."""
    truth = (rng.random(s.n_corpus) < s.true_share).astype(int)
    units = pd.DataFrame({"group": 0, "paragraph_id": np.arange(s.n_corpus),
                          "x": _code(truth, s, rng)})
    gold = (rng.random(s.n_validation) < s.true_share).astype(int)
    rates = ErrorRates(("x",), gold[:, None], _code(gold, s, rng)[:, None])
    row = corrected_shares(units, ["group"], rates, draws=draws,
                           seed=int(rng.integers(2**31))).iloc[0]
    return {"raw_share": row.raw_share, "corrected_share": row.corrected_share,
            "raw_covers": row.raw_ci_low <= s.true_share <= row.raw_ci_high,
            "corrected_covers": row.corrected_ci_low <= s.true_share <= row.corrected_ci_high,
            "corrected_width": row.corrected_ci_high - row.corrected_ci_low}


def coverage_study(scenarios: list[Scenario], *, replications: int = 300, draws: int = 1000,
                   seed: int = 20211104) -> pd.DataFrame:
    """Coverage of the raw and corrected 95 % intervals, one row per scenario."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in scenarios:
        reps = pd.DataFrame([replicate(s, rng, draws) for _ in range(replications)])
        rows.append({"true_share": s.true_share, "sensitivity": s.sensitivity,
                     "specificity": s.specificity, "n_corpus": s.n_corpus,
                     "n_validation": s.n_validation, "replications": replications,
                     "raw_mean": reps["raw_share"].mean(),
                     "corrected_mean": reps["corrected_share"].mean(),
                     "raw_coverage": reps["raw_covers"].mean(),
                     "corrected_coverage": reps["corrected_covers"].mean(),
                     "corrected_mean_width": reps["corrected_width"].mean()})
    return pd.DataFrame(rows)
