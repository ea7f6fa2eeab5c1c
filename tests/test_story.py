"""The answer reports/index.html opens with, read off the result tables (issue 14.3)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import synthetic
from conftest import PROJECT

from analysis.report.flags import CONTEXT_LABEL, dimension_label
from analysis.report.grouping import short_outlet
from analysis.report.story import context_of, headline_figures, story

TABLES = PROJECT / "reports" / "tables"


def test_the_seeds_story_names_who_weighs_each_dimension_most() -> None:
    attention = pd.read_csv(TABLES / "attention_by_source_sentence.csv", dtype={"doc_id": str})
    sources = pd.read_csv(TABLES / "corpus_sources.csv", dtype={"doc_id": str})
    text = " ".join(story(TABLES))
    assert text.startswith(f"{len(sources)} sources from ")
    context = context_of(attention)  # the table's role column (none in tables made before it)
    for dim, rows in attention.groupby("dimension"):
        top = rows.sort_values("share", ascending=False).iloc[0]
        outlet = short_outlet(sources.set_index("doc_id").at[top["doc_id"], "outlet"])
        assert (f"{dimension_label(dim, context)} in {top['doc_id']} · {outlet} "
                f"({top['share']:.0%};") in text
    assert "not estimates for the outlets' wider output" in text  # five sources: descriptive


def write_tables(tmp_path: Path, data: synthetic.Synthetic, trends: pd.DataFrame) -> Path:
    data.attention.to_csv(tmp_path / "attention_by_source_sentence.csv", index=False)
    data.documents.assign(outlet=data.documents["outlet"]).to_csv(
        tmp_path / "corpus_sources.csv", index=False)
    trends.to_csv(tmp_path / "trend_models.csv", index=False)
    return tmp_path


def test_many_sources_are_told_by_outlet_and_a_missing_trend_says_why(tmp_path: Path) -> None:
    data = synthetic.make(300, n_outlets=9)
    trends = pd.DataFrame({"axis": "published", "dimension": synthetic.DIMS,
                           "odds_ratio_per_month": float("nan"), "p_holm": float("nan"),
                           "note": "not estimable: 5 sources"})
    text = " ".join(story(write_tables(tmp_path, data, trends)))
    assert "by outlet (sources pooled)" in text and "s0" not in text
    pooled = data.attention.assign(outlet=data.attention["doc_id"].map(
        data.documents.set_index("doc_id")["outlet"].map(short_outlet)))
    military = pooled[pooled["dimension"] == "military"].groupby("outlet")[["k", "n"]].sum()
    best = (military["k"] / military["n"]).idxmax()
    assert f"military in {best} (" in text
    assert ("Whether the weights move with publication date cannot be said: "
            "not estimable: 5 sources.") in text


def test_a_clear_trend_is_stated_with_its_size(tmp_path: Path) -> None:
    data = synthetic.make(20, n_outlets=3)
    trends = pd.DataFrame({"axis": "published", "dimension": ["economic", "military", "information"],
                           "odds_ratio_per_month": [1.02, 1.0, 0.99], "p_holm": [0.001, 0.6, 0.0],
                           "note": ""})
    text = " ".join(story(write_tables(tmp_path, data, trends)))
    assert ("Along publication date: economic rises (+27% odds per year, Holm p = 0.001); "
            "information falls (-11% odds per year, Holm p < 0.0001); "
            "no clear trend for military.") in text


def test_headline_figures_come_in_a_fixed_order() -> None:
    names = ["reports/figures/fig1_attention_by_source_sentence.png",
             "reports/figures/fig8_trend_by_publication_date_military.svg",
             "reports/figures/fig3_shares_by_referenced_period_Y_sentence.png",
             "reports/figures/fig8_trend_by_publication_date_economic.png",
             "reports/figures/fig5_timeline_of_referenced_periods.png"]
    assert [Path(s).name for s in headline_figures(names)] == [
        "fig8_trend_by_publication_date_economic", "fig8_trend_by_publication_date_military",
        "fig3_shares_by_referenced_period_Y_sentence", "fig1_attention_by_source_sentence"]


def test_the_source_clustered_trend_table_is_read_too(tmp_path: Path) -> None:
    """The per-year schema with several models per dimension: the first model is read."""
    data = synthetic.make(20, n_outlets=3)
    trends = pd.DataFrame({"axis": "published", "dimension": ["economic"] * 2 + ["military"] * 2,
                           "model": ["gee_source_md", "quasi_binomial"] * 2,
                           "odds_ratio_per_year": [0.5, 0.5, 1.1, 1.1],
                           "p_holm": [0.01, 0.2, 0.3, 0.01], "note": ""})
    text = " ".join(story(write_tables(tmp_path, data, trends)))
    assert ("Along publication date: economic falls (-50% odds per year, Holm p = 0.01); "
            "no clear trend for military.") in text


def test_a_context_dimension_is_named_as_such_from_the_tables_role(tmp_path: Path) -> None:
    """The flag comes from the table's role column (the codebook's role), not a name."""
    data = synthetic.make(6, n_outlets=2)
    roles = {"economic": "integration", "military": CONTEXT_LABEL}
    flagged = data.attention.assign(role=data.attention["dimension"].map(roles).fillna(
        "integration"))
    trends = pd.DataFrame({"axis": "published", "dimension": ["economic", "military"],
                           "role": ["integration", CONTEXT_LABEL],
                           "odds_ratio_per_month": [1.02, 1.0], "p_holm": [0.001, 0.7],
                           "note": ""})
    write_tables(tmp_path, data, trends)
    flagged.to_csv(tmp_path / "attention_by_source_sentence.csv", index=False)
    text = " ".join(story(tmp_path))
    assert "military (context only) in " in text and "economic in " in text
    assert "(context only)" not in text.replace("military (context only)", "")
    assert "; no clear trend for military (context only)." in text
    data.attention.to_csv(tmp_path / "attention_by_source_sentence.csv", index=False)
    assert "(context only) in" not in " ".join(story(tmp_path))  # no role column: no flag
