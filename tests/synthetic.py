"""A generated corpus of N sources, straight as the tables the figures read (no parsing):
outlets of very different sizes, publication dates over five years, referenced periods of
every precision, composition draws and error-corrected shares."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

DIMS = ["economic", "military", "information", "political"]
INTEGRATION = ("economic", "military", "information")
PERIODS = ["1990s", "2000s", "2014–2020", "2019", "2020", "2020-08", "2021Q1", "2021H2",
           "2022", "2022-02", "unanchored"]


@dataclass
class Synthetic:
    documents: pd.DataFrame
    attention: pd.DataFrame
    by_period: pd.DataFrame
    mentions: pd.DataFrame
    points: pd.DataFrame
    clouds: dict[str, np.ndarray]
    regions: dict[str, np.ndarray]
    corrected: pd.DataFrame
    coverage: pd.DataFrame


def _cells(keys: dict, n: int, p: float, rng: np.random.Generator) -> dict:
    k = int(rng.binomial(n, p))
    low, high = proportion_confint(k, n, method="wilson")
    return {**keys, "n": n, "k": k, "share": k / n, "ci_low": float(low),
            "ci_high": float(high), "small_cell": n < 20}


def make(n_sources: int, n_outlets: int = 40, seed: int = 7) -> Synthetic:
    """``n_sources`` sources spread over ``n_outlets`` outlets (Zipf-like sizes)."""
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, n_outlets + 1)
    outlet = rng.choice(n_outlets, size=n_sources, p=weights / weights.sum())
    month = rng.integers(0, 60, size=n_sources)
    start = [pd.Timestamp(2018, 1, 1) + pd.DateOffset(months=int(m)) for m in month]
    docs = pd.DataFrame({
        "doc_id": [f"s{i:04d}" for i in range(n_sources)],
        "outlet": [f"Outlet {o:02d} (think tank), example.org" for o in outlet],
        "published": [s.strftime("%Y-%m") for s in start],
        "date_precision": "month",
        "published_start": [s.strftime("%Y-%m-%d") for s in start],
        "published_end": [(s + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d") for s in start],
        "n_sentences": rng.integers(15, 400, size=n_sources)})
    docs = docs.sort_values(["published_start", "doc_id"]).reset_index(drop=True)
    base = rng.uniform(0.05, 0.6, size=(n_sources, len(DIMS)))
    sized = zip(docs["doc_id"], docs["n_sentences"], strict=True)
    attention = pd.DataFrame([_cells({"doc_id": d, "dimension": dim}, int(n), base[i, j], rng)
                              for i, (d, n) in enumerate(sized) for j, dim in enumerate(DIMS)])
    period_rows, mention_rows = [], []
    for i, doc_id in enumerate(docs["doc_id"]):
        for period in rng.choice(PERIODS, size=4, replace=False):
            n = int(rng.integers(1, 40))
            period_rows += [_cells({"doc_id": doc_id, "period": period, "dimension": dim}, n,
                                   base[i, j], rng) for j, dim in enumerate(DIMS)]
        for _ in range(int(rng.integers(5, 40))):
            first = pd.Timestamp(1991, 1, 1) + pd.Timedelta(days=int(rng.integers(0, 11500)))
            last = first + pd.Timedelta(days=int(rng.choice([0, 30, 365, 3650])))
            mention_rows.append({"doc_id": doc_id, "start_date": first.strftime("%Y-%m-%d"),
                                 "end_date": last.strftime("%Y-%m-%d")})
    raw = rng.dirichlet([3, 3, 3], size=n_sources)
    points = pd.DataFrame(raw, index=docs["doc_id"], columns=list(INTEGRATION))
    clouds = {d: rng.dirichlet(60 * raw[i] + 1, size=2000) for i, d in enumerate(docs["doc_id"])}
    regions = {d: rng.dirichlet(60 * raw[i] + 1, size=40) for i, d in enumerate(docs["doc_id"])}
    corrected = attention.rename(columns={"share": "raw_share", "ci_low": "raw_ci_low",
                                          "ci_high": "raw_ci_high"})
    shift = rng.normal(0, 0.05, size=len(corrected))
    corrected["corrected_share"] = np.clip(corrected["raw_share"] + shift, 0, 1)
    corrected["corrected_ci_low"] = np.clip(corrected["corrected_share"] - 0.15, 0, 1)
    corrected["corrected_ci_high"] = np.clip(corrected["corrected_share"] + 0.15, 0, 1)
    corrected["unstable"] = corrected["dimension"] == "political"
    coverage = pd.DataFrame({"doc_id": docs["doc_id"],
                             "unclaimed_share": rng.uniform(0, 0.4, size=n_sources)})
    return Synthetic(docs, attention, pd.DataFrame(period_rows), pd.DataFrame(mention_rows),
                     points, clouds, regions, corrected, coverage)
