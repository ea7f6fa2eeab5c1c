"""What drives a shift: exact additive term contributions, and codebook version changes,
on the real corpus."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import PROJECT

from analysis.coding.codebook import load_codebook
from analysis.core.errors import AnalysisError
from analysis.measure import shifts, weights

V10 = PROJECT / "codebooks" / "integration-v1.yaml"
V11 = PROJECT / "codebooks" / "integration-v1.1.yaml"


@pytest.fixture(scope="module")
def prep() -> weights.Prepared:
    return weights.prepare(PROJECT / "data" / "processed", V11)


@pytest.fixture(scope="module")
def units(prep) -> pd.DataFrame:
    return weights.units_for(prep, weights.Settings(dimensions=["economic", "military",
                                                                "information", "political"]))


def test_contributions_add_up_to_the_gap(prep, units) -> None:
    table = shifts.term_contributions(units, prep.audit, "economic", "doc_id", "002", "003")
    share = units.groupby("doc_id")["economic"].mean()
    assert table["contribution"].sum() == pytest.approx(share["002"] - share["003"])
    assert table["share_a"].sum() == pytest.approx(share["002"])
    assert table["gap"].iloc[0] == pytest.approx(share["002"] - share["003"])
    # ranked by size; 002 (LibMod) talks subsidies, 003 barely: the largest pull
    assert table["contribution"].abs().is_monotonic_decreasing
    assert table.iloc[0]["entry_id"] == "subsidy"


def test_a_sentence_with_two_terms_splits_its_credit(prep, units) -> None:
    credit = shifts.term_credit(units, prep.audit, "military")
    per_sentence = credit.groupby("sentence_id")["credit"].sum()
    assert per_sentence.round(12).eq(1).all()
    coded = set(units.loc[units["military"] == 1, "sentence_id"])
    assert set(per_sentence.index) == coded
    shared = credit.groupby("sentence_id").size()
    assert (shared > 1).any()  # some sentences are coded by more than one entry


def test_tiny_gap_has_no_share_of_gap(prep, units) -> None:
    table = shifts.term_contributions(units, prep.audit, "information", "period", "2021",
                                      "2020")
    assert abs(table["gap"].iloc[0]) < shifts.MIN_GAP
    assert table["share_of_gap"].isna().all()


def test_unknown_group_is_named(prep, units) -> None:
    with pytest.raises(AnalysisError, match="no doc_id 999"):
        shifts.term_contributions(units, prep.audit, "economic", "doc_id", "002", "999")


def test_codebook_versions_diff(prep) -> None:
    old, new = load_codebook(V10), load_codebook(V11)
    dims = ["economic", "military", "information", "political"]
    changed, table = shifts.codebook_changes(prep.tables["sentences"], old, new, dims)
    assert {"code_1.0.0", "code_1.1.0", "matches_1.0.0", "matches_1.1.0"} <= set(changed)
    flips = changed.groupby("dimension").size()
    assert flips["political"] > 100  # v1.1 widened the political residual
    row = table.set_index(["doc_id", "dimension"]).loc[("002", "economic")]
    assert row["change"] == pytest.approx(row["share_1.1.0"] - row["share_1.0.0"])
    assert row["lost"] == 3 and row["gained"] == 0
    # every weight change is explained by the listed sentences
    for (doc_id, dim), r in table.set_index(["doc_id", "dimension"]).iterrows():
        listed = changed[(changed["doc_id"] == doc_id) & (changed["dimension"] == dim)]
        assert len(listed) == r["gained"] + r["lost"]
        assert r["change"] * r["n"] == pytest.approx(r["gained"] - r["lost"])


def test_contrasts_are_stacked_and_checked(prep, units) -> None:
    table = shifts.contributions_for(units, prep.audit, [["economic", "002", "003"],
                                                          ["military", "001", "002"]], "doc_id")
    assert list(dict.fromkeys(zip(table["dimension"], table["a"], table["b"], strict=True))) \
        == [("economic", "002", "003"), ("military", "001", "002")]
    with pytest.raises(AnalysisError, match=r"expected \[dimension, a, b\]"):
        shifts.contributions_for(units, prep.audit, [["economic", "002"]], "doc_id")
