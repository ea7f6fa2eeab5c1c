"""Figures stay readable and small from five sources to five hundred (issue 14.2)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import synthetic
from conftest import PROJECT
from PIL import Image

from analysis.measure import weights
from analysis.report import figures, figures_error, figures_time
from analysis.report.grouping import MAX_SOURCES, display_groups, pool
from analysis.report.style import apply_style, save_figure

matplotlib.use("Agg")
MAX_PIXELS = 3000
MAX_SVG_BYTES = 2_000_000


def all_figures(data: synthetic.Synthetic) -> dict:
    """Every per-source and time figure of notebooks 03 and 06, built on ``data``."""
    labels = figures.source_labels(data.documents)
    sizes = data.documents.set_index("doc_id")["n_sentences"]
    return {
        "fig1": lambda: figures.attention_bars(data.attention, data.documents),
        "fig2": lambda: figures.ternary(data.points, data.clouds, synthetic.INTEGRATION,
                                        labels, sizes=sizes),
        "fig3": lambda: figures_time.referenced_spans(data.by_period, 20),
        "fig4": lambda: figures.heatmap(data.attention, data.documents),
        "fig5": lambda: figures.timeline(data.mentions, data.documents),
        "fig6": lambda: figures_error.raw_vs_corrected(data.corrected, data.coverage,
                                                       data.documents),
        "fig7": lambda: figures.ternary(data.points, data.clouds, synthetic.INTEGRATION,
                                        labels, regions=data.regions, sizes=sizes),
        "fig8": lambda: figures_time.publication_trend(data.attention, data.documents,
                                                       "military"),
    }


@pytest.fixture(scope="module")
def saved_500(tmp_path_factory: pytest.TempPathFactory) -> Path:
    apply_style()
    out = tmp_path_factory.mktemp("fig500")
    for name, build in all_figures(synthetic.make(500)).items():
        fig = build()
        save_figure(fig, name, out)
        matplotlib.pyplot.close(fig)
    return out


@pytest.mark.parametrize("name", [f"fig{i}" for i in range(1, 9)])
def test_every_figure_stays_small_at_500_sources(saved_500: Path, name: str) -> None:
    with Image.open(saved_500 / f"{name}.png") as image:
        assert max(image.size) < MAX_PIXELS, f"{name}.png is {image.size}"
    assert (saved_500 / f"{name}.svg").stat().st_size < MAX_SVG_BYTES


def test_figures_are_byte_identical_when_drawn_twice(tmp_path: Path) -> None:
    apply_style()
    data = synthetic.make(60, n_outlets=20, seed=3)
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        for name in ("fig1", "fig5", "fig6", "fig8"):
            fig = all_figures(data)[name]()
            save_figure(fig, name, tmp_path / run)
            matplotlib.pyplot.close(fig)
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_rows_are_sources_up_to_the_limit_then_outlets_then_others() -> None:
    small = synthetic.make(MAX_SOURCES, n_outlets=3)
    groups = display_groups(small.documents)
    assert not groups.pooled and len(groups.order) == MAX_SOURCES
    many = synthetic.make(200, n_outlets=5)
    groups = display_groups(many.documents)
    assert groups.pooled and len(groups.order) == many.documents["outlet"].nunique()
    assert sum(int(r.split("(")[1].split()[0]) for r in groups.order) == 200
    crowded = synthetic.make(500, n_outlets=40)
    groups = display_groups(crowded.documents)
    assert len(groups.order) == MAX_SOURCES and groups.order[-1].startswith("others (")
    outlets_left = crowded.documents["outlet"].nunique() - (MAX_SOURCES - 1)
    assert groups.order[-1].startswith(f"others ({outlets_left} outlets")
    # the named outlets are the largest by sentences
    sizes = crowded.documents.groupby("outlet")["n_sentences"].sum().sort_values()
    smallest_named = min(sizes[o] for o in sizes.index
                         if groups.of[crowded.documents.loc[crowded.documents["outlet"] == o,
                                                            "doc_id"].iloc[0]] != groups.order[-1])
    assert smallest_named >= sizes.iloc[-MAX_SOURCES]


def test_pooled_share_counts_every_unit_once_and_its_interval_comes_from_sources() -> None:
    data = synthetic.make(100, n_outlets=4)
    groups = display_groups(data.documents)
    rows = pool(data.attention, groups, {"share": ("share", "ci_low", "ci_high")})
    attention = data.attention.assign(row=data.attention["doc_id"].map(groups.of))
    truth = attention.groupby(["row", "dimension"])[["k", "n"]].sum()
    for r in rows.itertuples():
        k, n = truth.loc[(r.row, r.dimension)]
        assert r.share == pytest.approx(k / n)
        assert r.share_low <= r.share <= r.share_high
    again = pool(data.attention, groups, {"share": ("share", "ci_low", "ci_high")})
    pd.testing.assert_frame_equal(rows, again)


def test_local_linear_trend_reproduces_a_straight_line() -> None:
    x = np.linspace(0, 1500, 40)
    y = 0.1 + 0.0003 * x
    w = np.linspace(5, 50, 40)
    grid, fit, low, high = figures_time.trend_band(x, y, w, draws=50, seed=1)
    np.testing.assert_allclose(fit, 0.1 + 0.0003 * grid, atol=1e-9)
    assert np.all(low <= fit + 1e-9) and np.all(fit <= high + 1e-9)


@pytest.mark.parametrize(("label", "start", "end"), [
    ("1990s", "1990-01-01", "2000-01-01"), ("2020", "2020-01-01", "2021-01-01"),
    ("2020-08", "2020-08-01", "2020-09-01"), ("2021Q4", "2021-10-01", "2022-01-01"),
    ("2021H2", "2021-07-01", "2022-01-01"), ("2014–2020", "2014-01-01", "2021-01-01")])
def test_period_labels_become_spans_of_their_own_length(label: str, start: str,
                                                        end: str) -> None:
    assert figures_time.period_bounds(label) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.fixture(scope="module")
def seeds() -> dict:
    prep = weights.prepare(PROJECT / "data" / "processed",
                           PROJECT / "codebooks" / "integration-v1.1.yaml")
    settings = weights.Settings(dimensions=synthetic.DIMS, bootstrap_draws=50)
    return {"prep": prep, "results": weights.headline(prep, settings)}


def test_five_seeds_draw_points_and_say_no_trend_is_estimated(seeds: dict) -> None:
    fig = figures_time.publication_trend(seeds["results"]["attention"],
                                         seeds["prep"].documents, "economic")
    ax = fig.axes[0]
    assert "5 sources" in ax.get_title() and "no trend estimated" in ax.get_title()
    assert not ax.lines and not ax.collections[5:]  # five outlet point sets, no band
    assert sum(len(c.get_offsets()) for c in ax.collections) == 5


def test_seed_periods_are_pooled_over_sources_on_a_date_axis(seeds: dict) -> None:
    by_period = seeds["results"]["attention_by_period"]
    pooled = figures_time.pooled_periods(by_period)
    anchored = by_period[by_period["period"] != "unanchored"]
    assert pooled["n"].sum() == anchored["n"].sum()
    assert set(pooled["period"]) == set(anchored["period"])
    decade = pooled[pooled["period"] == "2010s"].iloc[0]
    assert (decade["end"] - decade["start"]).days == 3652  # 2012 and 2016 are leap years
    fig = figures_time.referenced_spans(by_period, 20)
    assert len(fig.axes) == 5  # four dimensions and the units per period, not one per source
