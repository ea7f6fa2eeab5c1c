"""``analysis code``: code any CSV of texts with a codebook (DESIGN.md contract)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.coding.codebook import load_codebook
from analysis.coding.matcher import code_texts
from analysis.core.atomic import write_text_atomic
from analysis.core.errors import AnalysisError


def read_texts_csv(path: Path) -> pd.DataFrame:
    """Read a UTF-8 CSV with every column as text (ids like ``007`` keep their zeros)."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise AnalysisError(f"{path}: input file not found") from None
    except IsADirectoryError:
        raise AnalysisError(f"{path}: is a directory, expected a CSV file") from None
    except UnicodeDecodeError as exc:
        raise AnalysisError(f"{path}: not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at "
                            f"offset {exc.start}); re-save the file as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise AnalysisError(f"{path}: the file is empty (expected a header row)") from None
    except pd.errors.ParserError as exc:
        reason = str(exc).strip().splitlines()[-1]
        raise AnalysisError(f"{path}: not a well-formed CSV ({reason})") from None


def code_csv(input_path: Path, text_column: str, output_path: Path,
             id_column: str | None = None, codebook_path: Path | None = None,
             jobs: int = 1) -> str:
    """Code every row's text; write ids (or row numbers), 0/1 per dimension and matches."""
    codebook = load_codebook(codebook_path)
    frame = read_texts_csv(input_path)
    columns = ", ".join(frame.columns)
    if text_column not in frame.columns:
        raise AnalysisError(f"{input_path}: no column '{text_column}' (columns: {columns})")
    if id_column is not None:
        if id_column not in frame.columns:
            raise AnalysisError(f"{input_path}: no id column '{id_column}' (columns: {columns})")
        ids = frame[id_column]
        duplicated = ids[ids.duplicated()]
        if not duplicated.empty:
            raise AnalysisError(f"{input_path}: id column '{id_column}' repeats the id "
                                f"'{duplicated.iloc[0]}' (row {duplicated.index[0] + 2})")
        if (ids.str.strip() == "").any():
            row = int(ids.index[ids.str.strip() == ""][0]) + 2
            raise AnalysisError(f"{input_path}: id column '{id_column}' is empty in row {row}")
        out = pd.DataFrame({id_column: ids})
    else:
        out = pd.DataFrame({"row": range(1, len(frame) + 1)})
    coded, _ = code_texts(frame[text_column], codebook, jobs=jobs)
    for dim in codebook.dimension_names:
        out[dim] = coded[dim].to_numpy()
    out["matches"] = coded["matches"].to_numpy()
    write_text_atomic(output_path, out.to_csv(index=False, lineterminator="\n"))
    empty = int((frame[text_column].str.strip() == "").sum())
    summary = ", ".join(f"{d} {int(out[d].sum())}" for d in codebook.dimension_names)
    return (f"coded {len(out)} texts with {codebook.name} {codebook.version} ({summary})"
            + (f"; {empty} empty texts coded 0" if empty else "") + f" → {output_path}")
