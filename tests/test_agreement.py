"""Agreement statistics against values computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.validation.agreement import (
    bootstrap_intervals,
    cohen_kappa,
    dictionary_vs_gold,
    human_agreement,
    krippendorff_alpha,
    precision_recall_f1,
    weights_side_by_side,
)

A = np.array([1, 1, 0, 0, 1, 0, 1, 0, 0, 0])
B = np.array([1, 0, 0, 0, 1, 0, 1, 1, 0, 0])


def test_cohen_kappa_by_hand() -> None:
    # observed 8/10; each coder says 1 four times: expected .4*.4 + .6*.6 = .52
    assert cohen_kappa(A, B) == pytest.approx((0.8 - 0.52) / (1 - 0.52))


def test_krippendorff_alpha_by_hand() -> None:
    # coincidences o11=6, o00=10, o01=o10=2; n1=8, n0=12, n=20
    d_observed = 4 / 20
    d_expected = 2 * 8 * 12 / (20 * 19)
    assert krippendorff_alpha(A, B) == pytest.approx(1 - d_observed / d_expected)


def test_precision_recall_f1_by_hand() -> None:
    # gold A, predicted B: TP 3, FP 1, FN 1
    assert precision_recall_f1(A, B) == pytest.approx((0.75, 0.75, 0.75))


def test_degenerate_codings() -> None:
    zeros = np.zeros(5, dtype=int)
    assert cohen_kappa(zeros, zeros) == 1.0
    assert krippendorff_alpha(zeros, zeros) == 1.0
    assert precision_recall_f1(zeros, zeros) == (0.0, 0.0, 0.0)


def test_bootstrap_interval_contains_the_estimate_and_is_seeded() -> None:
    rng = np.random.default_rng(1)
    gold = rng.integers(0, 2, 200)
    pred = np.where(rng.random(200) < 0.85, gold, 1 - gold)
    one = bootstrap_intervals(gold, pred, draws=300, seed=7)
    two = bootstrap_intervals(gold, pred, draws=300, seed=7)
    assert one == two
    low, high = one["f1"]
    assert low < precision_recall_f1(gold, pred)[2] < high


def test_tables_have_one_row_per_dimension() -> None:
    gold = pd.DataFrame({"doc_id": ["x"] * 5 + ["y"] * 5, "economic": A, "military": B})
    pred = gold.assign(military=A)
    human = human_agreement(gold, pred, ["economic", "military"])
    assert human["kappa"].tolist() == pytest.approx([1.0, cohen_kappa(B, A)])
    dvg = dictionary_vs_gold(gold, pred, ["economic", "military"], draws=50, seed=1)
    assert dvg.loc[1, "f1"] == pytest.approx(0.75)
    weights = weights_side_by_side(gold, pred, ["military"])
    # source x: gold B[:5] = 1,0,0,0,1 (40 %), predicted A[:5] = 1,1,0,0,1 (60 %)
    assert weights.loc[0, "difference_pp"] == pytest.approx(20.0)
    # source y: gold B[5:] = 0,1,1,0,0 (40 %), predicted A[5:] = 0,1,0,0,0 (20 %)
    assert weights.loc[1, "difference_pp"] == pytest.approx(-20.0)
