"""Write result tables deterministically as CSV and Markdown (and LaTeX on request)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.atomic import write_text_atomic


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
               latex: bool = False, digits: int = 4) -> list[Path]:
    """Write ``name.csv`` and ``name.md`` (and ``name.tex``) into ``tables_dir``.

    Floats are rounded to ``digits`` so the files read well and do not carry the last bits
    of floating-point noise.
    """
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
