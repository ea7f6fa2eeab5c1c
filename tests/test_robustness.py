"""Leave-one-term-out and codebook edits on the real corpus."""

from __future__ import annotations

import pytest

from analysis.coding import corpus_coding
from analysis.coding.codebook import load_codebook, without_entry
from analysis.coding.matcher import find_matches
from analysis.core.errors import AnalysisError
from analysis.measure import robustness, weights


def test_without_entry_drops_only_that_term() -> None:
    codebook = load_codebook()
    text = "Russian oil and gas for the energy market"
    before = {m.entry_id for m in find_matches(text, codebook) if m.dimension == "economic"}
    after = {m.entry_id for m in find_matches(text, without_entry(codebook, "economic", "oil"))
             if m.dimension == "economic"}
    assert before == {"oil", "energy"}  # "oil and gas" is one oil pattern: gas is inside it
    assert after == {"gas", "energy"}  # without oil, the shorter term it covered counts again
    with pytest.raises(AnalysisError, match="no entry 'no_such_term'"):
        without_entry(codebook, "economic", "no_such_term")


def test_leave_one_term_out_equals_a_full_recode(prep: weights.Prepared) -> None:
    loo = robustness.leave_one_term_out(prep, ["military"])
    biggest = robustness.most_influential_terms(loo).set_index("doc_id")
    doc_id = "003"
    term = biggest.loc[doc_id, "term"]
    reduced = without_entry(prep.codebook, "military", term)
    sentences = prep.coded[prep.coded["doc_id"] == doc_id]
    recoded, _ = corpus_coding.code_sentences(sentences.drop(columns=list(
        prep.codebook.dimension_names)), reduced)
    full = recoded["military"].mean()
    assert biggest.loc[doc_id, "share_without"] == pytest.approx(full)
    assert biggest.loc[doc_id, "change_pp"] < 0
    assert (loo["change_pp"] <= 0).all()  # removing a term never adds a sentence
