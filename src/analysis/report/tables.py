"""Write result tables deterministically as CSV and Markdown (and LaTeX on request)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.coding.codebook import Codebook
from analysis.core.atomic import write_text_atomic
from analysis.core.errors import AnalysisError
from analysis.report.flags import ROW_COLUMNS, flag_dimensions


def to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (no extra dependency)."""
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "| " + " | ".join("---" for _ in cols) + " |"]
    for row in frame.itertuples(index=False):
        cells = ["" if pd.isna(v) else str(v).replace("|", "\\|").replace("\n", " ")
                 for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def save_table(frame: pd.DataFrame, name: str, tables_dir: Path | str, *,
               latex: bool = False, digits: int = 4,
               codebook: Codebook | None = None) -> list[Path]:
    """Write ``name.csv`` and ``name.md`` (and ``name.tex``) into ``tables_dir``.

    With ``codebook``, context-only dimensions are flagged (``report.flags``: a ``role``
    column for a dimension per row, a suffixed header for a dimension per column). A table
    with a dimension per row and no ``role`` is refused without one, so no table leaves a
    notebook unflagged. Floats are rounded to ``digits`` so the files read well and do not
    carry the last bits of floating-point noise.
    """
    if codebook is not None:
        frame = flag_dimensions(frame, codebook)
    elif "role" not in frame.columns and any(c in frame.columns for c in ROW_COLUMNS):
        raise AnalysisError(f"table {name}: it has a dimension per row; pass codebook= so "
                            "that each row carries its role (integration or context only)")
    tables_dir = Path(tables_dir)
    frame = frame.round(digits)
    paths = [tables_dir / f"{name}.csv", tables_dir / f"{name}.md"]
    write_text_atomic(paths[0], frame.to_csv(index=False, lineterminator="\n"))
    write_text_atomic(paths[1], to_markdown(frame))
    if latex:
        paths.append(tables_dir / f"{name}.tex")
        write_text_atomic(paths[2], frame.to_latex(index=False, escape=True,
                                                   float_format=f"%.{digits}f"))
    return paths
