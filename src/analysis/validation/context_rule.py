"""A context rule beside the dictionary: a sentence that opens with an anaphor ("This",
"They", "All this") takes the previous sentence's code, as the coding guide tells coders to
resolve such words from the sentence before.

It is a method compared in validation (notebook 04), chosen per dimension on development
data only; the corpus codes (``analysis code``) stay the dictionary's own.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.validation.agreement import precision_recall_f1

ANAPHOR = re.compile(r"^\W*(this|these|that|those|it|they|their|such|all this|all these)\b",
                     re.IGNORECASE)


def anaphor(text: str) -> str:
    """The anaphor a sentence opens with, or ''."""
    found = ANAPHOR.match(text or "")
    return found.group(1) if found else ""


def carry_over(codes: pd.DataFrame, previous: pd.DataFrame, texts: pd.Series,
               dims: list[str]) -> pd.DataFrame:
    """``codes`` (0/1 per dimension, ``matches``) with the rule applied for ``dims``: a
    sentence coded 0 that opens with an anaphor and whose previous sentence the dictionary
    codes 1 becomes 1, with ``dim:context=<anaphor> (previous sentence)`` in its matches."""
    out = codes.copy()
    openers = [anaphor(t) for t in texts.fillna("").astype(str)]
    matches = [[m for m in s.split("; ") if m] for s in out["matches"]]
    for dim in dims:
        own, before = out[dim].to_numpy(int), previous[dim].to_numpy(int)
        for i in np.flatnonzero((own == 0) & (before == 1)):
            if openers[i]:
                out.iloc[i, out.columns.get_loc(dim)] = 1
                matches[i].append(f"{dim}:context={openers[i]} (previous sentence)")
    out["matches"] = ["; ".join(m) for m in matches]
    return out


def choose_context_dims(gold: pd.DataFrame, codes: pd.DataFrame, previous: pd.DataFrame,
                        dims: list[str]) -> tuple[list[str], pd.DataFrame]:
    """The dimensions where the rule raises F1 on ``gold`` (development rows), and the
    evidence: F1 without and with it, sentences gained and lost."""
    chosen, rows = [], []
    for dim in dims:
        g = gold[dim].to_numpy(int)
        before = codes[dim].to_numpy(int)
        after = carry_over(codes, previous, gold["text"], [dim])[dim].to_numpy(int)
        f_before, f_after = precision_recall_f1(g, before)[2], precision_recall_f1(g, after)[2]
        changed = after != before
        rows.append({"dimension": dim, "dictionary_alone_f1": f_before,
                     "with_context_f1": f_after,
                     "context_gained": int((changed & (g == 1)).sum()),
                     "context_lost": int((changed & (g == 0)).sum()),
                     "context_rule": f_after > f_before})
        if f_after > f_before:
            chosen.append(dim)
    return chosen, pd.DataFrame(rows)
