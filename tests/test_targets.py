"""Issue 15's target checks: corrected shares against held-out gold shares, F1 against 0.85."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.coding.codebook import DEFAULT_CODEBOOK
from analysis.measure import weights
from analysis.measure.targets import F1_TARGET, corrected_against_gold, f1_targets, gold_shares
from analysis.validation.gold import load_validation_set

PROJECT = Path(__file__).resolve().parents[1]
VALIDATION = str(PROJECT / "data" / "validation")


def test_gold_shares_are_the_heldout_means_per_source() -> None:
    gold = load_validation_set(VALIDATION).gold
    held = gold[gold["split"] == "heldout"]
    shares = gold_shares(VALIDATION, ["military"]).set_index("doc_id")
    for doc_id, group in held.groupby("doc_id"):
        assert shares.loc[doc_id, "gold_share"] == pytest.approx(group["military"].mean())
        assert shares.loc[doc_id, "gold_n"] == len(group)


def test_corrected_intervals_are_checked_against_gold() -> None:
    processed = PROJECT / "data" / "processed"
    if not (processed / "sentences.parquet").exists():
        pytest.fail("run `python -m analysis parse` first")
    prep = weights.prepare(processed, DEFAULT_CODEBOOK)
    settings = weights.Settings(dimensions=["economic", "military", "information", "political"],
                                unit="sentence", time_axis="referenced", period="Y",
                                anchoring_rule="paragraph", bootstrap_draws=200, seed=5,
                                min_n=20)
    table = corrected_against_gold(prep, settings, VALIDATION, j_min=0.5)
    assert len(table) == 15 and set(table["dimension"]) == {"economic", "military",
                                                           "information"}
    inside = (table["corrected_ci_low"] <= table["gold_share"]) & (
        table["gold_share"] <= table["corrected_ci_high"])
    assert table["contains"].equals(inside)
    assert ((table["miss_pp"] == 0) == table["contains"]).all()
    miss = table[~table["contains"]]
    gap = 100 * (miss["gold_share"] - miss["corrected_ci_high"]).clip(lower=0) + 100 * (
        miss["corrected_ci_low"] - miss["gold_share"]).clip(lower=0)
    assert miss["miss_pp"].to_numpy() == pytest.approx(gap.to_numpy())


def test_f1_targets_report_the_shortfall() -> None:
    held = pd.DataFrame({"method": ["m", "m", "m", "m"],
                         "dimension": ["economic", "military", "information", "political"],
                         "f1": [0.9, 0.77, 0.85, 0.2], "f1_low": 0.0, "f1_high": 1.0})
    out = f1_targets(held).set_index("dimension")
    assert "political" not in out.index  # context only, not a target
    assert out["met"].to_dict() == {"economic": True, "military": False, "information": True}
    assert out.loc["military", "shortfall"] == pytest.approx(F1_TARGET - 0.77)
