"""Composition: log-ratio algebra, the 95 % region, and the multinomial-logit time model on
data with a known change."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.measure import compositional as comp

parts = st.floats(min_value=0.01, max_value=1.0)


@given(parts, parts, parts)
def test_ilr_round_trip(a: float, b: float, c: float) -> None:
    x = comp.closure(np.array([a, b, c]))
    np.testing.assert_allclose(comp.ilr_inverse(comp.ilr(x)), x, rtol=1e-9)


def test_ilr_is_an_isometry() -> None:
    # Aitchison distance between two compositions equals Euclidean distance in ilr space
    x, y = np.array([0.2, 0.3, 0.5]), np.array([0.6, 0.1, 0.3])
    clr = lambda v: np.log(v) - np.log(v).mean()  # noqa: E731
    assert np.linalg.norm(comp.ilr(x) - comp.ilr(y)) == pytest.approx(
        np.linalg.norm(clr(x) - clr(y)))


def test_log_ratios_by_hand() -> None:
    draws = {"a": np.array([[0.2, 0.4, 0.4], [0.3, 0.3, 0.4], [0.0, 0.5, 0.5]])}
    point = {"a": np.array([0.25, 0.25, 0.5])}
    table = comp.pairwise_log_ratios(draws, point, ["e", "m", "i"]).set_index("log_ratio")
    assert table.loc["log(e/i)", "estimate"] == pytest.approx(np.log(0.5))
    assert table.loc["log(e/m)", "undefined_draws"] == pytest.approx(1 / 3)
    assert table.loc["log(m/i)", "undefined_draws"] == 0


def test_region_surrounds_the_draws() -> None:
    rng = np.random.default_rng(3)
    z = rng.multivariate_normal([0.3, -0.2], [[0.05, 0.01], [0.01, 0.03]], size=4000)
    region = comp.confidence_region(comp.ilr_inverse(z))
    assert region.shape == (120, 3)
    np.testing.assert_allclose(region.sum(axis=1), 1)
    # ~95 % of the draws fall inside the ellipse: check through the radius in ilr space
    centre, cov = z.mean(axis=0), np.cov(z, rowvar=False)
    d2 = np.einsum("ij,jk,ik->i", z - centre, np.linalg.inv(cov), z - centre)
    edge = comp.ilr(region) - centre
    radius2 = np.einsum("ij,jk,ik->i", edge, np.linalg.inv(cov), edge)
    chi2_95 = 5.991464547107979  # 95 % quantile of chi-square with 2 df
    assert radius2 == pytest.approx(np.full(120, chi2_95), rel=1e-9)
    assert (d2 <= chi2_95).mean() == pytest.approx(0.95, abs=0.01)
    assert comp.confidence_region(np.array([[0.0, 0.5, 0.5]] * 20)) is None


def synthetic_codes(slope: float, seed: int, sources: int = 40) -> pd.DataFrame:
    """Units of ``sources`` sources published over 2015–2022 (one date per source) whose one
    code follows a known multinomial logit in time."""
    rng = np.random.default_rng(seed)
    source_years = rng.uniform(-6, 2, size=sources)
    source_of = np.arange(3000) % sources
    years = source_years[source_of]
    logits = np.stack([np.zeros_like(years), 0.3 + slope * years, -0.2 - 0.5 * slope * years],
                      axis=1)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    category = np.array([rng.choice(3, p=p) for p in probs])
    dates = (pd.Timestamp("2021-01-01") + pd.to_timedelta(years * 365.25, unit="D"))
    frame = pd.DataFrame({"doc_id": [f"s{k:03d}" for k in source_of],
                          "when": dates.strftime("%Y-%m-%d")})
    for j, dim in enumerate(["military", "economic", "information"]):
        frame[dim] = (category == j).astype(int)
    return frame


def test_composition_model_recovers_a_known_change() -> None:
    fit = comp.composition_trend(synthetic_codes(0.4, 1), ["economic", "military",
                                                            "information"], "when",
                                 axis="test").set_index("log_ratio")
    econ, info = fit.loc["log(economic/military)"], fit.loc["log(information/military)"]
    assert econ.ci_low < 0.4 < econ.ci_high and info.ci_low < -0.2 < info.ci_high
    assert econ.wald_p < 1e-6 and econ.codes == 3000 and econ.sources == 40


def test_composition_model_with_too_few_sources_is_not_estimable() -> None:
    fit = comp.composition_trend(synthetic_codes(0.4, 1, sources=5),
                                 ["economic", "military", "information"], "when", axis="test")
    assert fit["result"].tolist() == ["not estimable: 5 sources"] * 2
    assert "p" not in fit.columns


def test_composition_model_without_change() -> None:
    fit = comp.composition_trend(synthetic_codes(0.0, 2), ["economic", "military",
                                                            "information"], "when",
                                 axis="test")
    assert (fit["ci_low"] < 0).all() and (fit["ci_high"] > 0).all()


def test_unknown_base_is_an_error() -> None:
    with pytest.raises(comp.AnalysisError, match="composition base 'political'"):
        comp.composition_trend(synthetic_codes(0.0, 2), ["economic", "military"], "when",
                               base="political", axis="test")
