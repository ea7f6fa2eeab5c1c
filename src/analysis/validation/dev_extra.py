"""A second development set: further hand-coded sentences that may tune the codebook and
train the classifier, and are never scored as held-out (``data/validation/dev_extra/``).

The folder holds ``sheet.csv`` (uid, sentence_id, doc_id, context_before, text,
context_after), ``coder_a.csv`` and ``coder_b.csv`` (uid and 0/1 per dimension, any row
order), and ``adjudication.csv`` (uid, dimension, gold, reason) for every cell the coders
coded differently. Gold labels are derived, as for the validation sample.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.validation.own_report import gold_labels, read_adjudication
from analysis.validation.sheets import read_coded, read_csv

FOLDER = "dev_extra"
SPLIT = "dev_extra"
DEVELOPMENT_SPLITS = ("dev", SPLIT)
FILES = ("sheet.csv", "coder_a.csv", "coder_b.csv", "adjudication.csv")


def load_dev_extra(folder: Path | str, sample: pd.DataFrame | None = None) -> pd.DataFrame:
    """The extra development sentences with gold labels (agreed, else adjudicated) and
    ``split = dev_extra``.

    ``sample`` (the validation sample) is checked for overlap: a sentence in both would let
    development data leak into the held-out half, so it is an error naming the sentence.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise AnalysisError(f"{folder}: development set folder not found")
    absent = [name for name in FILES if not (folder / name).is_file()]
    if absent:
        raise AnalysisError(f"{folder / absent[0]}: development set file not found")
    coded = read_coded(folder / "sheet.csv", [folder / "coder_a.csv", folder / "coder_b.csv"])
    sheet = coded.sample
    if "split" in read_csv(folder / "sheet.csv", "development sheet").columns:
        odd = sheet.loc[~sheet["split"].isin(DEVELOPMENT_SPLITS), "uid"]
        if not odd.empty:
            raise AnalysisError(f"{folder / 'sheet.csv'}: uid {odd.iloc[0]}: split "
                                f"{sheet.loc[odd.index[0], 'split']!r} is not development data")
    for column in ("context_before", "context_after"):
        if column not in sheet.columns:
            sheet[column] = ""
    decided = read_adjudication(folder / "adjudication.csv", sheet)
    gold = gold_labels(coded, decided, str(folder / "adjudication.csv"))
    gold["split"] = SPLIT
    if sample is not None:
        for key in ("sentence_id", "uid"):
            both = gold.loc[gold[key].isin(set(sample[key])), key]
            if not both.empty:
                raise AnalysisError(f"{folder / 'sheet.csv'}: {key} {both.iloc[0]} is also in "
                                    "the validation sample (development and validation "
                                    "sentences must not overlap)")
    return gold.drop(columns=["weight"], errors="ignore")


def require_development(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` itself, or a one-line error naming its first row that is not development
    data (no split, or the held-out half): tuning and cross-validation never read those."""
    split = (frame["split"] if "split" in frame.columns
             else pd.Series("", index=frame.index)).to_numpy()
    bad = np.flatnonzero(~np.isin(split, DEVELOPMENT_SPLITS))
    if len(bad):
        uid = frame["uid"].iloc[bad[0]] if "uid" in frame.columns else f"row {bad[0]}"
        raise AnalysisError(f"uid {uid}: split {split[bad[0]]!r} is not development data "
                            "(tuning and cross-validation never read the held-out half)")
    return frame


def development_rows(gold: pd.DataFrame, extra: pd.DataFrame | None) -> pd.DataFrame:
    """Every development row: the sample's ``dev`` half, then the extra set; never held-out."""
    dev = gold[gold["split"] == "dev"]
    if extra is not None:
        require_development(extra)
        dev = pd.concat([dev, extra[[c for c in dev.columns if c in extra.columns]]],
                        ignore_index=True)
    return dev.reset_index(drop=True)
