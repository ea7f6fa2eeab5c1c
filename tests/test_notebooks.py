"""Every notebook is in the run order, in the nbval run and paired with its text; no stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.pipeline.notebook_pair import out_of_sync, paired_text
from analysis.pipeline.runner import load_config

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((PROJECT / "notebooks").glob("[0-9]*.ipynb"))


def test_every_notebook_is_in_the_run_order_and_vice_versa() -> None:
    """Interactive notebooks are listed apart, each with the reason `analysis run` skips it."""
    config = load_config(PROJECT / "config" / "analysis.yml")
    listed = [*config["notebooks"], *config["interactive"]]
    assert [p.stem for p in NOTEBOOKS] == sorted(listed)
    assert not set(config["notebooks"]) & set(config["interactive"])
    assert all(isinstance(r, str) and r for r in config["interactive"].values())


def test_nbval_collects_the_notebooks_folder() -> None:
    text = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'testpaths = ["tests", "notebooks"]' in text
    assert "--nbval-lax" not in text and "nbval-lax" not in (PROJECT / "Makefile").read_text()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_with_outputs_and_no_stderr(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert any(c.get("outputs") for c in code), "notebook has no outputs"
    stderr = [c["id"] for c in code for o in c.get("outputs", [])
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert stderr == []
    tags = [c.get("metadata", {}).get("tags", []) for c in code]
    assert ["parameters"] in tags
    assert nb["metadata"]["kernelspec"]["name"] == "rb-analysis"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_its_paired_text_are_in_sync(path: Path) -> None:
    assert paired_text(path).exists(), f"{path.stem}.py (jupytext py:percent) is missing"
    assert out_of_sync(path) == []


def test_no_generator_scripts_hold_a_second_copy_of_notebook_text() -> None:
    assert not list(PROJECT.glob("tools/make_*.py"))
