"""`analysis run`: config checks, parameter checks, failures named, volatile metadata gone."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import PROJECT

from analysis.core.errors import AnalysisError
from analysis.pipeline.runner import load_config, parse_override, run_notebooks


def make_project(tmp_path: Path, cells: list[str], params: dict) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "rb-analysis", "display_name": "rb", "language": "python"}
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / "99_tiny.ipynb")
    (tmp_path / "config").mkdir()
    config = tmp_path / "config" / "analysis.yml"
    config.write_text(yaml.safe_dump({"kernel": "rb-analysis", "timeout_seconds": 60,
                                      "notebooks": {"99_tiny": params}}), encoding="utf-8")
    return config


def test_every_notebook_is_in_the_run_order_and_the_test_run() -> None:
    config = load_config(PROJECT / "config" / "analysis.yml")
    on_disk = sorted(p.stem for p in (PROJECT / "notebooks").glob("*.ipynb"))
    assert sorted([*config["notebooks"], *config["interactive"]]) == on_disk
    ini = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'testpaths = ["tests", "notebooks"]' in ini
    assert "python -m pytest --nbval" in (PROJECT / "Makefile").read_text(encoding="utf-8")


def test_interactive_notebook_is_refused_with_its_reason(tmp_path) -> None:
    config = make_project(tmp_path, ["seed = 1"], {"seed": 2})
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**data, "interactive": {"07_tool": "needs a person"}}),
                      encoding="utf-8")
    with pytest.raises(AnalysisError, match=r"--notebook 07_tool: interactive, not run by "
                                            r"`analysis run` \(needs a person\)"):
        run_notebooks(config, only=["07_tool"])


def test_unknown_parameter_is_an_error(tmp_path) -> None:
    config = make_project(tmp_path, ["seed = 1", "print(seed)"], {"sed": 2})
    with pytest.raises(AnalysisError, match=r"notebook 99_tiny: unknown parameter 'sed' "
                                            r"\(declared: seed\)"):
        run_notebooks(config)


def test_wrong_type_is_an_error(tmp_path) -> None:
    config = make_project(tmp_path, ["seed = 1", "print(seed)"], {"seed": "one"})
    with pytest.raises(AnalysisError, match=r"parameter 'seed' must be int, got str 'one'"):
        run_notebooks(config)


def test_failing_cell_is_named_and_run_stops(tmp_path) -> None:
    config = make_project(tmp_path, ["seed = 1", "x = 1", "raise ValueError('bad seed')"],
                          {"seed": 2})
    with pytest.raises(AnalysisError, match=r"notebook 99_tiny.ipynb: cell 4 \(raise ValueError\('bad seed'\)\): "
                       r"ValueError: bad seed"):
        run_notebooks(config)
    assert not (tmp_path / "reports" / "notebooks" / "99_tiny.html").exists()


def test_successful_run_strips_volatile_metadata(tmp_path) -> None:
    config = make_project(tmp_path, ["seed = 1", "print(seed * 2)"], {})
    run_notebooks(config, overrides=["99_tiny:seed=21"])
    nb = nbformat.read(tmp_path / "notebooks" / "99_tiny.ipynb", as_version=4)
    assert nb.metadata["papermill"] == {"parameters": {"seed": 21}}
    assert all("execution" not in c.metadata and "papermill" not in c.metadata
               for c in nb.cells)
    assert nb.cells[-1].outputs[0]["text"] == "42\n"
    assert (tmp_path / "reports" / "notebooks" / "99_tiny.html").exists()


def test_printed_lines_sent_in_pieces_are_one_output(tmp_path) -> None:
    """The kernel flushes stdout at its own times (a busy machine splits a loop of prints);
    the executed notebook keeps one stream output either way, so verify sees the same bytes."""
    cell = ("import sys, time\nprint('first')\nsys.stdout.flush()\ntime.sleep(0.5)\n"
            "print('second', file=sys.stderr)\nsys.stderr.flush()\ntime.sleep(0.5)\n"
            "print('third')\nsys.stdout.flush()\ntime.sleep(0.5)\nprint('fourth')")
    config = make_project(tmp_path, ["seed = 1", cell], {})
    run_notebooks(config)
    outputs = nbformat.read(tmp_path / "notebooks" / "99_tiny.ipynb", as_version=4).cells[-1].outputs
    assert [(o["name"], o["text"]) for o in outputs] == [
        ("stdout", "first\n"), ("stderr", "second\n"), ("stdout", "third\nfourth\n")]


@pytest.mark.parametrize("text", ["seed=1", "99_tiny:=1", ":seed=1"])
def test_malformed_override(text: str) -> None:
    with pytest.raises(AnalysisError, match="expected NOTEBOOK:NAME=VALUE"):
        parse_override(text)


def test_run_executes_the_paired_text_and_keeps_the_pair_in_sync(tmp_path) -> None:
    import jupytext

    from analysis.pipeline.notebook_pair import out_of_sync

    config = make_project(tmp_path, ["seed = 1", "print(seed * 2)"], {"seed": 4})
    notebook = tmp_path / "notebooks" / "99_tiny.ipynb"
    text = notebook.with_suffix(".py")
    run_notebooks(config)
    assert text.exists() and out_of_sync(notebook) == []
    # An edit made in the text (as in an editor or JupyterLab) is what the next run executes.
    edited = text.read_text(encoding="utf-8").replace("print(seed * 2)", "print(seed * 3)")
    text.write_text(edited, encoding="utf-8")
    assert out_of_sync(notebook) == ["cell 2: 99_tiny.ipynb and 99_tiny.py differ"]
    run_notebooks(config)
    nb = nbformat.read(notebook, as_version=4)
    assert nb.cells[-1].outputs[0]["text"] == "12\n"
    assert out_of_sync(notebook) == []
    assert [c["id"] for c in nb.cells] == ["cell-00", "injected-parameters", "cell-01"]
    assert jupytext.read(text).cells[-1].source == "print(seed * 3)"


def test_a_notebook_is_told_which_parameters_the_user_set_for_this_run(tmp_path) -> None:
    cells = ["seed = 1\nexplicit_parameters = []", "print(sorted(explicit_parameters))"]
    config = make_project(tmp_path, cells, {"seed": 3})
    run_notebooks(config)
    nb = nbformat.read(tmp_path / "notebooks" / "99_tiny.ipynb", as_version=4)
    assert nb.cells[-1].outputs[0]["text"] == "[]\n"  # the config alone names nothing
    run_notebooks(config, overrides=["99_tiny:seed=5"])
    nb = nbformat.read(tmp_path / "notebooks" / "99_tiny.ipynb", as_version=4)
    assert nb.cells[-1].outputs[0]["text"] == "['seed']\n"
