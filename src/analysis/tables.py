"""Write result tables deterministically as CSV and Markdown (and LaTeX on request)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .atomic import write_text_atomic


def to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (no extra dependency)."""
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "| " + " | ".join("---" for _ in cols) + " |"]
    for row in frame.itertuples(index=False):
        cells = ["" if pd.isna(v) else str(v).replace("|", "\\|").replace("\n", " ")
                 for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def save_table(frame: pd.DataFrame, name: str, tables_dir: Path | str) -> list[Path]:
    """Write ``name.csv`` and ``name.md`` into ``tables_dir``; return the paths."""
    tables_dir = Path(tables_dir)
    csv_path, md_path = tables_dir / f"{name}.csv", tables_dir / f"{name}.md"
    write_text_atomic(csv_path, frame.to_csv(index=False, lineterminator="\n"))
    write_text_atomic(md_path, to_markdown(frame))
    return [csv_path, md_path]
