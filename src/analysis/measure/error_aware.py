"""The pipeline behind notebook 06: error rates from the held-out validation half, corrected
shares per source and per period, the corrected composition, and its change over time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.coding.codebook import Codebook
from analysis.core.errors import AnalysisError
from analysis.measure import compositional, metrics, misclassification
from analysis.measure.weights import Prepared, Settings, units_for, with_published_mid
from analysis.validation.gold import dictionary_codes, load_validation_set


def heldout_error_rates(validation_dir: Path | str, codebook: Codebook,
                        dims: list[str]) -> misclassification.ErrorRates:
    """The dictionary's codes against the gold labels on the held-out half only (the half
    the codebook was never tuned on)."""
    gold = load_validation_set(validation_dir).gold
    held = gold[gold["split"] == "heldout"].reset_index(drop=True)
    if held.empty:
        raise AnalysisError(f"{validation_dir}: sample.csv has no 'heldout' rows")
    return misclassification.ErrorRates.from_frames(held, dictionary_codes(held["text"],
                                                                           codebook), dims)


def corrected_tables(prep: Prepared, s: Settings, rates: misclassification.ErrorRates, *,
                     j_min: float, draws_out: dict) -> dict[str, pd.DataFrame]:
    """Raw and corrected shares per source, per period and per source × period, with the
    coverage (share of units no dimension claims) of the same groups."""
    if s.unit != "sentence":
        raise AnalysisError("unit: error rates were measured on sentences; use unit: sentence")
    units = units_for(prep, s)
    docs = prep.documents
    out: dict[str, pd.DataFrame] = {"units": units}
    for name, by in (("by_source", ["doc_id"]), ("by_period", ["period"]),
                     ("by_source_period", ["doc_id", "period"])):
        table = misclassification.corrected_shares(
            units, by, rates, draws=s.bootstrap_draws, seed=s.seed, j_min=j_min,
            min_n=s.min_n, draws_out=draws_out if name == "by_source" else None)
        cover = metrics.coverage(units, s.dimensions, by, documents=docs)
        table = table.merge(cover[[*by, "unclaimed_share"]], on=by, how="left")
        out[name] = metrics.order_groups(table, by, docs)
        out[f"coverage_{name}"] = cover
    return out


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
