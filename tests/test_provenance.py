"""reports/MANIFEST.json: every output listed with the right checksum, producer and inputs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import PROJECT

from analysis.ingest.corpus import sha256_of
from analysis.pipeline import provenance

MANIFEST = json.loads((PROJECT / "reports" / "MANIFEST.json").read_text(encoding="utf-8"))
OUTPUT_GLOBS = ["data/processed/*.parquet", "reports/tables/*", "reports/figures/*",
                "reports/notebooks/*.html", "notebooks/*.ipynb"]


def test_every_output_on_disk_is_in_the_manifest_with_its_checksum() -> None:
    """Interactive notebooks (config `interactive`) are not run, so they are no output."""
    import yaml

    config = yaml.safe_load((PROJECT / "config" / "analysis.yml").read_text(encoding="utf-8"))
    interactive = {f"notebooks/{name}.ipynb" for name in config.get("interactive", {})}
    on_disk = sorted(p.relative_to(PROJECT).as_posix() for pattern in OUTPUT_GLOBS
                     for p in PROJECT.glob(pattern)
                     if p.relative_to(PROJECT).as_posix() not in interactive)
    assert sorted(MANIFEST["outputs"]) == on_disk
    for name, entry in MANIFEST["outputs"].items():
        assert entry["sha256"] == sha256_of(PROJECT / name), name


def test_producers_and_parameters_match_the_run_config() -> None:
    import yaml

    config = yaml.safe_load((PROJECT / "config" / "analysis.yml").read_text(encoding="utf-8"))
    coding = ["analysis code --corpus"] if "code" in config else []
    assert list(MANIFEST["steps"]) == ["analysis parse", *coding, *config["notebooks"]]
    outputs = MANIFEST["outputs"]
    assert outputs["reports/figures/fig1_attention_by_source_sentence.png"]["producer"] == \
        "03_weights_over_time"
    assert outputs["reports/tables/validation_targets.csv"]["producer"] == "04_validation"
    assert outputs["data/processed/sentences.parquet"]["producer"] == "analysis parse"
    for name in ("codes", "matches"):
        entry = outputs[f"data/processed/{name}.parquet"]
        assert entry["producer"] == "analysis code --corpus"
        assert entry["parameters"]["codebook"] == config["code"]["codebook"]
        assert config["code"]["codebook"] in entry["inputs"]
    for entry in outputs.values():
        if entry["producer"] not in ("analysis parse", "analysis code --corpus"):
            # the runner also tells a notebook which parameters were given for this run
            given = {k: v for k, v in entry["parameters"].items() if k != "explicit_parameters"}
            assert given == config["notebooks"][entry["producer"]]


def test_input_checksums_agree_with_the_source_manifest() -> None:
    with (PROJECT / "data" / "raw" / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert MANIFEST["inputs"][f"data/raw/{row['file']}"] == row["sha256"]
    weights = MANIFEST["outputs"]["reports/tables/attention_by_source_sentence.csv"]["inputs"]
    import yaml

    config = yaml.safe_load((PROJECT / "config" / "analysis.yml").read_text(encoding="utf-8"))
    assert config["code"]["codebook"] in weights  # the configured codebook
    assert "data/raw/manifest.csv" in weights
    validation = MANIFEST["outputs"]["reports/tables/validation_targets.csv"]["inputs"]
    assert "data/validation/adjudication.csv" in validation


def test_environment_is_recorded() -> None:
    assert MANIFEST["packages"]["pandas"] and MANIFEST["packages"]["python"]
    assert "pytest" not in MANIFEST["packages"]  # test and benchmark tools shape no output
    assert len(MANIFEST["git_commit"]) == 40
    assert MANIFEST["code_modified"] is False, "outputs were built from uncommitted code"


def test_snapshot_sees_rewritten_files_only(tmp_path: Path) -> None:
    (tmp_path / "reports" / "tables").mkdir(parents=True)
    kept, rewritten = tmp_path / "reports/tables/a.csv", tmp_path / "reports/tables/b.csv"
    kept.write_text("x\n1\n")
    rewritten.write_text("x\n1\n")
    before = provenance.snapshot(tmp_path)
    replacement = tmp_path / "reports/tables/.b.tmp"
    replacement.write_text("x\n1\n")
    replacement.replace(rewritten)  # same bytes, new file: still counts as written
    (tmp_path / "reports/tables/c.md").write_text("new\n")
    after = provenance.snapshot(tmp_path)
    assert provenance.written_between(before, after) == ["reports/tables/b.csv",
                                                         "reports/tables/c.md"]


def test_notebook_hash_ignores_outputs_and_injected_parameters(tmp_path: Path) -> None:
    nb = json.loads((PROJECT / "notebooks" / "02_code.ipynb").read_text(encoding="utf-8"))
    original = provenance.notebook_source_sha256(PROJECT / "notebooks" / "02_code.ipynb")
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell["source"] = "unit = 'paragraph'\n"
    path = tmp_path / "02_code.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert provenance.notebook_source_sha256(path) == original
    nb["cells"][-1]["source"] = "print('changed')\n"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert provenance.notebook_source_sha256(path) != original


def test_unreadable_manifest_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "MANIFEST.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(provenance.AnalysisError, match=r"MANIFEST\.json: not a valid manifest"):
        provenance.read_manifest(bad)
    with pytest.raises(provenance.AnalysisError, match=r"run `analysis run` first"):
        provenance.read_manifest(tmp_path / "missing.json")
