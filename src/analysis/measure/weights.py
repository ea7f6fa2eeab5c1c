"""The weights pipeline behind notebooks 03, 05 and 06: code, place in time, measure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.coding.codebook import Codebook, load_codebook
from analysis.coding.corpus_codes import load_codes
from analysis.core.errors import AnalysisError
from analysis.ingest.overview import load_processed
from analysis.measure import events, metrics, periods, trend


@dataclass
class Prepared:
    """Processed tables, the codebook, and every sentence coded with it."""

    tables: dict[str, pd.DataFrame]
    codebook: Codebook
    coded: pd.DataFrame
    audit: pd.DataFrame

    @property
    def documents(self) -> pd.DataFrame:
        return self.tables["documents"]


@dataclass
class Settings:
    """The analysis choices a notebook exposes as parameters."""

    dimensions: list[str]
    unit: str = "sentence"
    time_axis: str = "referenced"
    period: str = "Y"
    anchoring_rule: str = "paragraph"
    interval_method: str = "wilson"
    bootstrap_draws: int = 2000
    seed: int = 20211104
    min_n: int = 20
    min_sources: int = trend.MIN_SOURCES
    min_dates: int = trend.MIN_DATES


def prepare(processed_dir: Path | str, codebook_path: Path | str) -> Prepared:
    """Load the processed corpus and its codes (computed once by ``analysis code --corpus``;
    coded here, in memory, when no codes of this codebook are on disk)."""
    codebook = load_codebook(codebook_path)
    tables = load_processed(processed_dir)
    codes = load_codes(processed_dir, codebook, tables["sentences"])
    return Prepared(tables, codebook, codes.coded_sentences(tables["sentences"]), codes.matches)


def check_dimensions(dimensions: list[str], codebook: Codebook) -> None:
    """Every requested dimension must be one the codebook defines."""
    unknown = [d for d in dimensions if d not in codebook.dimension_names]
    if unknown or not dimensions:
        raise AnalysisError(f"dimensions: {', '.join(unknown) or '(none given)'} not in the "
                            f"codebook (it defines {', '.join(codebook.dimension_names)})")


def units_for(prep: Prepared, s: Settings) -> pd.DataFrame:
    """Units of analysis with their period on the chosen time axis."""
    check_dimensions(s.dimensions, prep.codebook)
    placed = periods.assign_periods(prep.coded, prep.documents, prep.tables["mentions"],
                                    s.time_axis, s.period, s.anchoring_rule)
    return metrics.units_with_periods(placed, prep.codebook, s.unit)


def headline(prep: Prepared, s: Settings,
             draws_out: dict | None = None) -> dict[str, pd.DataFrame]:
    """Per-source attention, intensity, composition and coverage, the same per period, and
    the units they were computed on. ``draws_out`` receives the per-source composition
    bootstrap draws (see ``metrics.composition``)."""
    units = units_for(prep, s)
    docs = prep.documents
    by_source, by_period = ["doc_id"], ["doc_id", "period"]
    integration = tuple(d for d in s.dimensions if d in metrics.INTEGRATION)
    out = {
        "units": units,
        "attention": metrics.attention(units, s.dimensions, by_source, documents=docs,
                                       min_n=s.min_n, method=s.interval_method),
        "attention_by_period": metrics.attention(units, s.dimensions, by_period,
                                                 documents=docs, min_n=s.min_n,
                                                 method=s.interval_method),
        "intensity": metrics.intensity(units, s.dimensions, by_source, documents=docs),
        "intensity_by_period": metrics.intensity(units, s.dimensions, by_period,
                                                 documents=docs),
        "coverage": metrics.coverage(units, s.dimensions, by_source, documents=docs),
        "coverage_by_period": metrics.coverage(units, s.dimensions, by_period, documents=docs),
    }
    if len(integration) >= 2:
        for name, by, draws in (("composition", by_source, draws_out),
                                ("composition_by_period", by_period, None)):
            out[name] = metrics.composition(
                units, by, dims=integration, cluster="paragraph_id", draws=s.bootstrap_draws,
                seed=s.seed, documents=docs, min_n=s.min_n, draws_out=draws)
    return out


def with_published_mid(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``published_mid``: the middle of its source's publication interval."""
    dated = frame.merge(documents[["doc_id", "published_start", "published_end"]], on="doc_id")
    start = pd.to_datetime(dated["published_start"])
    dated["published_mid"] = (start + (pd.to_datetime(dated["published_end"]) - start) / 2
                              ).dt.strftime("%Y-%m-%d")
    return dated


def trends(prep: Prepared, s: Settings) -> pd.DataFrame:
    """Trend per dimension with the source as the cluster, on publication time (GEE with the
    Mancl–DeRouen correction, and the source-level quasi-binomial check) and on referenced
    time (anchored units; GEE clustered by source). Rows below the estimability rule say
    ``not estimable: N sources`` instead of a p-value."""
    check_dimensions(s.dimensions, prep.codebook)
    coded = with_published_mid(prep.coded, prep.documents)
    published = trend.trend_table(coded, s.dimensions, "published_mid", axis="published",
                                  min_sources=s.min_sources, min_dates=s.min_dates)
    placed = periods.assign_periods(prep.coded, prep.documents, prep.tables["mentions"],
                                    "referenced", s.period, s.anchoring_rule)
    referenced = trend.trend_table(placed, s.dimensions, "ref_start", axis="referenced",
                                   min_sources=s.min_sources, min_dates=s.min_dates)
    return pd.concat([published, referenced], ignore_index=True)


def descriptive_by_source(prep: Prepared, s: Settings) -> pd.DataFrame:
    """Per source in publication order: its date and the share of its units per dimension —
    what can be said about publication time when a trend cannot be tested."""
    units = units_for(prep, Settings(**{**s.__dict__, "time_axis": "published"}))
    docs = prep.documents.sort_values(["published_start", "doc_id"])
    shares = units.groupby("doc_id")[s.dimensions].mean().round(4)
    out = docs[["doc_id", "published", "date_precision"]].merge(
        units.groupby("doc_id").size().rename("units").reset_index(), on="doc_id")
    return out.merge(shares.reset_index(), on="doc_id")


def event_comparisons(prep: Prepared, s: Settings, named: list) -> pd.DataFrame:
    """Before/after each named event (``[[date, name], …]``), on both time axes; sentences
    are the units, as in ``trends``."""
    check_dimensions(s.dimensions, prep.codebook)
    parsed = events.parse_events(named)
    published = prep.coded.merge(
        prep.documents[["doc_id", "published_start", "published_end"]], on="doc_id")
    placed = periods.assign_periods(prep.coded, prep.documents, prep.tables["mentions"],
                                    "referenced", s.period, s.anchoring_rule)
    return events.event_table(published, placed, s.dimensions, parsed,
                              draws=s.bootstrap_draws, seed=s.seed)
