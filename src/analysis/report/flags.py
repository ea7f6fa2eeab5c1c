"""Mark what belongs to a context-only dimension (the codebook's ``role: context``).

One convention for every table and figure; the flag comes from the codebook's roles, never
from a dimension's name, so a codebook without ``role: context`` flags nothing:

- a table with one dimension per row (a ``dimension`` column, or a ``log_ratio`` column
  such as ``log(economic/military)``) gets a ``role`` column right after it:
  ``integration`` or ``context only (flagged)`` (a log-ratio is flagged when either of its
  parts is a context dimension);
- a table with one dimension per column has that column's header suffixed:
  ``political (context only)``;
- a figure labels the dimension ``political (context only)`` (``dimension_label``) and
  draws it hatched or on a grey panel (``CONTEXT_HATCH``, ``CONTEXT_FACE``).
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from analysis.coding.codebook import CONTEXT_LABEL, CONTEXT_SUFFIX, Codebook

__all__ = ["CONTEXT_FACE", "CONTEXT_HATCH", "CONTEXT_LABEL", "CONTEXT_SUFFIX",
           "INTEGRATION_LABEL", "dimension_label", "flag_columns", "flag_context",
           "flag_dimensions"]

INTEGRATION_LABEL = "integration"
CONTEXT_HATCH = "///"
CONTEXT_FACE = "#EFEFEF"
ROW_COLUMNS = ("dimension", "log_ratio")
_LOG_RATIO = re.compile(r"log\((?P<a>[^/()]+)/(?P<b>[^/()]+)\)")


def dimension_label(dimension: str, context: Collection[str]) -> str:
    """``dimension``, suffixed `` (context only)`` when it is one of ``context``."""
    return f"{dimension}{CONTEXT_SUFFIX}" if dimension in context else dimension


def _parts(value: object) -> list[str]:
    """The dimensions a row label names: itself, or both parts of ``log(a/b)``."""
    text = str(value)
    match = _LOG_RATIO.fullmatch(text)
    return [match["a"], match["b"]] if match else [text]


def flag_context(table: pd.DataFrame, codebook: Codebook,
                 column: str = "dimension") -> pd.DataFrame:
    """``table`` with a ``role`` column after ``column``: ``integration`` or
    ``context only (flagged)`` (empty where ``column`` is empty); unchanged if it has one."""
    if "role" in table.columns:
        return table
    context = set(codebook.context_dimensions)
    roles = ["" if pd.isna(v) else CONTEXT_LABEL if context & set(_parts(v))
             else INTEGRATION_LABEL for v in table[column]]
    out = table.copy()
    out.insert(out.columns.get_loc(column) + 1, "role", roles)
    return out


def flag_columns(table: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """``table`` with the header of every context dimension's column suffixed
    `` (context only)``."""
    context = set(codebook.context_dimensions)
    return table.rename(columns={c: dimension_label(c, context) for c in table.columns
                                 if isinstance(c, str) and c in context})


def flag_dimensions(table: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The convention in one call (idempotent): a ``role`` column for a table with a
    dimension (or log-ratio) per row, suffixed headers for dimensions as columns."""
    for column in ROW_COLUMNS:
        if column in table.columns:
            table = flag_context(table, codebook, column)
            break
    return flag_columns(table, codebook)
