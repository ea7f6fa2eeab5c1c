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


@dataclass(frozen=True)
class SourcesScenario:
    """Sources that differ: each its own true share, sensitivity and specificity, corpus size
    and validation sample (drawn from that source, as a sample stratified by source is)."""

    true_shares: tuple[float, ...] = (0.25, 0.30, 0.10, 0.25, 0.20)
    sensitivities: tuple[float, ...] = (0.95, 0.85, 0.75, 0.90, 0.80)
    specificities: tuple[float, ...] = (0.92, 0.90, 0.97, 0.88, 0.95)
    n_corpus: tuple[int, ...] = (60, 98, 56, 242, 32)
    n_validation: tuple[int, ...] = (30, 30, 28, 46, 16)

    @property
    def labels(self) -> list[str]:
        return [f"s{i}" for i in range(len(self.true_shares))]


def _draw_sources(s: SourcesScenario, rng: np.random.Generator
                  ) -> tuple[pd.DataFrame, ErrorRates]:
    """One corpus (every sentence its own paragraph) and one validation sample per source."""
    frames, gold, coded, groups = [], [], [], []
    for label, p, se, sp, n, m in zip(s.labels, s.true_shares, s.sensitivities,
                                      s.specificities, s.n_corpus, s.n_validation, strict=True):
        rates = Scenario(p, se, sp)
        truth = (rng.random(n) < p).astype(int)
        frames.append(pd.DataFrame({"doc_id": label, "x": _code(truth, rates, rng),
                                    "paragraph_id": [f"{label}-{i}" for i in range(n)]}))
        truth = (rng.random(m) < p).astype(int)
        gold.append(truth)
        coded.append(_code(truth, rates, rng))
        groups += [label] * m
    return (pd.concat(frames, ignore_index=True),
            ErrorRates(("x",), np.concatenate(gold)[:, None], np.concatenate(coded)[:, None],
                       groups=np.array(groups)))


def replicate_sources(s: SourcesScenario, rng: np.random.Generator, draws: int
                      ) -> pd.DataFrame:
    """One replication: per source, the corrected interval with per-source partially
    pooled rates (notebook 06's default) and with one pooled rate, on the same data."""
    units, rates = _draw_sources(s, rng)
    seed = int(rng.integers(2**31))
    out = []
    for mode, rates_by in (("partially_pooled", "doc_id"), ("pooled", None)):
        table = corrected_shares(units, ["doc_id"], rates, draws=draws, seed=seed,
                                 rates_by=rates_by).set_index("doc_id").loc[s.labels]
        truth = np.asarray(s.true_shares)
        out.append(pd.DataFrame({
            "doc_id": s.labels, "rates": mode, "estimate": table["corrected_share"].to_numpy(),
            "covers": ((table["corrected_ci_low"] <= truth)
                       & (truth <= table["corrected_ci_high"])).to_numpy(),
            "width": (table["corrected_ci_high"] - table["corrected_ci_low"]).to_numpy()}))
    return pd.concat(out, ignore_index=True)


def sources_coverage_study(s: SourcesScenario, *, replications: int = 200, draws: int = 1000,
                           seed: int = 20211104) -> pd.DataFrame:
    """Coverage of the true share per source and over all sources, for per-source
    partially pooled error rates and for one pooled rate."""
    rng = np.random.default_rng(seed)
    reps = pd.concat([replicate_sources(s, rng, draws) for _ in range(replications)],
                     ignore_index=True)
    design = pd.DataFrame({"doc_id": s.labels, "true_share": s.true_shares,
                           "sensitivity": s.sensitivities, "specificity": s.specificities,
                           "n_corpus": s.n_corpus, "n_validation": s.n_validation})
    cols = ["covers", "estimate", "width"]
    every = reps.groupby("rates")[cols].mean().assign(doc_id="all sources", estimate=np.nan)
    both = pd.concat([reps.groupby(["doc_id", "rates"])[cols].mean().reset_index(),
                      every.reset_index()]).pivot(index="doc_id", columns="rates", values=cols)
    names = {"covers": "coverage", "estimate": "mean", "width": "mean_width"}
    both.columns = [f"{names[stat]}_{mode}" for stat, mode in both.columns]
    keep = ["coverage_partially_pooled", "coverage_pooled", "mean_partially_pooled",
            "mean_pooled", "mean_width_partially_pooled", "mean_width_pooled"]
    out = both.loc[[*s.labels, "all sources"], keep].reset_index().assign(
        replications=replications).merge(design, on="doc_id", how="left")
    out = out.astype({"n_corpus": "Int64", "n_validation": "Int64"})
    first = ["doc_id", *design.columns[1:]]
    return out[[*first, *[c for c in out.columns if c not in first]]]
