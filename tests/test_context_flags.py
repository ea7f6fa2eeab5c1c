"""Context-only dimensions are flagged in every table and figure, from the codebook's role
(issue 15.2): another codebook's context dimension is flagged instead, none flags nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
import synthetic
from conftest import PROJECT
from matplotlib import pyplot as plt
from matplotlib.container import BarContainer

from analysis.coding.codebook import Codebook, load_codebook
from analysis.core.errors import AnalysisError
from analysis.measure import error_aware, weights
from analysis.report import figures, figures_error, figures_time, flag_dimensions, save_table
from analysis.report.flags import CONTEXT_FACE, CONTEXT_LABEL
from analysis.report.style import apply_style

matplotlib.use("Agg")
V12 = load_codebook(PROJECT / "codebooks" / "integration-v1.2.yaml")
V11 = load_codebook(PROJECT / "codebooks" / "integration-v1.1.yaml")  # no role: context


@pytest.fixture(scope="module")
def info_context(tmp_path_factory: pytest.TempPathFactory) -> Codebook:
    """v1.2.0 rewritten so that information, not political, is the context dimension."""
    text = (PROJECT / "codebooks" / "integration-v1.2.yaml").read_text(encoding="utf-8")
    text = text.replace("    role: context  # reported as context only, flagged (v1.2.0)\n", "")
    text = text.replace("  information:\n", "  information:\n    role: context\n", 1)
    path = tmp_path_factory.mktemp("cb") / "info-context.yaml"
    path.write_text(text, encoding="utf-8")
    codebook = load_codebook(path)
    assert codebook.context_dimensions == ["information"]
    return codebook


LONG = pd.DataFrame({"doc_id": ["a", "a", "a"],
                     "dimension": ["economic", "information", "political"],
                     "share": [0.1, 0.2, 0.8]})
WIDE = pd.DataFrame({"doc_id": ["a"], "economic": [0.1], "information": [0.2],
                     "political": [0.8]})
RATIOS = pd.DataFrame({"log_ratio": ["log(economic/military)", "log(information/military)"],
                       "estimate": [0.1, -0.2]})


def test_the_flag_follows_the_codebooks_role_not_the_name(info_context: Codebook) -> None:
    long = flag_dimensions(LONG, info_context)
    assert list(long.columns) == ["doc_id", "dimension", "role", "share"]  # role after it
    assert long["role"].tolist() == ["integration", CONTEXT_LABEL, "integration"]
    assert list(flag_dimensions(WIDE, info_context).columns) == [
        "doc_id", "economic", "information (context only)", "political"]
    assert flag_dimensions(RATIOS, info_context)["role"].tolist() == ["integration",
                                                                      CONTEXT_LABEL]
    seeds = flag_dimensions(LONG, V12)
    assert seeds["role"].tolist() == ["integration", "integration", CONTEXT_LABEL]
    assert "political (context only)" in flag_dimensions(WIDE, V12).columns
    twice = flag_dimensions(flag_dimensions(WIDE, V12), V12)
    assert list(twice.columns) == list(flag_dimensions(WIDE, V12).columns)  # idempotent


def test_a_codebook_without_a_context_dimension_flags_nothing() -> None:
    assert V11.context_dimensions == []
    assert set(flag_dimensions(LONG, V11)["role"]) == {"integration"}
    assert list(flag_dimensions(WIDE, V11).columns) == list(WIDE.columns)
    assert set(flag_dimensions(RATIOS, V11)["role"]) == {"integration"}


def test_save_table_flags_and_refuses_an_unflagged_dimension_table(tmp_path: Path,
                                                                    info_context) -> None:
    with pytest.raises(AnalysisError, match="table shares: it has a dimension per row; pass "
                                            "codebook="):
        save_table(LONG, "shares", tmp_path)
    assert not (tmp_path / "shares.csv").exists()
    save_table(LONG, "shares", tmp_path, codebook=info_context, latex=True)
    saved = pd.read_csv(tmp_path / "shares.csv")
    assert saved.set_index("dimension").at["information", "role"] == CONTEXT_LABEL
    assert "| information | context only (flagged) |" in (tmp_path / "shares.md").read_text()
    save_table(WIDE, "wide", tmp_path, codebook=info_context, latex=True)
    assert "information (context only)" in (tmp_path / "wide.md").read_text()
    assert "information (context only)" in (tmp_path / "wide.tex").read_text()
    save_table(WIDE, "plain", tmp_path)  # no dimension per row: nothing to refuse


def test_the_seeds_tables_carry_the_flag_for_political(prep, tmp_path: Path) -> None:
    """The tables notebooks 03 and 06 write, computed from the seeds, saved as they save them."""
    dims = ["economic", "military", "information", "political"]
    s = weights.Settings(dimensions=dims, bootstrap_draws=50)
    results = weights.headline(prep, s)
    rates = error_aware.heldout_error_rates(PROJECT / "data" / "validation", prep.codebook,
                                            dims)
    corrected = error_aware.corrected_tables(prep, s, rates, j_min=0.5, draws_out={},
                                             rates_by="doc_id")
    long = {"attention": results["attention"], "corrected": corrected["by_source"],
            "rates": corrected["rates_by_group"], "trends": weights.trends(prep, s)}
    for name, table in long.items():
        save_table(table, name, tmp_path, codebook=prep.codebook)
        saved = pd.read_csv(tmp_path / f"{name}.csv")
        roles = saved.drop_duplicates("dimension").set_index("dimension")["role"]
        assert roles.to_dict() == {"economic": "integration", "military": "integration",
                                   "information": "integration", "political": CONTEXT_LABEL}
    save_table(weights.descriptive_by_source(prep, s), "descriptive", tmp_path,
               codebook=prep.codebook)
    header = pd.read_csv(tmp_path / "descriptive.csv").columns
    assert "political (context only)" in header and "political" not in header


def texts(fig: plt.Figure) -> list[str]:
    """Every piece of text a reader sees in a figure (titles, labels, ticks, legends)."""
    found = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return [t.replace("\n", " ") for t in found if t]


def context_figures(data: synthetic.Synthetic, context: tuple[str, ...]) -> dict:
    labels = figures.source_labels(data.documents)
    return {
        "fig1": figures.attention_bars(data.attention, data.documents, context=context),
        "fig2": figures.ternary(data.points, data.clouds, synthetic.INTEGRATION, labels,
                                context=context),
        "fig3": figures_time.referenced_spans(data.by_period, 20, context=context),
        "fig4": figures.heatmap(data.attention, data.documents, context=context),
        "fig6": figures_error.raw_vs_corrected(data.corrected, data.coverage, data.documents,
                                               context=context),
        "fig8": figures_time.publication_trend(data.attention, data.documents, "information",
                                               context=context),
    }


DRAWS_ALL_DIMENSIONS = ("fig1", "fig3", "fig4", "fig6")  # fig2: integration; fig8: information


@pytest.mark.parametrize("codebook", ["info_context", "v12", "v11"])
def test_figures_mark_the_codebooks_context_dimension(codebook: str, request) -> None:
    apply_style()
    cb = {"v12": V12, "v11": V11}.get(codebook) or request.getfixturevalue(codebook)
    context = tuple(cb.context_dimensions)
    data = synthetic.make(6, n_outlets=3)
    for name, fig in context_figures(data, context).items():
        seen = " | ".join(texts(fig)).lower()
        for dim in synthetic.DIMS:
            flag = f"{dim} (context only)"
            if dim in context:  # every mention of it carries the flag ...
                assert re.search(rf"{dim}(?! \(context only\))", seen) is None, (name, seen)
                drawn = name in DRAWS_ALL_DIMENSIONS or (dim == "information"
                                                         and name in ("fig2", "fig8"))
                assert (flag in seen) == drawn, (name, dim)
            else:  # ... and nothing else is flagged
                assert flag not in seen, (name, dim)
        plt.close(fig)
    if "information" in context:  # marked visibly, not only in words
        fig = figures.attention_bars(data.attention, data.documents, context=context)
        bars = [c for c in fig.axes[0].containers if isinstance(c, BarContainer)]
        assert [all(b.get_hatch() for b in c) for c in bars] == [False, False, True, False]
        panels = figures_error.raw_vs_corrected(data.corrected, data.coverage, data.documents,
                                                context=context)
        faces = [matplotlib.colors.to_hex(ax.get_facecolor()) for ax in panels.axes]
        assert [f == CONTEXT_FACE.lower() for f in faces] == [False, False, True, False]
        plt.close("all")


NOTEBOOKS_WITH_A_CODEBOOK = ["02_code", "03_weights_over_time", "04_validation",
                             "05_robustness", "06_error_aware_weights"]
FIGURES_WITH_DIMENSIONS = {"attention_bars", "heatmap", "ternary", "referenced_spans",
                           "publication_trend", "raw_vs_corrected"}


@pytest.mark.parametrize("stem", NOTEBOOKS_WITH_A_CODEBOOK)
def test_every_table_and_figure_of_a_notebook_gets_the_codebooks_roles(stem: str) -> None:
    """Each save_table call passes codebook=, each figure that draws dimensions context=."""
    tree = ast.parse((PROJECT / "notebooks" / f"{stem}.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]

    def name(call: ast.Call) -> str:
        f = call.func
        return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")

    saves = [c for c in calls if name(c) == "save_table"]
    drawn = [c for c in calls if name(c) in FIGURES_WITH_DIMENSIONS]
    assert saves
    assert all("codebook" in {k.arg for k in c.keywords} for c in saves), stem
    assert all("context" in {k.arg for k in c.keywords} for c in drawn), stem
