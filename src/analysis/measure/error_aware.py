"""The pipeline behind notebook 06: error rates from the held-out validation half (pooled, or
per source with partial pooling), corrected shares per source and per period, the corrected
composition, and its change over time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.coding.codebook import Codebook
from analysis.core.errors import AnalysisError
from analysis.measure import compositional, metrics, misclassification
from analysis.measure.weights import Prepared, Settings, units_for, with_published_mid
from analysis.validation.folder import load_gold
from analysis.validation.gold import dictionary_codes


def heldout_error_rates(validation_dir: Path | str, codebook: Codebook, dims: list[str], *,
                        split: str = "heldout",
                        group_column: str | None = "doc_id") -> misclassification.ErrorRates:
    """The dictionary's codes against the gold labels of a validation folder (the seeds' set
    or one made by ``analysis validate sample``), on one split: ``heldout`` (the half the
    codebook was never tuned on), ``dev`` or ``all``. Sampling weights and strata of a
    stratified sample are kept; ``group_column`` labels each sentence for per-group rates."""
    gold = load_gold(validation_dir)
    held = gold if split == "all" else gold[gold["split"] == split]
    held = held.reset_index(drop=True)
    if held.empty:
        raise AnalysisError(f"{validation_dir}: sample.csv has no {split!r} rows")
    if group_column is not None and group_column not in held:
        raise AnalysisError(f"{validation_dir}: sample.csv has no column {group_column!r} "
                            "for error rates by group")
    return misclassification.ErrorRates.from_frames(
        held, dictionary_codes(held["text"], codebook), dims, group_column=group_column)


def corrected_tables(prep: Prepared, s: Settings, rates: misclassification.ErrorRates, *,
                     j_min: float, draws_out: dict,
                     rates_by: str | None = None) -> dict[str, pd.DataFrame]:
    """Raw and corrected shares per source, per period and per source × period, with the
    coverage (share of units no dimension claims) of the same groups.

    ``rates_by="doc_id"``: per-source error rates with partial pooling (tables by source
    and by source × period; the table by period, which mixes sources, uses the pooled
    rates); ``out["rates_by_group"]`` then holds each source's own and pooled rates."""
    if s.unit != "sentence":
        raise AnalysisError("unit: error rates were measured on sentences; use unit: sentence")
    if rates_by not in (None, "doc_id"):
        raise AnalysisError(f"error_rates_by: {rates_by!r} must be 'doc_id' or none")
    units = units_for(prep, s)
    docs = prep.documents
    out: dict[str, pd.DataFrame] = {"units": units}
    pooled: dict = {}
    for name, by in (("by_source", ["doc_id"]), ("by_period", ["period"]),
                     ("by_source_period", ["doc_id", "period"])):
        table = misclassification.corrected_shares(
            units, by, rates, draws=s.bootstrap_draws, seed=s.seed, j_min=j_min,
            min_n=s.min_n, draws_out=draws_out if name == "by_source" else None,
            rates_by=rates_by, pooled_out=pooled if name == "by_source" else None)
        cover = metrics.coverage(units, s.dimensions, by, documents=docs)
        table = table.merge(cover[[*by, "unclaimed_share"]], on=by, how="left")
        out[name] = metrics.order_groups(table, by, docs)
        out[f"coverage_{name}"] = cover
    if "rates" in pooled:
        out["rates_by_group"] = rates_by_group_table(pooled["rates"].detail)
    return out


def rates_by_group_table(detail: pd.DataFrame) -> pd.DataFrame:
    """One row per source × dimension: effective n, own and partially pooled sensitivity
    and specificity, the pooled rates and the prior strength m behind each."""
    wide = detail.pivot_table(index=["group", "dimension"], columns="rate",
                              values=["effective_n", "own_rate", "partially_pooled",
                                      "pooled_rate", "prior_strength"], sort=False)
    wide.columns = [f"{rate}_{value}" for value, rate in wide.columns]
    order = [f"{r}_{v}" for r in ("se", "sp") for v in ("effective_n", "own_rate",
                                                        "partially_pooled", "pooled_rate",
                                                        "prior_strength")]
    return wide[order].reset_index().rename(columns={"group": "doc_id"})


def corrected_composition(table: pd.DataFrame, draws: dict, dims: list[str],
                          integration: list[str]) -> dict:
    """Corrected composition per source (point, bootstrap cloud, 95 % region, log-ratios)."""
    cols = [dims.index(d) for d in integration]
    points, clouds, regions = {}, {}, {}
    for doc_id, values in draws.items():
        shares = table[table["doc_id"] == doc_id].set_index("dimension")["corrected_share"]
        points[doc_id] = compositional.closure(shares.loc[integration].to_numpy(float))
        clouds[doc_id] = compositional.closure(values[:, cols])
        clouds[doc_id] = clouds[doc_id][np.isfinite(clouds[doc_id]).all(axis=1)]
        regions[doc_id] = compositional.confidence_region(clouds[doc_id])
    frame = pd.DataFrame(points, index=integration).T
    ratios = compositional.pairwise_log_ratios(clouds, points, integration)
    return {"points": frame, "clouds": clouds, "regions": regions,
            "log_ratios": ratios.rename(columns={"group": "doc_id"})}


def composition_trends(prep: Prepared, units: pd.DataFrame, integration: list[str],
                       base: str) -> pd.DataFrame:
    """The multinomial-logit composition model on publication and on referenced time."""
    placed = with_published_mid(units, prep.documents)
    return pd.concat([
        compositional.composition_trend(placed, integration, "published_mid", base=base,
                                        axis="published"),
        compositional.composition_trend(units, integration, "ref_start", base=base,
                                        axis="referenced")], ignore_index=True)


def side_by_side(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """A readable view: raw and corrected share with intervals, and the flags, per cell."""
    def fmt(point: pd.Series, low: pd.Series, high: pd.Series) -> pd.Series:
        return [f"{p:.3f} [{lo:.3f}, {hi:.3f}]" for p, lo, hi in zip(point, low, high,
                                                                     strict=True)]
    flags = [", ".join(name for name, on in (("unstable", u), ("clipped", c),
                                              ("small cell", s)) if on)
             for u, c, s in zip(table["unstable"], table["clipped"], table["small_cell"],
                                strict=True)]
    return table[[*by, "dimension", "n"]].assign(
        raw=fmt(table["raw_share"], table["raw_ci_low"], table["raw_ci_high"]),
        corrected=fmt(table["corrected_share"], table["corrected_ci_low"],
                      table["corrected_ci_high"]),
        unclaimed=table["unclaimed_share"].round(3), flags=flags)
