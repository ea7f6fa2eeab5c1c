"""Agreement between coders, and between the dictionary and gold labels (issue 3, §5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from krippendorff import alpha as _krippendorff_alpha
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support


def cohen_kappa(a: pd.Series | np.ndarray, b: pd.Series | np.ndarray) -> float:
    """Cohen's kappa for two binary codings; 1.0 when both are constant and identical."""
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    if np.array_equal(a, b) and len(np.unique(a)) < 2:
        return 1.0
    return float(cohen_kappa_score(a, b))


def krippendorff_alpha(*codings: pd.Series | np.ndarray) -> float:
    """Krippendorff's alpha (nominal) for two or more coders over the same units."""
    data = np.vstack([np.asarray(c, dtype=float) for c in codings])
    if len(np.unique(data)) < 2:
        return 1.0
    return float(_krippendorff_alpha(reliability_data=data, level_of_measurement="nominal"))


def precision_recall_f1(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Binary precision, recall and F1 of ``predicted`` against ``gold`` (0 when undefined)."""
    p, r, f, _ = precision_recall_fscore_support(np.asarray(gold, dtype=int),
                                                 np.asarray(predicted, dtype=int),
                                                 average="binary", zero_division=0)
    return float(p), float(r), float(f)


def _statistics(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    p, r, f = precision_recall_f1(gold, predicted)
    return {"precision": p, "recall": r, "f1": f, "kappa": cohen_kappa(gold, predicted)}


def bootstrap_intervals(gold: np.ndarray, predicted: np.ndarray, *, draws: int, seed: int,
                        level: float = 0.95) -> dict[str, tuple[float, float]]:
    """Percentile intervals for P, R, F1 and kappa, resampling units with replacement."""
    rng = np.random.default_rng(seed)
    n = len(gold)
    samples: dict[str, list[float]] = {k: [] for k in ("precision", "recall", "f1", "kappa")}
    for _ in range(draws):
        idx = rng.integers(0, n, size=n)
        for key, value in _statistics(gold[idx], predicted[idx]).items():
            samples[key].append(value)
    tail = (1 - level) / 2 * 100
    return {k: (float(np.percentile(v, tail)), float(np.percentile(v, 100 - tail)))
            for k, v in samples.items()}


def human_agreement(coder_a: pd.DataFrame, coder_b: pd.DataFrame,
                    dimensions: list[str]) -> pd.DataFrame:
    """Per dimension: units, raw agreement, Cohen's kappa, Krippendorff's alpha."""
    rows = []
    for dim in dimensions:
        a, b = coder_a[dim].to_numpy(int), coder_b[dim].to_numpy(int)
        rows.append({"dimension": dim, "n": len(a), "agreement": float(np.mean(a == b)),
                     "kappa": cohen_kappa(a, b), "alpha": krippendorff_alpha(a, b),
                     "coder_a_share": float(a.mean()), "coder_b_share": float(b.mean())})
    return pd.DataFrame(rows)


def dictionary_vs_gold(gold: pd.DataFrame, predicted: pd.DataFrame, dimensions: list[str], *,
                       draws: int, seed: int) -> pd.DataFrame:
    """Per dimension: precision, recall, F1 and kappa with bootstrap intervals."""
    rows = []
    for i, dim in enumerate(dimensions):
        g, p = gold[dim].to_numpy(int), predicted[dim].to_numpy(int)
        point = _statistics(g, p)
        intervals = bootstrap_intervals(g, p, draws=draws, seed=seed + i)
        row: dict[str, float | str | int] = {"dimension": dim, "n": len(g),
                                             "gold_positives": int(g.sum())}
        for key in ("precision", "recall", "f1", "kappa"):
            row[key] = point[key]
            row[f"{key}_low"], row[f"{key}_high"] = intervals[key]
        rows.append(row)
    return pd.DataFrame(rows)


def weights_side_by_side(gold: pd.DataFrame, predicted: pd.DataFrame, dimensions: list[str],
                         by: str = "doc_id") -> pd.DataFrame:
    """Share of sentences per dimension and source: gold, dictionary, difference (points)."""
    g = gold.groupby(by)[dimensions].mean()
    p = predicted.groupby(by)[dimensions].mean()
    rows = []
    for source in g.index:
        for dim in dimensions:
            rows.append({by: source, "dimension": dim, "n": int((gold[by] == source).sum()),
                         "gold_share": float(g.loc[source, dim]),
                         "dictionary_share": float(p.loc[source, dim]),
                         "difference_pp": float(100 * (p.loc[source, dim] - g.loc[source, dim]))})
    return pd.DataFrame(rows)
