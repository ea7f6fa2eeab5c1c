"""The hand-coded validation set: gold labels, the dictionary against them, a second method."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline

from analysis.coding.codebook import Codebook
from analysis.coding.matcher import code_texts
from analysis.core.errors import AnalysisError
from analysis.validation.agreement import (
    cohen_kappa,
    dictionary_vs_gold,
    human_agreement,
    precision_recall_f1,
    weights_side_by_side,
)
from analysis.validation.dev_extra import FOLDER as DEV_EXTRA
from analysis.validation.dev_extra import development_rows, load_dev_extra

CODE_COLUMNS = ("economic", "military", "information", "political")
TARGET_DIMENSIONS = ("economic", "military", "information")


@dataclass
class ValidationSet:
    """The sample, both coders, the adjudication and the resulting gold labels."""

    sample: pd.DataFrame
    coder_a: pd.DataFrame
    coder_b: pd.DataFrame
    gold: pd.DataFrame  # sample columns + gold codes + how each code was decided
    extra: pd.DataFrame | None = None  # the extra development set (split dev_extra), if any

    def development(self) -> pd.DataFrame:
        """Every development row (the sample's dev half, then dev_extra); never held-out."""
        return development_rows(self.gold, self.extra)


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype={"uid": str, "sentence_id": str, "doc_id": str},
                           keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise AnalysisError(f"{path}: validation file not found") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise AnalysisError(f"{path}: unreadable validation file ({type(exc).__name__})") from None


def _codes(frame: pd.DataFrame, path: Path, uids: pd.Series) -> pd.DataFrame:
    missing = [c for c in ("uid", *CODE_COLUMNS) if c not in frame.columns]
    if missing:
        raise AnalysisError(f"{path}: missing column(s) {', '.join(missing)}")
    if frame["uid"].tolist() != uids.tolist():
        raise AnalysisError(f"{path}: uids differ from sample.csv (same rows, same order needed)")
    for col in CODE_COLUMNS:
        bad = frame.loc[~frame[col].astype(str).isin(["0", "1"]), "uid"]
        if not bad.empty:
            raise AnalysisError(f"{path}: uid {bad.iloc[0]}, column {col}: codes must be 0 or 1")
        frame[col] = frame[col].astype(int)
    return frame


def load_validation_set(folder: Path | str) -> ValidationSet:
    """Read sample, coders A and B, and the adjudication of their disagreements; and the
    extra development set in ``folder/dev_extra`` when there is one."""
    folder = Path(folder)
    sample = _read(folder / "sample.csv")
    a = _codes(_read(folder / "coder_a.csv"), folder / "coder_a.csv", sample["uid"])
    b = _codes(_read(folder / "coder_b.csv"), folder / "coder_b.csv", sample["uid"])
    adjudication = _read(folder / "adjudication.csv")
    gold = sample.copy()
    decided = {(r.uid, r.dimension): int(r.gold) for r in adjudication.itertuples(index=False)}
    for col in CODE_COLUMNS:
        values, how = [], []
        for uid, va, vb in zip(sample["uid"], a[col], b[col], strict=True):
            if va == vb:
                values.append(int(va))
                how.append("agreed")
            elif (uid, col) in decided:
                values.append(decided[(uid, col)])
                how.append("adjudicated")
            else:
                raise AnalysisError(f"{folder / 'adjudication.csv'}: no decision for uid {uid}, "
                                    f"dimension {col} (coders disagree)")
        gold[col] = values
        gold[f"{col}_decided"] = how
    extra = (load_dev_extra(folder / DEV_EXTRA, sample) if (folder / DEV_EXTRA).is_dir()
             else None)
    return ValidationSet(sample, a, b, gold, extra)


def disagreements(a: pd.DataFrame, b: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """One row per (sentence, dimension) the two coders coded differently."""
    rows = []
    for col in CODE_COLUMNS:
        differ = a[col] != b[col]
        for i in np.flatnonzero(differ.to_numpy()):
            rows.append({"uid": sample.loc[i, "uid"], "dimension": col,
                         "coder_a": int(a.loc[i, col]), "coder_b": int(b.loc[i, col]),
                         "note_a": a.loc[i].get("note", ""), "note_b": b.loc[i].get("note", ""),
                         "text": sample.loc[i, "text"]})
    return pd.DataFrame(rows).sort_values(["uid", "dimension"]).reset_index(drop=True)


def dictionary_codes(texts: pd.Series, codebook: Codebook) -> pd.DataFrame:
    """The dictionary's 0/1 codes (and matches) for validation texts."""
    coded, _ = code_texts(texts.reset_index(drop=True), codebook)
    return coded


def classifier_codes(texts: pd.Series, gold: pd.DataFrame, dimensions: list[str], *,
                     folds: int, seed: int) -> pd.DataFrame:
    """Cross-validated predictions of a TF-IDF + logistic-regression classifier per dimension.

    Each sentence is predicted by a model that never saw it (stratified k-fold), so the
    predictions measure how well supervised learning on this small set generalises.
    """
    out = {}
    for dim in dimensions:
        y = gold[dim].to_numpy(int)
        k = int(min(folds, np.bincount(y, minlength=2).min()))
        if k < 2:
            out[dim] = np.full(len(y), round(float(y.mean())))
            continue
        model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True),
            LogisticRegression(class_weight="balanced", max_iter=2000, C=4.0))
        cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        out[dim] = cross_val_predict(model, texts.to_numpy(), y, cv=cv)
    return pd.DataFrame(out)


@dataclass
class AgreementReport:
    """Every table of the agreement report."""

    human: pd.DataFrame
    dictionary_heldout: pd.DataFrame
    dictionary_dev: pd.DataFrame
    weights_heldout: pd.DataFrame
    classifier: pd.DataFrame
    method_disagreements: pd.DataFrame
    targets: pd.DataFrame


def agreement_report(vs: ValidationSet, codebook: Codebook, *, draws: int, seed: int,
                     folds: int) -> AgreementReport:
    """Human–human, dictionary–gold (held-out and dev), weights, second method, targets."""
    dims = [d for d in CODE_COLUMNS if d in codebook.dimension_names]
    gold = vs.gold
    dictionary = dictionary_codes(gold["text"], codebook)
    dictionary["doc_id"] = gold["doc_id"].to_numpy()
    held = (gold["split"] == "heldout").to_numpy()
    human = human_agreement(vs.coder_a, vs.coder_b, dims)
    dict_held = dictionary_vs_gold(gold[held].reset_index(drop=True),
                                   dictionary[held].reset_index(drop=True), dims,
                                   draws=draws, seed=seed)
    dict_dev = dictionary_vs_gold(gold[~held].reset_index(drop=True),
                                  dictionary[~held].reset_index(drop=True), dims,
                                  draws=draws, seed=seed)
    weights = weights_side_by_side(gold[held].reset_index(drop=True),
                                   dictionary[held].reset_index(drop=True), dims)
    clf = classifier_codes(gold["text"], gold, dims, folds=folds, seed=seed)
    rows, differ = [], []
    for dim in dims:
        g, c, d = gold[dim].to_numpy(int), clf[dim].to_numpy(int), dictionary[dim].to_numpy(int)
        p, r, f = precision_recall_f1(g, c)
        rows.append({"dimension": dim, "classifier_precision": p, "classifier_recall": r,
                     "classifier_f1": f, "classifier_kappa_gold": cohen_kappa(g, c),
                     "dictionary_f1_all": precision_recall_f1(g, d)[2],
                     "classifier_kappa_dictionary": cohen_kappa(c, d),
                     "disagree_with_dictionary": int((c != d).sum())})
        for i in np.flatnonzero(c != d):
            differ.append({"uid": gold.loc[i, "uid"], "dimension": dim, "gold": int(g[i]),
                           "dictionary": int(d[i]), "classifier": int(c[i]),
                           "matches": dictionary.loc[i, "matches"], "text": gold.loc[i, "text"]})
    targets = check_targets(human, dict_held, weights)
    return AgreementReport(human, dict_held, dict_dev, weights, pd.DataFrame(rows),
                           pd.DataFrame(differ), targets)


def check_targets(human: pd.DataFrame, dict_held: pd.DataFrame,
                  weights: pd.DataFrame) -> pd.DataFrame:
    """The issue's targets, each with the dimension it is about (empty: all of them), the
    measured value and whether it is met."""
    rows = []
    for dim in TARGET_DIMENSIONS:
        f1 = float(dict_held.set_index("dimension").loc[dim, "f1"])
        rows.append({"target": f"F1 ≥ 0.80 ({dim}, held-out)", "dimension": dim,
                     "value": round(f1, 3), "met": f1 >= 0.80})
    for dim in dict_held["dimension"]:
        gap = float(dict_held.set_index("dimension").loc[dim, "kappa"]
                    - human.set_index("dimension").loc[dim, "kappa"])
        rows.append({"target": f"dictionary–gold kappa within 0.10 of human–human ({dim})",
                     "dimension": dim, "value": round(gap, 3), "met": gap >= -0.10})
    worst = weights.loc[weights["difference_pp"].abs().idxmax()]
    rows.append({"target": "every source's weight within 5 points of gold (worst cell: "
                           f"{worst['doc_id']} {worst['dimension']})", "dimension": None,
                 "value": round(float(worst["difference_pp"]), 1),
                 "met": bool((weights["difference_pp"].abs() <= 5).all())})
    return pd.DataFrame(rows)
