"""Source × dimension association (trends over time: ``analysis.measure.trend``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import Table


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


def read_chi2(result: dict) -> str:
    """One plain-language sentence for the source × dimension test."""
    verdict = "differ" if result["p_value"] < 0.05 else "do not clearly differ"
    return (f"Sources {verdict} in how they spread their codes over the dimensions "
            f"(χ² = {result['chi2']:.1f}, df = {result['df']}, p = {result['p_value']:.2g}, "
            f"Cramér's V = {result['cramers_v']:.2f}).")
