"""Coding sheets: writing a sample folder, and reading sheets back with every check a coded
sheet must pass (codes 0/1, known uids, the right sample, one coder per file)."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.atomic import write_text_atomic, write_with
from analysis.core.errors import AnalysisError

CODE_COLUMNS = ("economic", "military", "information", "political")
SAMPLE_COLUMNS = ["sample_id", "uid", "sentence_id", "doc_id", "outlet", "format", "stratum",
                  "stratum_size", "stratum_n", "weight", "split", "text", "paragraph"]
SHEET_COLUMNS = ["sample_id", "coder", "uid", "sentence_id", "sentence", "paragraph",
                 *CODE_COLUMNS, "note"]


def coder_names(count: int) -> list[str]:
    """a, b, c, … for ``--coders count``."""
    if not 1 <= count <= 26:
        raise AnalysisError(f"--coders {count}: must be between 1 and 26")
    return [chr(ord("a") + i) for i in range(count)]


def blank_sheet(sample: pd.DataFrame, coder: str) -> pd.DataFrame:
    """A coder's sheet: the sentence, its paragraph, empty codes and note; nothing else."""
    sheet = pd.DataFrame({"sample_id": sample["sample_id"], "coder": coder, "uid": sample["uid"],
                          "sentence_id": sample["sentence_id"], "sentence": sample["text"],
                          "paragraph": sample["paragraph"]})
    for col in (*CODE_COLUMNS, "note"):
        sheet[col] = ""
    return sheet[SHEET_COLUMNS]


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 CSV, Unix newlines, written atomically."""
    write_with(path, lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))


def write_sample_folder(sample: pd.DataFrame, out: Path, coders: list[str],
                        guide: Path) -> list[Path]:
    """sample.csv, one sheet per coder (coder_<name>.csv) and the coding guide, in ``out``.

    Refuses to overwrite a folder that already holds a sample or sheets (coded work)."""
    out = Path(out)
    existing = [p for p in [out / "sample.csv", *(out / f"coder_{c}.csv" for c in coders)]
                if p.exists()]
    if existing:
        raise AnalysisError(f"{existing[0]}: already exists; choose another --out "
                            "(coded sheets are never overwritten)")
    if not Path(guide).is_file():
        raise AnalysisError(f"{guide}: coding guide not found")
    paths = [out / "sample.csv"]
    write_csv(sample[SAMPLE_COLUMNS], paths[0])
    for coder in coders:
        paths.append(out / f"coder_{coder}.csv")
        write_csv(blank_sheet(sample, coder), paths[-1])
    paths.append(out / "CODING_GUIDE.md")

    def copy_guide(tmp: Path) -> None:
        shutil.copyfile(guide, tmp)

    write_with(paths[-1], copy_guide)
    return paths


def read_csv(path: Path | str, what: str) -> pd.DataFrame:
    """Every column as text, empty cells as ''; a missing or unreadable file is one line."""
    path = Path(path)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise AnalysisError(f"{path}: {what} not found") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise AnalysisError(f"{path}: unreadable {what} ({type(exc).__name__})") from None


def read_sample(path: Path | str) -> pd.DataFrame:
    """The sample file; one without weights (the seeds' set) gets weight 1 per sentence."""
    sample = read_csv(path, "sample file")
    missing = [c for c in ("uid", "sentence_id", "doc_id", "text") if c not in sample.columns]
    if missing:
        raise AnalysisError(f"{path}: missing column(s) {', '.join(missing)}")
    if sample["uid"].duplicated().any():
        raise AnalysisError(f"{path}: uid {sample.loc[sample['uid'].duplicated(), 'uid'].iloc[0]}"
                            " appears twice")
    try:
        sample["weight"] = sample["weight"].astype(float) if "weight" in sample else 1.0
    except ValueError:
        raise AnalysisError(f"{path}: column weight must hold numbers") from None
    if "split" not in sample:
        sample["split"] = "heldout"
    return sample


def check_codes(sheet: pd.DataFrame, path: Path, dims: tuple[str, ...]) -> pd.DataFrame:
    """0/1 integer codes, or a one-line error naming the first bad cell."""
    for col in dims:
        values = sheet[col].str.strip()
        empty = values == ""
        if empty.any():
            done = int((sheet[list(dims)].apply(lambda c: c.str.strip() != "")).all(axis=1).sum())
            raise AnalysisError(f"{path}: uid {sheet.loc[empty, 'uid'].iloc[0]}, column {col}: "
                                f"no code (sheet unfinished: {done} of {len(sheet)} coded)")
        bad = ~values.isin(["0", "1"])
        if bad.any():
            raise AnalysisError(f"{path}: uid {sheet.loc[bad, 'uid'].iloc[0]}, column {col}: "
                                f"{values[bad].iloc[0]!r} is not 0 or 1")
        sheet[col] = values.astype(int)
    return sheet


def read_sheet(path: Path | str, sample: pd.DataFrame,
               dims: tuple[str, ...] = CODE_COLUMNS) -> tuple[str, pd.DataFrame]:
    """(coder name, codes in the sample's row order) from one coded sheet."""
    path = Path(path)
    sheet = read_csv(path, "coding sheet")
    missing = [c for c in ("uid", *dims) if c not in sheet.columns]
    if missing:
        raise AnalysisError(f"{path}: missing column(s) {', '.join(missing)}")
    if "sample_id" in sample:
        expected = sample["sample_id"].iloc[0]
        found = sorted(set(sheet.get("sample_id", pd.Series([""])))) or [""]
        if found != [expected]:
            raise AnalysisError(f"{path}: sheet of sample {', '.join(found) or '(none)'}, not of "
                                f"sample {expected} (sample.csv)")
    unknown = sheet.loc[~sheet["uid"].isin(sample["uid"]), "uid"]
    if not unknown.empty:
        raise AnalysisError(f"{path}: uid {unknown.iloc[0]!r} is not in the sample")
    if sheet["uid"].duplicated().any():
        raise AnalysisError(f"{path}: uid {sheet.loc[sheet['uid'].duplicated(), 'uid'].iloc[0]}"
                            " appears twice")
    absent = sample.loc[~sample["uid"].isin(sheet["uid"]), "uid"]
    if not absent.empty:
        raise AnalysisError(f"{path}: {len(absent)} sample sentence(s) missing "
                            f"(first: uid {absent.iloc[0]})")
    names = sorted(set(sheet["coder"])) if "coder" in sheet else [path.stem]
    if len(names) != 1 or not names[0].strip():
        raise AnalysisError(f"{path}: column coder must hold one non-empty name")
    sheet = check_codes(sheet, path, dims)
    if "note" not in sheet:
        sheet["note"] = ""
    ordered = sheet.set_index("uid").loc[sample["uid"]].reset_index()
    return names[0], ordered[["uid", *dims, "note"]]


@dataclass
class CodedSample:
    """The sample and every coder's codes, rows aligned with the sample."""

    sample: pd.DataFrame
    coders: dict[str, pd.DataFrame]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_coded(sample_path: Path | str, sheet_paths: list[Path | str],
               dims: tuple[str, ...] = CODE_COLUMNS) -> CodedSample:
    """Read the sample and two or more coded sheets, refusing overlapping coder files."""
    if len(sheet_paths) < 2:
        raise AnalysisError("--sheets: give two or more coders' sheets")
    sample = read_sample(sample_path)
    coders: dict[str, pd.DataFrame] = {}
    seen: dict[str, Path] = {}
    for raw in sheet_paths:
        path = Path(raw)
        key = str(path.resolve()) if path.exists() else str(path)
        digest = _digest(path) if path.is_file() else key
        for earlier in (key, digest):
            if earlier in seen:
                raise AnalysisError(f"{path}: the same sheet as {seen[earlier]} (each coder "
                                    "codes independently, in a file of their own)")
        seen[key] = seen[digest] = path
        name, codes = read_sheet(path, sample, dims)
        if name in coders:
            raise AnalysisError(f"{path}: coder {name!r} also coded another sheet given "
                                "(coder names must differ)")
        coders[name] = codes
    return CodedSample(sample, coders)


def write_markdown(path: Path, text: str) -> None:
    """A short report text, atomically."""
    write_text_atomic(path, text)
