"""Contrasts naming sources or periods the corpus lacks (issue 14.2)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import PROJECT

from analysis.core.errors import AnalysisError
from analysis.measure import metrics, weights
from analysis.measure.contrasts import largest_gap, resolve_contrasts

DIMS = ["economic", "military", "information", "political"]
CONFIGURED = [["economic", "002", "003"], ["military", "001", "002"]]


@pytest.fixture(scope="module")
def by_source() -> pd.DataFrame:
    """The seeds' per-source shares, as notebook 06 computes them."""
    prep = weights.prepare(PROJECT / "data" / "processed",
                           PROJECT / "codebooks" / "integration-v1.1.yaml")
    units = weights.units_for(prep, weights.Settings(dimensions=DIMS))
    table = metrics.attention(units, DIMS, ["doc_id"], documents=prep.documents)
    return table.rename(columns={"share": "raw_share"})


def test_named_sources_present_are_kept(by_source: pd.DataFrame) -> None:
    resolved, notes = resolve_contrasts(CONFIGURED, by_source, "doc_id", parameter="p",
                                        explicit=True, min_n=20)
    assert resolved == CONFIGURED and notes == []


def test_config_sources_absent_from_a_corpus_become_its_largest_gap(
        by_source: pd.DataFrame) -> None:
    renamed = by_source.assign(doc_id="b0001_" + by_source["doc_id"])
    resolved, notes = resolve_contrasts(CONFIGURED, renamed, "doc_id",
                                        parameter="source_contrasts", explicit=False, min_n=20)
    economic = renamed[renamed["dimension"] == "economic"].set_index("doc_id")["raw_share"]
    assert resolved[0] == ["economic", economic.idxmax(), economic.idxmin()]
    assert economic[resolved[0][1]] > economic[resolved[0][2]]
    assert len(notes) == 2 and "002, 003 not in this corpus" in notes[0]


def test_absent_sources_named_for_this_run_are_a_one_line_error(
        by_source: pd.DataFrame) -> None:
    renamed = by_source.assign(doc_id="b0001_" + by_source["doc_id"])
    with pytest.raises(AnalysisError, match=r"^source_contrasts: no doc_id 002, 003 in this "
                                            r"corpus \(5 known: b0001_000, .*\)$"):
        resolve_contrasts(CONFIGURED, renamed, "doc_id", parameter="source_contrasts",
                          explicit=True, min_n=20)


def test_small_groups_do_not_make_the_gap_unless_nothing_else_qualifies() -> None:
    table = pd.DataFrame({"period": ["2019", "2020", "2021", "unanchored"],
                          "dimension": "military", "n": [40, 2, 30, 500],
                          "raw_share": [0.2, 0.9, 0.5, 0.0]})
    assert largest_gap(table, "period", "military", min_n=20) == ("2021", "2019")
    assert largest_gap(table, "period", "military", min_n=100) == ("2020", "2019")
    assert largest_gap(table.iloc[:1], "period", "military", min_n=1) is None


def test_a_dimension_alone_asks_for_the_data_s_own_contrast(by_source: pd.DataFrame) -> None:
    resolved, notes = resolve_contrasts([["military"], ["economic"]], by_source, "doc_id",
                                        parameter="source_contrasts", explicit=True, min_n=20)
    military = by_source[by_source["dimension"] == "military"].set_index("doc_id")["raw_share"]
    assert resolved[0] == ["military", military.idxmax(), military.idxmin()]
    assert notes[0].startswith("source_contrasts: military contrast from the data (largest gap)")
    with pytest.raises(AnalysisError, match=r"expected \[dimension\] or \[dimension, a, b\]"):
        resolve_contrasts([["military", "000"]], by_source, "doc_id", parameter="p",
                          explicit=False, min_n=20)
