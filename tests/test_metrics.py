"""Metrics and inference against hand computations, and their behaviour on simulated data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.measure import inference, metrics
from analysis.measure.periods import period_label, period_sort_key

Z = 1.959963984540054


def wilson_by_hand(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return centre - half, centre + half


@pytest.fixture
def tiny() -> pd.DataFrame:
    """Two sources, five sentences, three paragraphs."""
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "b"],
        "paragraph_id": ["a1", "a1", "a2", "b1", "b1"],
        "n_words": [10, 20, 30, 5, 15],
        "economic": [1, 0, 1, 0, 0], "military": [0, 1, 0, 1, 1],
        "information": [1, 0, 0, 0, 0], "political": [0, 0, 0, 0, 0],
        "n_economic": [2, 0, 1, 0, 0], "n_military": [0, 1, 0, 3, 1],
        "n_information": [1, 0, 0, 0, 0], "n_political": [0, 0, 0, 0, 0],
    })


def test_attention_share_and_wilson_interval_by_hand(tiny: pd.DataFrame) -> None:
    out = metrics.attention(tiny, ["economic", "military"], ["doc_id"], min_n=3)
    row = out[(out["doc_id"] == "a") & (out["dimension"] == "economic")].iloc[0]
    assert (row["n"], row["k"], row["share"]) == (3, 2, pytest.approx(2 / 3))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson_by_hand(2, 3), abs=1e-12)
    b = out[out["doc_id"] == "b"]
    assert b["small_cell"].all() and not out[out["doc_id"] == "a"]["small_cell"].any()


def test_intensity_is_terms_per_thousand_words(tiny: pd.DataFrame) -> None:
    out = metrics.intensity(tiny, ["economic", "military"], ["doc_id"]).set_index(
        ["doc_id", "dimension"])
    assert out.loc[("a", "economic"), "per_1000_words"] == pytest.approx(1000 * 3 / 60)
    assert out.loc[("b", "military"), "per_1000_words"] == pytest.approx(1000 * 4 / 20)


def test_composition_normalises_the_integration_codes(tiny: pd.DataFrame) -> None:
    out = metrics.composition(tiny, ["doc_id"], draws=200, seed=1).set_index(
        ["doc_id", "dimension"])
    # source a: economic 2, military 1, information 1 units → 1/2, 1/4, 1/4
    assert out.loc[("a", "economic"), "composition"] == pytest.approx(0.5)
    assert out.loc[("a", "military"), "composition"] == pytest.approx(0.25)
    assert out.loc[("b", "military"), "composition"] == pytest.approx(1.0)
    assert out.xs("a")["composition"].sum() == pytest.approx(1.0)


def test_composition_bootstrap_is_seeded(tiny: pd.DataFrame) -> None:
    draws: list[dict] = [{}, {}, {}]
    first = metrics.composition(tiny, ["doc_id"], draws=300, seed=7, draws_out=draws[0])
    again = metrics.composition(tiny, ["doc_id"], draws=300, seed=7, draws_out=draws[1])
    metrics.composition(tiny, ["doc_id"], draws=300, seed=8, draws_out=draws[2])
    pd.testing.assert_frame_equal(first, again)
    assert np.array_equal(draws[0]["a"], draws[1]["a"])
    assert not np.array_equal(draws[0]["a"], draws[2]["a"])


def test_coverage_counts_units_no_dimension_claims(tiny: pd.DataFrame) -> None:
    tiny.loc[1, "military"] = 0  # sentence a/2 now has no code
    out = metrics.coverage(tiny, ["economic", "military", "information"], ["doc_id"])
    assert out.set_index("doc_id").loc["a", "unclaimed_share"] == pytest.approx(1 / 3)


def test_wilson_intervals_reach_nominal_coverage_on_simulated_data() -> None:
    rng = np.random.default_rng(20211104)
    true_p, n, reps = 0.12, 60, 2000
    hits = 0
    for _ in range(reps):
        k = int(rng.binomial(n, true_p))
        frame = pd.DataFrame({"doc_id": "s", "economic": [1] * k + [0] * (n - k)})
        row = metrics.attention(frame, ["economic"], ["doc_id"]).iloc[0]
        hits += row["ci_low"] <= true_p <= row["ci_high"]
    assert 0.93 <= hits / reps <= 0.97  # nominal 0.95, Monte Carlo error ≈ 0.005


def test_cluster_bootstrap_covers_a_known_composition() -> None:
    """Clustered data (paragraphs share a topic): the paragraph bootstrap keeps coverage."""
    rng = np.random.default_rng(5)
    truth = np.array([0.2, 0.5, 0.3])
    reps, hits = 150, 0
    for _ in range(reps):
        rows = []
        for p in range(60):
            topic = rng.dirichlet(truth * 8)  # paragraph-level drift around the truth
            for _ in range(4):
                rows.append({"doc_id": "s", "paragraph_id": f"p{p}",
                             **dict(zip(metrics.INTEGRATION, rng.multinomial(1, topic),
                                        strict=True))})
        out = metrics.composition(pd.DataFrame(rows), ["doc_id"], draws=400,
                                  seed=int(rng.integers(1e9)))
        military = out[out["dimension"] == "military"].iloc[0]
        hits += military["ci_low"] <= truth[1] <= military["ci_high"]
    assert hits / reps >= 0.88  # nominal 0.95; percentile bootstrap runs a little short


def test_chi_square_against_hand_computation(tiny: pd.DataFrame) -> None:
    dims = ["economic", "military"]
    result = inference.source_dimension_chi2(tiny, dims)
    observed = np.array([[2, 1], [0, 2]], dtype=float)
    expected = observed.sum(1, keepdims=True) * observed.sum(0) / observed.sum()
    assert result["chi2"] == pytest.approx(((observed - expected) ** 2 / expected).sum())
    assert result["df"] == 1


@pytest.mark.parametrize("start, end, precision, freq, label", [
    ("2021-04-22", "2021-04-22", "day", "M", "2021-04"),
    ("2021-04-22", "2021-04-22", "day", "Q", "2021Q2"),
    ("2021-04-22", "2021-04-22", "day", "H", "2021H1"),
    ("2019-01-01", "2019-12-31", "year", "M", "2019"),      # never finer than stated
    ("2021-03-01", "2021-05-31", "season", "Q", "2021"),     # spring spans two quarters
    ("1990-01-01", "1999-12-31", "decade", "Y", "1990s"),
    ("2020-08-01", "2021-12-31", "range", "M", "2020"),      # ranges by their onset year
])
def test_period_labels(start: str, end: str, precision: str, freq: str, label: str) -> None:
    assert period_label(start, end, precision, freq) == label


def test_period_labels_sort_chronologically() -> None:
    labels = ["2021Q2", "unanchored", "1990s", "2019", "2014"]
    assert sorted(labels, key=period_sort_key) == ["1990s", "2014", "2019", "2021Q2",
                                                   "unanchored"]
