"""Contrasts that name sources or periods, resolved against the corpus at hand.

A contrast is ``[dimension]`` — the data's own contrast for that dimension: the two groups
(with at least ``min_n`` units) whose shares are furthest apart, the default — or
``[dimension, a, b]`` naming two groups. A config written for one corpus may name groups
("002", "2021") another corpus does not have: when the names come from the config, an absent
group is replaced by the data's own contrast; when the user named them for this run
(``--param``), an absent group is an error.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.measure.periods import UNANCHORED


def largest_gap(table: pd.DataFrame, by: str, dimension: str, *, min_n: int,
                value: str = "raw_share") -> tuple[str, str] | None:
    """The (highest, lowest) groups of ``by`` on ``value`` for ``dimension``, among groups
    with at least ``min_n`` units (all groups if fewer than two qualify); None if < 2."""
    rows = table[(table["dimension"] == dimension) & (table[by].astype(str) != UNANCHORED)]
    big = rows[rows["n"] >= min_n]
    rows = big if len(big) >= 2 else rows
    if len(rows) < 2:
        return None
    ordered = rows.assign(_key=rows[by].astype(str)).sort_values(
        [value, "_key"], ascending=[False, True], kind="stable")
    return str(ordered["_key"].iloc[0]), str(ordered["_key"].iloc[-1])


def resolve_contrasts(contrasts: list[list[str]], table: pd.DataFrame, by: str, *,
                      parameter: str, explicit: bool, min_n: int,
                      value: str = "raw_share") -> tuple[list[list[str]], list[str]]:
    """Contrasts with every named group present in ``table[by]``, and a note for each one
    that was derived from the data instead. ``explicit``: the user named these groups for
    this run, so an absent one is an error naming it."""
    known = set(table[by].astype(str))
    resolved, notes = [], []
    for contrast in contrasts:
        if len(contrast) not in (1, 3):
            raise AnalysisError(f"{parameter}: contrast {contrast!r}: expected "
                                "[dimension] or [dimension, a, b]")
        dimension = str(contrast[0])
        if len(contrast) == 1:
            pair = largest_gap(table, by, dimension, min_n=min_n, value=value)
            if pair is None:
                notes.append(f"{parameter}: fewer than two {by} groups for {dimension}: "
                             "contrast dropped")
            else:
                resolved.append([dimension, *pair])
                notes.append(f"{parameter}: {dimension} contrast from the data (largest gap): "
                              f"{pair[0]} vs {pair[1]}")
            continue
        a, b = str(contrast[1]), str(contrast[2])
        missing = [g for g in (a, b) if g not in known]
        if not missing:
            resolved.append([dimension, a, b])
            continue
        if explicit:
            sample = ", ".join(sorted(known)[:6]) + (", …" if len(known) > 6 else "")
            raise AnalysisError(f"{parameter}: no {by} {', '.join(missing)} in this corpus "
                                f"({len(known)} known: {sample})")
        pair = largest_gap(table, by, dimension, min_n=min_n, value=value)
        if pair is None:
            notes.append(f"{parameter}: {by} {', '.join(missing)} not in this corpus and "
                         f"fewer than two {by} groups for {dimension}: contrast dropped")
            continue
        resolved.append([dimension, *pair])
        notes.append(f"{parameter}: {by} {', '.join(missing)} not in this corpus; {dimension} "
                     f"contrast derived from the data (largest gap): {pair[0]} vs {pair[1]}")
    return resolved, notes
