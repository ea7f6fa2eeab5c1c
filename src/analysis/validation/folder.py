"""A validation folder as notebook 06 reads it: the seeds' set in data/validation/, or one
made by ``analysis validate sample`` and coded (sample.csv, coder_*.csv, the decisions)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.validation.own_report import gold_labels, read_adjudication
from analysis.validation.sheets import read_coded

DECISION_FILES = ("adjudication.csv", "report/disagreements.csv")


def decisions_file(folder: Path) -> Path | None:
    """adjudication.csv, else the disagreement sheet of ``validate report`` (filled in)."""
    return next((folder / name for name in DECISION_FILES if (folder / name).is_file()), None)


def load_gold(folder: Path | str) -> pd.DataFrame:
    """The sample with gold labels (agreed or adjudicated), weights, strata and splits."""
    folder = Path(folder)
    if not folder.is_dir():
        raise AnalysisError(f"{folder}: validation folder not found")
    sheets = sorted(folder.glob("coder_*.csv"))
    if len(sheets) < 2:
        raise AnalysisError(f"{folder}: needs two or more coder_*.csv sheets")
    coded = read_coded(folder / "sample.csv", list(sheets))
    decided_path = decisions_file(folder)
    decided = read_adjudication(decided_path, coded.sample) if decided_path else {}
    return gold_labels(coded, decided, str(decided_path or folder / DECISION_FILES[0]))
