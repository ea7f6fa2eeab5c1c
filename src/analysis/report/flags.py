"""Mark the rows of a table that belong to a context-only dimension (codebook ``role``)."""

from __future__ import annotations

import pandas as pd

from analysis.coding.codebook import Codebook

CONTEXT_LABEL = "context only (flagged)"


def flag_context(table: pd.DataFrame, codebook: Codebook,
                 column: str = "dimension") -> pd.DataFrame:
    """``table`` with a ``role`` column: ``integration`` or ``context only (flagged)``."""
    context = set(codebook.context_dimensions)
    roles = ["" if pd.isna(d) else CONTEXT_LABEL if d in context else "integration"
             for d in table[column]]
    return table.assign(role=roles)
