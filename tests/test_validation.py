"""Gold labels from two coders and an adjudication; the agreement report end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.coding.codebook import load_codebook
from analysis.core.errors import AnalysisError
from analysis.validation.gold import (
    CODE_COLUMNS,
    agreement_report,
    dictionary_codes,
    disagreements,
    load_validation_set,
)
from analysis.validation.sample import draw_sample

CB = load_codebook()


def _folder(tmp_path: Path, parsed, flips: int = 6) -> Path:
    sentences = pd.DataFrame([s for _, rows in parsed.values() for s in rows["sentences"]])
    sample = draw_sample(sentences, total=60, cap=12, seed=3)
    sample.to_csv(tmp_path / "sample.csv", index=False)
    codes = dictionary_codes(sample["text"], CB)[list(CODE_COLUMNS)]
    a = pd.concat([sample[["uid"]], codes], axis=1).assign(note="")
    b = a.copy()
    rng = np.random.default_rng(0)
    cells = [(int(i), CODE_COLUMNS[int(j)]) for i, j in
             zip(rng.choice(len(b), flips, replace=False), rng.integers(0, 4, flips), strict=True)]
    for i, col in cells:
        b.loc[i, col] = 1 - b.loc[i, col]
    a.to_csv(tmp_path / "coder_a.csv", index=False)
    b.to_csv(tmp_path / "coder_b.csv", index=False)
    pd.DataFrame([{"uid": sample.loc[i, "uid"], "dimension": col, "gold": a.loc[i, col],
                   "reason": "coder A read the definition right"} for i, col in cells]
                 ).to_csv(tmp_path / "adjudication.csv", index=False)
    return tmp_path


def test_sample_is_stratified_seeded_and_split_in_halves(parsed) -> None:
    sentences = pd.DataFrame([s for _, rows in parsed.values() for s in rows["sentences"]])
    one = draw_sample(sentences, total=300, cap=60, seed=20211104)
    two = draw_sample(sentences, total=300, cap=60, seed=20211104)
    pd.testing.assert_frame_equal(one, two)
    assert len(one) == 300 and one["sentence_id"].is_unique
    per_source = one.groupby("doc_id").size()
    assert per_source.min() >= 30  # every source is represented
    halves = one.groupby(["doc_id", "split"]).size().unstack()
    assert (halves["dev"] - halves["heldout"]).abs().max() <= 1


def test_gold_takes_agreement_or_adjudication(tmp_path, parsed) -> None:
    vs = load_validation_set(_folder(tmp_path, parsed))
    for col in CODE_COLUMNS:
        assert vs.gold[col].tolist() == vs.coder_a[col].tolist()
    adjudicated = sum((vs.gold[f"{c}_decided"] == "adjudicated").sum() for c in CODE_COLUMNS)
    assert adjudicated == len(disagreements(vs.coder_a, vs.coder_b, vs.sample)) == 6


def test_missing_adjudication_is_named(tmp_path, parsed) -> None:
    folder = _folder(tmp_path, parsed)
    adj = pd.read_csv(folder / "adjudication.csv", dtype=str)
    adj.iloc[1:].to_csv(folder / "adjudication.csv", index=False)
    with pytest.raises(AnalysisError, match=rf"no decision for uid {adj.loc[0, 'uid']}"):
        load_validation_set(folder)


def test_bad_code_value_is_named(tmp_path, parsed) -> None:
    folder = _folder(tmp_path, parsed)
    a = pd.read_csv(folder / "coder_a.csv", dtype=str, keep_default_na=False)
    a.loc[3, "military"] = "yes"
    a.to_csv(folder / "coder_a.csv", index=False)
    with pytest.raises(AnalysisError, match=rf"uid {a.loc[3, 'uid']}, column military: codes must be 0 or 1"):
        load_validation_set(folder)


def test_report_of_a_dictionary_scored_against_itself(tmp_path, parsed) -> None:
    vs = load_validation_set(_folder(tmp_path, parsed))
    report = agreement_report(vs, CB, draws=50, seed=1, folds=3)
    # gold = coder A = the dictionary, so the dictionary is perfect on held-out data
    assert (report.dictionary_heldout["f1"].dropna() >= 0.999).all() or (
        report.dictionary_heldout["gold_positives"] == 0).any()
    assert (report.weights_heldout["difference_pp"] == 0).all()
    assert list(report.targets.columns) == ["target", "dimension", "value", "met"]
    assert len(report.classifier) == 4
