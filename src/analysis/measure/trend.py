"""Trends over time with the source as the unit of inference.

A source's publication date is one value, and its sentences are correlated (they share an
author, an outlet, a topic), so the source is the cluster. Per dimension, a logistic
marginal model of a unit's 0/1 code on time (years) is fitted by GEE with an independence
working correlation and standard errors clustered by source, with the small-sample
correction of Mancl and DeRouen (2001) — what statsmodels calls ``cov_type="bias_reduced"``
(``tests/test_trend_inference.py`` checks this module against statsmodels' GEE on sentence
rows). Tests and intervals use a t distribution with (sources − 2) degrees of freedom.

With an independence working correlation the estimating equations, and the Mancl–DeRouen
correction, depend on the data only through per-source sums, so units are first collapsed
to cells (cluster × time value: one row per source on publication time) and everything is
computed from the cells, vectorised over sources.

On publication time a source-level quasi-binomial GLM (one row per source: positives out of
units, scale = Pearson χ²/df) is fitted as a check. On referenced time the time varies
within a source; the cluster is still the source, the highest level of nesting, so the
sandwich also absorbs the correlation of sentences within a paragraph.

Estimability rule: fewer than ``MIN_SOURCES`` (8) sources or fewer than ``MIN_DATES`` (3)
distinct time values → no test; the row says ``not estimable: N sources``. Why, from the
simulation (``python -m analysis.measure.trend_simulation``: sources' intercepts sd 0.8 on
the logit scale, 30–200 sentences each, a trend taking a share from 0.13 to 0.30 over 11
years, 1,000 replications per row, seed 20211104): the test never rejects too often —
false positives 0.015–0.032 with 4–7 sources — but it is close to blind there: power 0.04
with 4 sources, 0.08 with 5, 0.11 with 6, 0.15 with 7, against 0.18 with 8, 0.25 with 10,
0.47 with 20 and 0.62 with 30. Eight is a judgment on a smooth curve, not a cliff: below
it a p-value would almost always read "not significant" whatever the truth. With 20
sources on only 2–8 distinct dates the test stays calibrated (false positives
0.029–0.041), so the dates rule is about meaning, not error rates: through two dates a
"trend" is a two-group comparison, which the before/after comparisons
(``analysis.measure.events``) make with fewer assumptions.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from analysis.coding.codebook import flagged_name

MIN_SOURCES = 8
MIN_DATES = 3
DAYS_PER_YEAR = 365.25
MODELS = ("gee_source_md", "quasi_binomial_source")


def years(dates: pd.Series) -> np.ndarray:
    """ISO dates → years since 1 January 2000 (fractional)."""
    parsed = pd.to_datetime(dates)
    return ((parsed - pd.Timestamp("2000-01-01")).dt.days / DAYS_PER_YEAR).to_numpy(float)


def cells(units: pd.DataFrame, outcome: str, time_column: str,
          cluster: str = "doc_id") -> pd.DataFrame:
    """Units collapsed to one row per cluster × time value: ``positives`` of ``trials``."""
    data = pd.DataFrame({"cluster": units[cluster].to_numpy(),
                         "time": years(units[time_column]),
                         "y": units[outcome].to_numpy(float)})
    out = data.groupby(["cluster", "time"], sort=True)["y"].agg(["sum", "size"])
    return out.rename(columns={"sum": "positives", "size": "trials"}).reset_index()


def _fit(c: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | str:
    """Binomial GLM on cells: (params, design, fitted means, bread) or why it failed."""
    centre = float(np.average(c["time"], weights=c["trials"]))
    x = np.column_stack([np.ones(len(c)), c["time"].to_numpy() - centre])
    endog = np.column_stack([c["positives"], c["trials"] - c["positives"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        try:
            fit = sm.GLM(endog, x, family=sm.families.Binomial()).fit()
        except (PerfectSeparationWarning, np.linalg.LinAlgError, ValueError) as exc:
            return type(exc).__name__
    mu = fit.predict(x)
    weights = c["trials"].to_numpy() * mu * (1 - mu)
    bread = (x * weights[:, None]).T @ x
    return fit.params, x, mu, bread


def md_covariance(c: pd.DataFrame, x: np.ndarray, mu: np.ndarray, bread: np.ndarray,
                  bias_reduced: bool = True) -> np.ndarray:
    """Mancl–DeRouen bias-reduced sandwich for a logistic GEE (independence), from cells.

    Per cluster i, with A_i = Σ x v xᵀ and score s_i = Σ x (y − n μ), the corrected score is
    (I − A_i B⁻¹)⁻¹ s_i (Woodbury applied to (I − H_ii)⁻¹); cov = B⁻¹ Σ u_i u_iᵀ B⁻¹.
    ``bias_reduced=False`` gives the plain (Liang–Zeger) sandwich, u_i = s_i.
    """
    codes = pd.factorize(c["cluster"])[0]
    g, p = codes.max() + 1, x.shape[1]
    v = c["trials"].to_numpy() * mu * (1 - mu)
    r = c["positives"].to_numpy() - c["trials"].to_numpy() * mu
    a = np.zeros((g, p, p))
    np.add.at(a, codes, np.einsum("ij,ik->ijk", x * v[:, None], x))
    s = np.zeros((g, p))
    np.add.at(s, codes, x * r[:, None])
    b_inv = np.linalg.inv(bread)
    u = np.linalg.solve(np.eye(p) - a @ b_inv, s[:, :, None])[:, :, 0] if bias_reduced else s
    return b_inv @ (u.T @ u) @ b_inv


def quasi_covariance(c: pd.DataFrame, mu: np.ndarray, bread: np.ndarray) -> np.ndarray:
    """Quasi-binomial covariance on one row per source: B⁻¹ × Pearson χ²/(rows − 2)."""
    n = c["trials"].to_numpy()
    pearson = ((c["positives"].to_numpy() - n * mu) ** 2 / (n * mu * (1 - mu))).sum()
    return np.linalg.inv(bread) * pearson / (len(c) - 2)


def _row(beta: float, se: float, df: int) -> dict:
    q = stats.t.ppf(0.975, df)
    return {"slope_per_year": beta, "se": se, "df": df,
            "odds_ratio_per_year": float(np.exp(beta)),
            "ci_low": float(np.exp(beta - q * se)), "ci_high": float(np.exp(beta + q * se)),
            "p_value": float(2 * stats.t.sf(abs(beta / se), df)), "note": ""}


def _empty(note: str) -> dict:
    return {"slope_per_year": np.nan, "se": np.nan, "df": np.nan, "odds_ratio_per_year": np.nan,
            "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan, "note": note}


def estimability(n_sources: int, n_dates: int, min_sources: int = MIN_SOURCES,
                 min_dates: int = MIN_DATES) -> str:
    """'' when a trend can be tested, else why not ('not estimable: 5 sources')."""
    if n_sources < min_sources:
        return f"not estimable: {n_sources} source{'' if n_sources == 1 else 's'}"
    if n_dates < min_dates:
        return f"not estimable: {n_dates} date{'' if n_dates == 1 else 's'}"
    return ""


def fit_trend(c: pd.DataFrame, models: tuple[str, ...] = MODELS) -> dict[str, dict]:
    """Slope of the log-odds per year from cells, per model (no estimability rule here)."""
    if c["positives"].sum() in (0, c["trials"].sum()) or c["time"].nunique() < 2:
        return {m: _empty("no variation") for m in models}
    fitted = _fit(c)
    if isinstance(fitted, str):
        return {m: _empty(fitted) for m in models}
    params, x, mu, bread = fitted
    df = int(c["cluster"].nunique()) - 2
    out = {}
    for m in models:
        try:
            cov = (md_covariance(c, x, mu, bread) if m == "gee_source_md"
                   else quasi_covariance(c, mu, bread))
        except np.linalg.LinAlgError:  # one source carries all the information (leverage 1)
            out[m] = _empty("singular: one source has leverage 1")
            continue
        out[m] = _row(float(params[1]), float(np.sqrt(cov[1, 1])), df)
    return out


def trend_table(units: pd.DataFrame, dims: list[str] | tuple[str, ...], time_column: str, *,
                axis: str, cluster: str = "doc_id", min_sources: int = MIN_SOURCES,
                min_dates: int = MIN_DATES) -> pd.DataFrame:
    """Per dimension and model: odds ratio per year with its t-based interval, or why not.

    p-values are Holm-adjusted across the dimensions tested with the same model and axis.
    The quasi-binomial check is fitted on publication time only (one date per source).
    """
    data = units.dropna(subset=[time_column])
    n_sources, n_dates = data[cluster].nunique(), data[time_column].nunique()
    reason = estimability(n_sources, n_dates, min_sources, min_dates)
    models = MODELS if axis == "published" else MODELS[:1]
    rows = []
    for d in dims:
        c = cells(data, d, time_column, cluster)
        fits = {m: _empty(reason) for m in models} if reason else fit_trend(c, models)
        rows += [{"axis": axis, "dimension": d, "model": m, "sources": n_sources,
                  "dates": n_dates, "units": len(data),
                  "positives": int(c["positives"].sum()), **fits[m]} for m in models]
    out = pd.DataFrame(rows)
    out["p_holm"] = np.nan
    for _, idx in out.groupby("model").groups.items():
        tested = out.loc[idx, "p_value"].dropna()
        if len(tested):
            out.loc[tested.index, "p_holm"] = multipletests(tested, method="holm")[1]
    out["result"] = [note or f"p_holm = {p:.3g}"
                     for note, p in zip(out["note"], out["p_holm"], strict=True)]
    return out


def read_trend(row: pd.Series) -> str:
    """One plain-language sentence for one trend estimate."""
    where = f"{flagged_name(row)} ({row['axis']} time, {row['model']})"
    if pd.isna(row["odds_ratio_per_year"]):
        return f"{where}: {row['note']} — no test; see the descriptive comparison."
    change = 100 * (row["odds_ratio_per_year"] - 1)
    direction = "rise" if change > 0 else "fall"
    strength = "a clear" if row["p_holm"] < 0.05 else "no clear"
    return (f"{where}: the odds of a sentence being coded {direction} by {abs(change):.0f}% "
            f"per year [{row['ci_low']:.2f}, {row['ci_high']:.2f}]; with {row['sources']} "
            f"sources as clusters and Holm correction there is {strength} trend "
            f"(p = {row['p_holm']:.3g}).")
