"""Write a notebook skeleton (markdown + code cells, a tagged parameters cell) for papermill.

Developer tool: the committed notebooks are the source of truth once executed; this only
creates a new one. Usage from a builder script: ``write_notebook(path, cells)``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python (rb-analysis)", "language": "python",
              "name": "rb-analysis"}


def write_notebook(path: Path | str, cells: list[tuple[str, str]]) -> None:
    """``cells``: ("md"|"code"|"params", source) in order."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    for i, (kind, source) in enumerate(cells):
        source = source.strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
        cell["id"] = f"cell-{i:02d}"
        nb.cells.append(cell)
    nbformat.write(nb, str(path))
