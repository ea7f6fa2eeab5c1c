"""The answer the report opens with: a few sentences read off the result tables (who weighs
which dimension most, what moves over time, what cannot be said), and its headline figures."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from analysis.report.flags import CONTEXT_LABEL, dimension_label
from analysis.report.grouping import MAX_SOURCES, short_outlet

ATTENTION = "attention_by_source_sentence.csv"
SOURCES = "corpus_sources.csv"
TRENDS = "trend_models.csv"
TARGETS = "validation_targets.csv"
# headline figures, in the order the page shows them (file stems are matched as patterns)
HEADLINE = (r"fig8_trend_by_publication_date_.*", r"fig3_shares_by_referenced_period_.*",
            r"fig1_attention_by_source_.*")


def headline_figures(figure_names: list[str]) -> list[str]:
    """The manifest's figure stems that the page shows first, in HEADLINE order."""
    stems = sorted({Path(n).with_suffix("").as_posix() for n in figure_names})
    return [s for pattern in HEADLINE for s in stems if re.fullmatch(pattern, Path(s).name)]


def _read(tables: Path, name: str) -> pd.DataFrame | None:
    path = tables / name
    return pd.read_csv(path, dtype={"doc_id": str}) if path.is_file() else None


def context_of(table: pd.DataFrame) -> set[str]:
    """The dimensions a table's ``role`` column flags as context only (none without one)."""
    if "role" not in table.columns or "dimension" not in table.columns:
        return set()
    return set(table.loc[table["role"] == CONTEXT_LABEL, "dimension"])


def _who_weighs_most(attention: pd.DataFrame, sources: pd.DataFrame | None) -> str:
    """One sentence: for each dimension, the source (or, beyond MAX_SOURCES, the outlet,
    pooled) with the largest share, and the range over all of them; a context-only
    dimension (the table's ``role``) is named as such."""
    context = context_of(attention)
    data = attention.copy()
    outlets = ({} if sources is None else
               dict(zip(sources["doc_id"], sources["outlet"].map(short_outlet), strict=True)))
    pooled = data["doc_id"].nunique() > MAX_SOURCES and bool(outlets)
    if pooled:
        data["who"] = data["doc_id"].map(outlets)
        data = data.groupby(["who", "dimension"], sort=False)[["k", "n"]].sum().reset_index()
        data["share"] = data["k"] / data["n"]
    else:
        data["who"] = [f"{d} · {outlets[d]}" if d in outlets else d for d in data["doc_id"]]
    parts = []
    for dim in dict.fromkeys(data["dimension"]):
        rows = data[data["dimension"] == dim].sort_values(["share", "who"],
                                                          ascending=[False, True])
        top = rows.iloc[0]
        parts.append(f"{dimension_label(dim, context)} in {top['who']} ({top['share']:.0%}; "
                     f"{rows['share'].min():.0%}–{rows['share'].max():.0%} across "
                     f"{'outlets' if pooled else 'sources'})")
    level = "outlet (sources pooled)" if pooled else "source"
    caveat = (f" With {data['who'].nunique()} sources these describe these texts; they are "
              "not estimates for the outlets' wider output." if not pooled
              and data["who"].nunique() < 8 else "")
    return (f"Share of sentences coded, by {level}: the largest weight on "
            + "; ".join(parts) + "." + caveat)


def _yearly_change(row: pd.Series) -> float:
    """Change in the odds per year, in percent, from either trend-table schema."""
    if "odds_ratio_per_year" in row:
        return 100 * (row["odds_ratio_per_year"] - 1)
    return 100 * (row["odds_ratio_per_month"] ** 12 - 1)


def _over_time(trends: pd.DataFrame, axis: str, what: str) -> str:
    """One sentence on the trends along one time axis, or why none can be given. With
    several models per dimension, the first one listed is the one read."""
    context = context_of(trends)
    rows = trends[trends["axis"] == axis]
    if "model" in rows and len(rows):
        rows = rows[rows["model"] == rows["model"].iloc[0]]
    odds = "odds_ratio_per_year" if "odds_ratio_per_year" in rows else "odds_ratio_per_month"
    if rows.empty or odds not in rows or "p_holm" not in rows:
        return ""
    missing = rows[rows[odds].isna()]
    if len(missing) == len(rows):
        notes = sorted(set(str(n) for n in missing["note"].fillna("") if str(n)))
        reason = "; ".join(notes) or "not estimable"
        return f"Whether the weights move with {what} cannot be said: {reason}."
    moving, flat = [], []
    for _, row in rows.iterrows():
        if math.isnan(row[odds]):
            flat.append(f"{dimension_label(row['dimension'], context)} "
                        f"(not estimable: {row['note']})")
        elif row["p_holm"] < 0.05:
            change = _yearly_change(row)
            p = ("< 0.0001" if row["p_holm"] < 0.0001  # tables carry 4 decimals
                 else f"= {row['p_holm']:.2g}")
            moving.append(f"{dimension_label(row['dimension'], context)} "
                          f"{'rises' if change > 0 else 'falls'} "
                          f"({change:+.0f}% odds per year, Holm p {p})")
        else:
            flat.append(dimension_label(row["dimension"], context))
    said = ("; ".join(moving) if moving else "no dimension shows a clear trend")
    rest = f"; no clear trend for {', '.join(flat)}" if moving and flat else ""
    return f"Along {what}: {said}{rest}."


def _limits(targets: pd.DataFrame) -> str:
    missed = targets.loc[~targets["met"].astype(bool), "target"].tolist()
    if not missed:
        return "The dictionary meets every validation target."
    return (f"Read with care: the dictionary misses {len(missed)} of {len(targets)} "
            f"validation targets (e.g. {missed[0]}).")


def story(tables: Path) -> list[str]:
    """The opening sentences, from the tables present in ``tables`` (none if absent)."""
    attention, sources = _read(tables, ATTENTION), _read(tables, SOURCES)
    sentences = []
    if sources is not None:
        outlets = sources["outlet"].map(short_outlet).nunique()
        published = sorted(sources["published"].astype(str))
        sentences.append(f"{len(sources)} sources from {outlets} outlets, published "
                         f"{published[0]} to {published[-1]}.")
    if attention is not None:
        sentences.append(_who_weighs_most(attention, sources))
    trends = _read(tables, TRENDS)
    if trends is not None:
        sentences += [s for s in (_over_time(trends, "published", "publication date"),
                                  _over_time(trends, "referenced", "the period talked about"))
                      if s]
    targets = _read(tables, TARGETS)
    if targets is not None:
        sentences.append(_limits(targets))
    return sentences
