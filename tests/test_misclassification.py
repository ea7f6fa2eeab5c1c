"""Error-corrected shares: the estimator against hand computations, the flags, and the
simulation study of interval coverage (fixed seed, stated tolerance)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import PROJECT
from sklearn.metrics import confusion_matrix

from analysis.coding.codebook import load_codebook
from analysis.measure import misclassification as mc
from analysis.measure.simulation import Scenario, coverage_study
from analysis.validation.gold import dictionary_codes, load_validation_set

CODEBOOK = PROJECT / "codebooks" / "integration-v1.1.yaml"


def units(codes: list[int], paragraphs: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": "x", "x": codes,
                         "paragraph_id": paragraphs or [f"p{i}" for i in range(len(codes))]})


def rates(gold: list[int], coded: list[int]) -> mc.ErrorRates:
    return mc.ErrorRates(("x",), np.array(gold)[:, None], np.array(coded)[:, None])


def test_rogan_gladen_by_hand() -> None:
    # observed .19 = .7 × .15 + (1 − .9) × .85, so the true share is .15
    assert mc.rogan_gladen(0.19, 0.7, 0.9) == pytest.approx(0.15)
    assert mc.rogan_gladen(0.3, 0.8, 0.9) == pytest.approx(0.2 / 0.7)
    assert mc.rogan_gladen(0.05, 0.8, 0.9) == 0.0  # below the false-positive floor: clipped
    assert mc.rogan_gladen(0.99, 0.8, 0.9) == 1.0
    assert np.isnan(mc.rogan_gladen(0.3, 0.4, 0.5))  # J ≤ 0: no correction exists


def test_error_rates_match_an_independent_confusion_matrix() -> None:
    gold = load_validation_set(PROJECT / "data" / "validation").gold
    held = gold[gold["split"] == "heldout"].reset_index(drop=True)
    coded = dictionary_codes(held["text"], load_codebook(CODEBOOK))
    table = mc.ErrorRates.from_frames(held, coded, ["military", "information"]).table()
    for row in table.itertuples():
        tn, fp, fn, tp = confusion_matrix(held[row.dimension], coded[row.dimension],
                                          labels=[0, 1]).ravel()
        assert (row.tp, row.fn, row.tn, row.fp) == (tp, fn, tn, fp)
        assert row.sensitivity == pytest.approx(tp / (tp + fn))
        assert row.specificity == pytest.approx(tn / (tn + fp))
    military = table.set_index("dimension").loc["military"]
    assert (military.tp, military.fn, military.tn, military.fp) == (27, 4, 107, 12)


def test_corrected_share_and_flags_by_hand() -> None:
    # validation: 10 positives (8 found), 20 negatives (2 false alarms): se .8, sp .9
    r = rates([1] * 10 + [0] * 20, [1] * 8 + [0] * 2 + [1] * 2 + [0] * 18)
    row = mc.corrected_shares(units([1] * 3 + [0] * 7), ["doc_id"], r, draws=200,
                              min_n=20).iloc[0]
    assert (row.n, row.k, row.raw_share) == (10, 3, 0.3)
    assert row.sensitivity == pytest.approx(0.8) and row.specificity == pytest.approx(0.9)
    assert row.corrected_share == pytest.approx((0.3 + 0.9 - 1) / 0.7)
    assert not row.unstable and not row.clipped and row.small_cell
    low = mc.corrected_shares(units([1] + [0] * 39), ["doc_id"], r, draws=200).iloc[0]
    assert low.corrected_share == 0.0 and low.clipped  # .025 < 1 − sp
    weak = rates([1] * 10 + [0] * 20, [1] * 6 + [0] * 4 + [1] * 6 + [0] * 14)  # J = .3
    assert mc.corrected_shares(units([1] * 3 + [0] * 7), ["doc_id"], weak,
                               draws=200).iloc[0].unstable


def test_perfect_coder_leaves_only_sampling_error() -> None:
    perfect = rates([1] * 20 + [0] * 30, [1] * 20 + [0] * 30)
    frame = units([1] * 12 + [0] * 28)
    row = mc.corrected_shares(frame, ["doc_id"], perfect, draws=4000, seed=1).iloc[0]
    assert row.corrected_share == pytest.approx(row.raw_share) and row.raw_share == 0.3
    # the interval is then the paragraph-bootstrap interval of the raw share: close to Wilson
    assert row.corrected_ci_low == pytest.approx(row.raw_ci_low, abs=0.05)
    assert row.corrected_ci_high == pytest.approx(row.raw_ci_high, abs=0.05)


def test_validation_uncertainty_widens_the_interval() -> None:
    frame = units([1] * 60 + [0] * 140)
    small = rates([1] * 8 + [0] * 12, [1] * 7 + [0] + [1] + [0] * 11)
    large = rates([1] * 80 + [0] * 120, [1] * 70 + [0] * 10 + [1] * 10 + [0] * 110)
    narrow = mc.corrected_shares(frame, ["doc_id"], large, draws=2000).iloc[0]
    wide = mc.corrected_shares(frame, ["doc_id"], small, draws=2000).iloc[0]
    assert narrow.corrected_share == pytest.approx(wide.corrected_share)
    assert (wide.corrected_ci_high - wide.corrected_ci_low) > \
        1.5 * (narrow.corrected_ci_high - narrow.corrected_ci_low)


def test_same_seed_same_intervals() -> None:
    r = rates([1] * 10 + [0] * 20, [1] * 8 + [0] * 2 + [1] * 2 + [0] * 18)
    frame = units([1] * 9 + [0] * 21)
    first = mc.corrected_shares(frame, ["doc_id"], r, draws=500, seed=7)
    pd.testing.assert_frame_equal(first, mc.corrected_shares(frame, ["doc_id"], r, draws=500,
                                                             seed=7))


def test_simulation_corrected_intervals_reach_nominal_coverage() -> None:
    """300 replications per scenario, seed 20211104. Tolerance: corrected coverage within
    [0.92, 0.98] (95 % ± about 2.4 binomial standard errors); the raw interval, centred on
    the biased observed share, covers the truth in under 60 % of replications."""
    study = coverage_study([Scenario(0.15, 0.70, 0.90), Scenario(0.30, 0.87, 0.90)],
                           replications=300, draws=1000, seed=20211104)
    assert study["corrected_coverage"].between(0.92, 0.98).all(), study
    assert (study["raw_coverage"] < 0.60).all(), study
    assert (abs(study["corrected_mean"] - study["true_share"]) < 0.01).all()
