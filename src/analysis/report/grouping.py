"""Which rows a per-source figure draws: every source up to a stated number, beyond it one
row per outlet (the largest outlets plus "others" when outlets are too many too), so a
figure stays readable from five sources to five hundred.

A row that pools several sources shows the pooled share (every unit counted once) with a
95 % percentile interval from a bootstrap over its sources (the source is the unit that
varies), so the interval is as wide as the disagreement between the sources allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_SOURCES = 12  # beyond this many sources, per-source figures draw outlets
POOL_DRAWS = 1000
POOL_SEED = 20211104


def short_outlet(outlet: str) -> str:
    """The outlet's name before any comma, bracket or colon."""
    return re.split(r"\s*[,(:]", str(outlet), maxsplit=1)[0].strip() or str(outlet)


def source_labels(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id → "000 · Press Club Belarus (2021-04)": short outlet names keep axes readable."""
    return {r.doc_id: f"{r.doc_id} · {short_outlet(r.outlet)} ({r.published})"
            for r in documents.itertuples(index=False)}


@dataclass(frozen=True)
class Groups:
    """The rows of a figure: ``level`` is "source" or "outlet"; ``of`` maps doc_id → row."""

    level: str
    of: dict[str, str]
    order: list[str]
    n_sources: int

    @property
    def pooled(self) -> bool:
        return self.level != "source"

    def caption(self) -> str:
        """How the rows were formed, for a title or a legend."""
        if not self.pooled:
            return f"{self.n_sources} sources"
        return (f"{self.n_sources} sources pooled into {len(self.order)} outlet rows "
                f"(more than {MAX_SOURCES} sources; interval: bootstrap over sources)")


def display_groups(documents: pd.DataFrame, max_rows: int = MAX_SOURCES) -> Groups:
    """One row per source when there are at most ``max_rows`` sources (publication order);
    otherwise one row per outlet, largest first (by sentences), the smallest outlets merged
    into "others" when there are more than ``max_rows`` outlets."""
    if max_rows < 2:
        raise ValueError(f"max_rows must be at least 2, not {max_rows}")
    docs = documents.sort_values(["published_start", "doc_id"], kind="stable")
    if len(docs) <= max_rows:
        labels = source_labels(docs)
        return Groups("source", dict(labels), [labels[d] for d in docs["doc_id"]], len(docs))
    outlet = docs["outlet"].map(short_outlet)
    size = docs["n_sentences"] if "n_sentences" in docs else pd.Series(1, index=docs.index)
    sources = outlet.value_counts()
    totals = (pd.DataFrame({"outlet": outlet, "size": size})
              .groupby("outlet")["size"].sum().rename("size").to_frame()
              .assign(sources=sources).reset_index()
              .sort_values(["size", "outlet"], ascending=[False, True], kind="stable"))
    names = totals["outlet"].tolist()
    kept = names if len(names) <= max_rows else names[:max_rows - 1]
    rest = [n for n in names if n not in kept]
    label = {r.outlet: f"{r.outlet} ({r.sources} sources)" for r in totals.itertuples()}
    in_rest = int(totals.loc[totals["outlet"].isin(rest), "sources"].sum())
    others = f"others ({len(rest)} outlets, {in_rest} sources)"
    row = {o: label[o] if o in kept else others for o in names}
    order = [label[o] for o in kept] + ([others] if rest else [])
    return Groups("outlet", dict(zip(docs["doc_id"], outlet.map(row), strict=True)), order,
                  len(docs))


def _weighted_means(values: np.ndarray, weights: np.ndarray, draws: int,
                    rng: np.random.Generator) -> np.ndarray:
    """Weighted means of ``draws`` bootstrap resamples of the rows (sources)."""
    m = len(values)
    counts = rng.multinomial(m, np.full(m, 1 / m), size=draws).astype(float)
    total = counts @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        return (counts @ (values * weights)) / total


def pool(table: pd.DataFrame, groups: Groups, values: dict[str, tuple[str, str, str]], *,
         weight: str = "n", draws: int = POOL_DRAWS, seed: int = POOL_SEED) -> pd.DataFrame:
    """Per row of the figure and dimension: the ``weight``-weighted mean of each value column
    with its interval. ``values`` maps an output name to (value, low, high) columns of
    ``table``; a row with one source keeps that source's own interval."""
    rng = np.random.default_rng(seed)
    data = table.assign(row=table["doc_id"].map(groups.of))
    out = []
    for row in groups.order:
        part_row = data[data["row"] == row]
        for dim in dict.fromkeys(table["dimension"]):
            part = part_row[part_row["dimension"] == dim]
            w = part[weight].to_numpy(float)
            record: dict[str, object] = {"row": row, "dimension": dim, "sources": len(part),
                                         weight: float(w.sum())}
            for name, (value, low, high) in values.items():
                v = part[value].to_numpy(float)
                record[name] = float(np.sum(v * w) / w.sum()) if w.sum() > 0 else np.nan
                if len(part) == 1:
                    record[f"{name}_low"] = float(part[low].iloc[0])
                    record[f"{name}_high"] = float(part[high].iloc[0])
                else:
                    means = _weighted_means(v, w, draws, rng)
                    means = means[np.isfinite(means)]
                    record[f"{name}_low"] = float(np.quantile(means, 0.025))
                    record[f"{name}_high"] = float(np.quantile(means, 0.975))
            out.append(record)
    return pd.DataFrame(out)
