"""Notebooks as text: each ``NN_name.ipynb`` is paired with ``NN_name.py`` (jupytext py:percent).

The ``.py`` file is the one place a notebook's code and prose are written (diff-friendly,
reviewed like code); the ``.ipynb`` keeps the executed outputs for readers and nbval. Both
carry ``jupytext.formats: ipynb,py:percent``, so JupyterLab with jupytext saves both sides
of the pair whichever is opened. ``analysis run`` executes the text and writes both back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jupytext
import nbformat

from analysis.core.atomic import write_text_atomic
from analysis.core.errors import AnalysisError

PAIRED_FORMAT = "py:percent"
FORMATS = f"ipynb,{PAIRED_FORMAT}"


def paired_text(notebook: Path) -> Path:
    """The text file paired with a notebook."""
    return notebook.with_suffix(".py")


def read_source(notebook: Path) -> nbformat.NotebookNode:
    """A notebook's cells as written in its paired text (the ``.ipynb`` if it has none).

    Cell ids are numbered in order, so the executed notebook's bytes do not depend on
    random ids; a previous run's injected parameters are left out.
    """
    text = paired_text(notebook)
    try:
        if text.exists():
            nb = jupytext.read(text)
        else:  # through the text format too, so the first run equals every later one
            unpaired = nbformat.read(notebook, as_version=4)
            nb = jupytext.reads(jupytext.writes(unpaired, fmt=PAIRED_FORMAT), fmt=PAIRED_FORMAT)
    except Exception as exc:  # jupytext and nbformat raise many kinds of errors
        where = text if text.exists() else notebook
        raise AnalysisError(f"{where}: cannot read notebook ({exc})") from None
    nb.metadata.setdefault("jupytext", {})["formats"] = FORMATS
    # The parameters a previous run injected are replaced by this run's (papermill).
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:02d}"
    return nb


def write_pair(notebook: Path, nb: nbformat.NotebookNode) -> None:
    """Write an executed notebook and its paired text, each atomically."""
    write_text_atomic(notebook, nbformat.writes(nb) + "\n")
    text, new = paired_text(notebook), jupytext.writes(nb, fmt=PAIRED_FORMAT)
    if not text.exists() or text.read_text(encoding="utf-8") != new:
        write_text_atomic(text, new)


def cell_signature(cell: nbformat.NotebookNode) -> tuple[str, str, tuple[str, ...]]:
    """What must agree between the two sides of a pair: kind, source, tags."""
    source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
    return cell.cell_type, source.strip("\n"), tuple(cell.metadata.get("tags", []))


def out_of_sync(notebook: Path) -> list[str]:
    """Where a notebook and its paired text disagree (empty when they are in sync)."""
    text = paired_text(notebook)
    if not text.exists():
        return [f"{text.name} is missing"]
    ipynb = nbformat.read(notebook, as_version=4)
    py = jupytext.read(text)
    problems = []
    if ipynb.metadata.get("jupytext", {}).get("formats") != FORMATS:
        problems.append(f"{notebook.name}: metadata jupytext.formats is not {FORMATS}")
    left = [cell_signature(c) for c in ipynb.cells]
    right = [cell_signature(c) for c in py.cells]
    if len(left) != len(right):
        problems.append(f"{notebook.name} has {len(left)} cells, {text.name} {len(right)}")
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            problems.append(f"cell {index}: {notebook.name} and {text.name} differ")
    return problems


VOLATILE_CELL_METADATA = ("papermill", "execution")


def merge_streams(outputs: list[Any]) -> list[Any]:
    """Adjacent stream outputs of one name as one output.

    The kernel sends printed text in pieces at its own flush times, so a loop of prints can
    arrive as one stream output or several depending on how busy the machine is; merged,
    the executed notebook is the same bytes either way.
    """
    merged: list[Any] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous["text"] = previous["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def strip_volatile(nb: nbformat.NotebookNode, params: dict[str, Any]) -> None:
    """Drop timestamps, durations and paths so an unchanged rerun leaves git clean."""
    nb.metadata["papermill"] = {"parameters": params}
    for cell in nb.cells:
        if cell.get("outputs"):
            cell["outputs"] = merge_streams(cell["outputs"])
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id on every run
