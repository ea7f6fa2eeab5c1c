"""`analysis verify`: identical rebuilds pass; drift, edits and missing files are named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from conftest import PROJECT

from analysis.cli import main
from analysis.pipeline import compare
from analysis.pipeline.runner import run_notebooks
from analysis.pipeline.verify import verify

TABLE = PROJECT / "reports" / "tables" / "attention_by_source_sentence.csv"
FIGURE = PROJECT / "reports" / "figures" / "fig1_attention_by_source_sentence.png"

WRITER = """
from pathlib import Path
import random
out = Path(out_dir); out.mkdir(parents=True, exist_ok=True)
value = random.Random(seed).random() if seed >= 0 else random.random()
(out / "draw.csv").write_text(f"seed,value\\n{seed},{value:.6f}\\n")
print(Path(codebook).read_text().splitlines()[0])
"""


def tiny_project(root: Path, seed: int) -> Path:
    """A project with one notebook that reads an input and writes one table."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"seed = {seed}\nout_dir = '../reports/tables'\n"
                                          "codebook = '../codebooks/tiny.yaml'"),
                nbformat.v4.new_code_cell(WRITER)]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "rb-analysis", "display_name": "rb", "language": "python"}
    for folder in ("notebooks", "config", "codebooks"):
        (root / folder).mkdir(parents=True)
    nbformat.write(nb, root / "notebooks" / "01_tiny.ipynb")
    (root / "codebooks" / "tiny.yaml").write_text("name: tiny\n", encoding="utf-8")
    config = root / "config" / "analysis.yml"
    config.write_text(yaml.safe_dump({"kernel": "rb-analysis", "timeout_seconds": 60,
                                      "notebooks": {"01_tiny": {"seed": seed}}}),
                      encoding="utf-8")
    run_notebooks(config)
    return config


def test_deterministic_project_verifies_and_records_its_inputs(tmp_path: Path) -> None:
    config = tiny_project(tmp_path, seed=7)
    manifest = json.loads((tmp_path / "reports" / "MANIFEST.json").read_text(encoding="utf-8"))
    entry = manifest["outputs"]["reports/tables/draw.csv"]
    assert entry["producer"] == "01_tiny"
    assert entry["parameters"] == {"seed": 7, "out_dir": "../reports/tables",
                                   "codebook": "../codebooks/tiny.yaml"}
    assert list(entry["inputs"]) == ["codebooks/tiny.yaml"]
    assert set(manifest["outputs"]) == {"reports/tables/draw.csv", "notebooks/01_tiny.ipynb",
                                        "reports/notebooks/01_tiny.html"}
    checks, report = verify(config)
    assert [c.status for c in checks] == ["identical"] * 3
    assert "3 identical" in report


def test_nondeterministic_output_fails_and_is_named(tmp_path: Path, capsys) -> None:
    config = tiny_project(tmp_path, seed=-1)  # unseeded draw: differs on every run
    assert main(["verify", "--config", str(config)]) == 1
    out = capsys.readouterr()
    assert "reports/tables/draw.csv" in out.out and "DIFFERS" in out.out
    assert "column 'value' row 0" in out.out
    assert "outputs do not match the manifest" in out.err


def test_edited_output_and_changed_input_are_reported(tmp_path: Path) -> None:
    config = tiny_project(tmp_path, seed=3)
    (tmp_path / "reports" / "tables" / "draw.csv").write_text("seed,value\n3,0.5\n")
    (tmp_path / "codebooks" / "tiny.yaml").write_text("name: changed\n", encoding="utf-8")
    checks, report = verify(config)
    by_name = {c.name: c for c in checks}
    assert by_name["reports/tables/draw.csv"].status == "stale"
    assert not by_name["reports/tables/draw.csv"].ok
    assert "inputs that differ from the manifest: codebooks/tiny.yaml" in report


def test_keep_directory_must_be_new(tmp_path: Path, capsys) -> None:
    config = tiny_project(tmp_path / "project", seed=1)
    existing = tmp_path / "exists"
    existing.mkdir()
    assert main(["verify", "--config", str(config), "--keep", str(existing)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_missing_manifest_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "config").mkdir()
    shutil.copy(PROJECT / "config" / "analysis.yml", tmp_path / "config" / "analysis.yml")
    assert main(["verify", "--config", str(tmp_path / "config" / "analysis.yml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "MANIFEST.json: no manifest" in err[0]


def test_table_numbers_within_tolerance(tmp_path: Path) -> None:
    frame = pd.read_csv(TABLE)
    nudged = frame.copy()
    column = next(c for c in frame.columns if pd.api.types.is_float_dtype(frame[c]))
    nudged.loc[2, column] += 0.00009  # below one unit of the 4th printed decimal
    path = tmp_path / "nudged.csv"
    nudged.to_csv(path, index=False)
    assert compare.compare_with_tolerance(TABLE, path).within_tolerance
    nudged.loc[2, column] += 0.001
    nudged.to_csv(path, index=False)
    verdict = compare.compare_with_tolerance(TABLE, path)
    assert not verdict.within_tolerance and f"column '{column}' row 2" in verdict.detail


def test_text_changes_are_never_tolerated(tmp_path: Path) -> None:
    frame = pd.read_csv(TABLE)
    frame.loc[0, "doc_id"] = 999
    path = tmp_path / "renamed.csv"
    frame.to_csv(path, index=False)
    assert not compare.compare_with_tolerance(TABLE, path).within_tolerance
    markdown = TABLE.with_suffix(".md")
    edited = tmp_path / "edited.md"
    lines = markdown.read_text(encoding="utf-8").splitlines()
    edited.write_text("\n".join([*lines[:3], "| changed |", *lines[4:]]) + "\n", encoding="utf-8")
    assert compare.compare_with_tolerance(markdown, edited).detail.startswith("line 4:")


def test_png_tolerates_antialiasing_but_not_a_changed_figure(tmp_path: Path) -> None:
    from matplotlib.image import imread, imsave

    pixels = imread(FIGURE)
    faint = pixels.copy()
    faint[:40, :40, :3] = (faint[:40, :40, :3] + 0.02).clip(0, 1)  # faint edge shift
    imsave(tmp_path / "faint.png", faint)
    assert compare.compare_png(FIGURE, tmp_path / "faint.png").within_tolerance
    changed = pixels.copy()
    changed[: pixels.shape[0] // 4, :, :3] = 0.0  # a quarter of the figure blacked out
    imsave(tmp_path / "changed.png", changed)
    assert not compare.compare_png(FIGURE, tmp_path / "changed.png").within_tolerance
    other = PROJECT / "reports" / "figures" / "fig2_composition_ternary_sentence.png"
    assert "image size" in compare.compare_png(FIGURE, other).detail


@pytest.mark.parametrize("suffix", [".parquet"])
def test_parquet_rows_compared_at_full_precision(tmp_path: Path, suffix: str) -> None:
    source = PROJECT / "data" / "processed" / "parse_report.parquet"
    frame = pd.read_parquet(source)
    column = next(c for c in frame.columns if pd.api.types.is_integer_dtype(frame[c]))
    frame[column] = frame[column].astype(float) + 1e-13
    frame.to_parquet(tmp_path / f"p{suffix}")
    assert compare.compare_with_tolerance(source, tmp_path / f"p{suffix}").within_tolerance
    frame[column] += 1
    frame.to_parquet(tmp_path / f"p{suffix}")
    assert not compare.compare_with_tolerance(source, tmp_path / f"p{suffix}").within_tolerance
