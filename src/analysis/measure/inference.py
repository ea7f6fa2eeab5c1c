"""Tests and models: source × dimension association, and trends over time per dimension."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.multitest import multipletests
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

EPOCH = dt.date(2000, 1, 1)


def months_since_epoch(dates: pd.Series) -> pd.Series:
    """ISO dates → months since January 2000 (fractional by day)."""
    parsed = pd.to_datetime(dates)
    return (parsed.dt.year - EPOCH.year) * 12 + (parsed.dt.month - 1) + (parsed.dt.day - 1) / 31


def source_dimension_chi2(units: pd.DataFrame, dims: list[str] | tuple[str, ...]) -> dict:
    """Chi-square test of independence on the source × dimension table of coded units.

    Cells count units coded for the dimension (a unit coded for two dimensions counts in
    both), so the test asks whether sources spread their codes differently over dimensions.
    """
    table = units.groupby("doc_id")[list(dims)].sum()
    result = Table(table.to_numpy(), shift_zeros=False).test_nominal_association()
    n = table.to_numpy().sum()
    cramers_v = float(np.sqrt(result.statistic / (n * (min(table.shape) - 1))))
    return {"chi2": float(result.statistic), "df": int(result.df), "p_value": float(result.pvalue),
            "n_codes": int(n), "cramers_v": cramers_v}


def _not_estimable(note: str) -> dict:
    return {"odds_ratio_per_month": np.nan, "ci_low": np.nan, "ci_high": np.nan,
            "p_value": np.nan, "note": note}


def _gee_slope(frame: pd.DataFrame, outcome: str, predictor: str, cluster: str) -> dict:
    """Logistic GEE (independence working correlation, robust SEs clustered by ``cluster``)."""
    y = frame[outcome].astype(float)
    if y.nunique() < 2 or frame[predictor].nunique() < 2:
        return _not_estimable("no variation")
    x = sm.add_constant(frame[[predictor]].astype(float))
    model = sm.GEE(y, x, groups=frame[cluster], family=sm.families.Binomial(),
                   cov_struct=sm.cov_struct.Independence())
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        try:
            fit = model.fit()
        except (PerfectSeparationWarning, np.linalg.LinAlgError, ValueError) as exc:
            return _not_estimable(type(exc).__name__)
    beta, se = fit.params[predictor], fit.bse[predictor]
    return {"odds_ratio_per_month": float(np.exp(beta)),
            "ci_low": float(np.exp(beta - 1.959964 * se)),
            "ci_high": float(np.exp(beta + 1.959964 * se)),
            "p_value": float(fit.pvalues[predictor]), "note": ""}


def trend_models(units: pd.DataFrame, dims: list[str] | tuple[str, ...], time_column: str,
                 *, axis: str, cluster: str = "paragraph_id") -> pd.DataFrame:
    """Per dimension: change in the odds of a unit being coded, per month of ``time_column``.

    p-values are Holm-adjusted across the dimensions tested together.
    """
    data = units.dropna(subset=[time_column]).copy()
    data["months"] = months_since_epoch(data[time_column])
    rows = [{"axis": axis, "dimension": d, "units": len(data),
             "clusters": data[cluster].nunique(), **_gee_slope(data, d, "months", cluster)}
            for d in dims]
    out = pd.DataFrame(rows)
    tested = out["p_value"].notna()
    out["p_holm"] = np.nan
    if tested.any():
        out.loc[tested, "p_holm"] = multipletests(out.loc[tested, "p_value"], method="holm")[1]
    return out


def read_trend(row: pd.Series) -> str:
    """One plain-language sentence for one trend estimate."""
    if pd.isna(row["odds_ratio_per_month"]):
        return f"{row['dimension']}: not estimable ({row['note']})."
    change = 100 * (row["odds_ratio_per_month"] ** 12 - 1)
    direction = "rise" if change > 0 else "fall"
    strength = ("a clear" if row["p_holm"] < 0.05 else "no clear")
    return (f"{row['dimension']} ({row['axis']} time): the odds of a sentence being coded "
            f"{direction} by {abs(change):.0f}% per year; after Holm correction there is "
            f"{strength} trend (p = {row['p_holm']:.3g}).")


def read_chi2(result: dict) -> str:
    """One plain-language sentence for the source × dimension test."""
    verdict = "differ" if result["p_value"] < 0.05 else "do not clearly differ"
    return (f"Sources {verdict} in how they spread their codes over the dimensions "
            f"(χ² = {result['chi2']:.1f}, df = {result['df']}, p = {result['p_value']:.2g}, "
            f"Cramér's V = {result['cramers_v']:.2f}).")
