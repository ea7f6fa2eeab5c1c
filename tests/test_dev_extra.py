"""The second development set (data/validation/dev_extra): its reader, its one-line errors,
and the guarantee that tuning and cross-validation never read a held-out row."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.coding.codebook import load_codebook
from analysis.core.errors import AnalysisError
from analysis.validation import methods
from analysis.validation.agreement import cohen_kappa
from analysis.validation.context_rule import anaphor, carry_over, choose_context_dims
from analysis.validation.dev_extra import load_dev_extra, require_development
from analysis.validation.gold import dictionary_codes, load_validation_set
from analysis.validation.tuning import dev_errors, dev_scores, term_contributions

PROJECT = Path(__file__).resolve().parents[1]
VALIDATION = PROJECT / "data" / "validation"
EXTRA = VALIDATION / "dev_extra"
DIMS = ["economic", "military", "information", "political"]
CB = load_codebook(PROJECT / "codebooks" / "integration-v1.3.yaml")


@pytest.fixture(scope="module")
def vs():
    return load_validation_set(VALIDATION)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "dev_extra"
    shutil.copytree(EXTRA, folder)
    return folder


def test_the_committed_set_loads_as_development_data(vs) -> None:
    extra = vs.extra
    assert extra is not None and len(extra) == 195
    assert set(extra["split"]) == {"dev_extra"} and extra["uid"].is_unique
    adjudicated = sum(int((extra[f"{d}_decided"] == "adjudicated").sum()) for d in DIMS)
    assert adjudicated == len(pd.read_csv(EXTRA / "adjudication.csv")) == 17
    assert not set(extra["sentence_id"]) & set(vs.sample["sentence_id"])


def test_gold_is_agreement_else_the_adjudicated_code(vs) -> None:
    a = pd.read_csv(EXTRA / "coder_a.csv", dtype={"uid": str}).set_index("uid")
    b = pd.read_csv(EXTRA / "coder_b.csv", dtype={"uid": str}).set_index("uid")
    decided = pd.read_csv(EXTRA / "adjudication.csv", dtype={"uid": str})
    gold = vs.extra.set_index("uid")
    for dim in DIMS:
        agree = a[dim] == b.loc[a.index, dim]
        assert (gold.loc[agree[agree].index, dim] == a.loc[agree, dim]).all()
    for row in decided.itertuples(index=False):
        assert gold.loc[row.uid, row.dimension] == row.gold
        assert a.loc[row.uid, row.dimension] != b.loc[row.uid, row.dimension]


def test_coder_agreement_is_what_the_readme_says() -> None:
    a = pd.read_csv(EXTRA / "coder_a.csv", dtype={"uid": str}).set_index("uid")
    b = pd.read_csv(EXTRA / "coder_b.csv", dtype={"uid": str}).set_index("uid").loc[a.index]
    kappa = {d: round(cohen_kappa(a[d].to_numpy(), b[d].to_numpy()), 3) for d in DIMS}
    assert kappa == {"economic": 0.918, "military": 0.957, "information": 0.919,
                     "political": 0.837}


def test_development_rows_are_the_dev_half_and_dev_extra_never_heldout(vs) -> None:
    dev = vs.development()
    assert dev["split"].value_counts().to_dict() == {"dev_extra": 195, "dev": 150}
    held = set(vs.gold.loc[vs.gold["split"] == "heldout", "uid"])
    assert held and not held & set(dev["uid"])
    assert {"context_before", "text", "context_after", *DIMS} <= set(dev.columns)


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda f: (f / "adjudication.csv").unlink(), r"adjudication.csv: development set file "
                                                   r"not found"),
    (lambda f: (f / "coder_a.csv").write_text(
        (f / "coder_a.csv").read_text(encoding="utf-8").replace("x001,0,0,0,1", "x001,0,0,2,1"),
        encoding="utf-8"), r"coder_a.csv: uid x001, column information: '2' is not 0 or 1"),
    (lambda f: (f / "coder_b.csv").write_text(
        (f / "coder_b.csv").read_text(encoding="utf-8").replace("x195,", "x999,", 1),
        encoding="utf-8"), r"coder_b.csv: uid 'x999' is not in the sample"),
    (lambda f: (f / "adjudication.csv").write_text(
        "uid,dimension,gold,reason\n", encoding="utf-8"),
     r"adjudication.csv: no decision for uid x\d+, dimension \w+"),
    (lambda f: (f / "sheet.csv").write_bytes(b"\xff\xfe\x00garbage"),
     r"sheet.csv: unreadable sample file"),
])
def test_bad_files_are_one_line_errors(tmp_path, mutate, message) -> None:
    folder = _copy(tmp_path)
    mutate(folder)
    with pytest.raises(AnalysisError, match=message) as caught:
        load_dev_extra(folder)
    assert "\n" not in str(caught.value)


def test_a_sheet_overlapping_the_validation_sample_is_refused(tmp_path, vs) -> None:
    folder = _copy(tmp_path)
    sheet = pd.read_csv(folder / "sheet.csv", dtype=str, keep_default_na=False)
    sheet.loc[0, "sentence_id"] = vs.sample.loc[vs.sample["split"] == "heldout",
                                                "sentence_id"].iloc[0]
    sheet.to_csv(folder / "sheet.csv", index=False)
    with pytest.raises(AnalysisError, match=r"sentence_id .* is also in the validation sample"):
        load_dev_extra(folder, vs.sample)


def test_a_sheet_marked_heldout_is_refused(tmp_path) -> None:
    folder = _copy(tmp_path)
    sheet = pd.read_csv(folder / "sheet.csv", dtype=str, keep_default_na=False)
    sheet.insert(3, "split", "dev_extra")
    sheet.loc[4, "split"] = "heldout"
    sheet.to_csv(folder / "sheet.csv", index=False)
    with pytest.raises(AnalysisError, match=r"uid x005: split 'heldout' is not development"):
        load_dev_extra(folder)


def test_tuning_tools_refuse_heldout_rows(vs) -> None:
    mixed = pd.concat([vs.development(), vs.gold[vs.gold["split"] == "heldout"].head(1)])
    for tool in (dev_scores, dev_errors, term_contributions):
        args = ({"v": CB},) if tool is dev_scores else (CB,)
        with pytest.raises(AnalysisError, match=r"split 'heldout' is not development data"):
            tool(mixed, *args, ["military"])
    with pytest.raises(AnalysisError, match=r"not development data"):
        require_development(vs.gold)


def test_leave_one_term_out_against_gold_counts_what_each_term_alone_codes(vs) -> None:
    dev = vs.development()
    table = term_contributions(dev, CB, ["military"]).set_index("term")
    coded = dictionary_codes(dev["text"], CB)
    # "security" alone codes sentences; without it those fall to 0 and F1 moves accordingly
    row = table.loc["security"]
    assert row["alone_gold_1"] + row["alone_gold_0"] <= row["sentences"]
    assert row["f1_without"] < row["f1"]
    errors = dev_errors(dev, CB, ["military"])
    assert len(errors) == int((coded["military"] != dev["military"]).sum())


def test_cross_validation_never_receives_heldout_rows(vs, monkeypatch) -> None:
    seen: dict[str, list[str]] = {"choose": [], "fit": []}
    real_choose, real_fit = methods.choose_on_dev, methods.fit_classifier

    def spy_choose(dev, *args, **kwargs):
        seen["choose"] = dev["uid"].tolist()
        return real_choose(dev, *args, **kwargs)

    def spy_fit(x, labels, *args, **kwargs):
        seen["fit"] = labels["uid"].tolist()
        return real_fit(x, labels, *args, **kwargs)

    def cheap_features(texts, context=None):  # deterministic, no model: the test is about rows
        lengths = texts.fillna("").str.len().to_numpy(float)
        words = texts.fillna("").str.count(" ").to_numpy(float)
        return np.column_stack([lengths / 100, words / 10, (lengths % 7) / 7])

    monkeypatch.setattr(methods, "choose_on_dev", spy_choose)
    monkeypatch.setattr(methods, "fit_classifier", spy_fit)
    monkeypatch.setattr(methods, "features", cheap_features)
    methods.compare_methods(vs, {"dictionary": CB}, ["military", "information"], folds=3,
                            seed=1, draws=20)
    held = set(vs.gold.loc[vs.gold["split"] == "heldout", "uid"])
    development = set(vs.development()["uid"])
    for step in ("choose", "fit"):
        assert set(seen[step]) == development and not set(seen[step]) & held


def test_choose_on_dev_refuses_heldout_rows(vs) -> None:
    rows = vs.gold.head(10)
    assert (rows["split"] == "heldout").any()
    with pytest.raises(AnalysisError, match=r"not development data"):
        methods.choose_on_dev(rows, dictionary_codes(rows["text"], CB), ["military"], folds=2,
                              seed=1)


def test_context_rule_carries_the_previous_sentences_code(vs) -> None:
    dev = vs.development()
    rows = dev[dev["sentence_id"].isin(["001-p014-s03", "001-p023-s06"])].reset_index(drop=True)
    assert [anaphor(t) for t in rows["text"]] == ["This", "All this"]
    own = dictionary_codes(rows["text"], CB)
    before = dictionary_codes(rows["context_before"], CB)
    assert own["information"].tolist() == [0, 0] and before["information"].tolist() == [1, 1]
    carried = carry_over(own, before, rows["text"], ["information"])
    assert carried["information"].tolist() == [1, 1] == rows["information"].tolist()
    assert carried["matches"].str.contains(r"information:context=(?:This|All this) "
                                           r"\(previous sentence\)").all()
    assert carried["military"].equals(own["military"])  # only the dimensions asked for
    plain = pd.Series(["Russian troops arrived.", "The talks ended."])
    codes = dictionary_codes(plain, CB)
    assert carry_over(codes, dictionary_codes(pd.Series(["State TV lied.", "TV."]), CB), plain,
                      ["information"])["information"].tolist() == [0, 0]  # no anaphor


def test_context_rule_is_chosen_where_it_raises_development_f1(vs) -> None:
    dev = vs.development()
    chosen, table = choose_context_dims(dev, dictionary_codes(dev["text"], CB),
                                        dictionary_codes(dev["context_before"], CB),
                                        ["economic", "military", "information"])
    table = table.set_index("dimension")
    assert chosen == [d for d in table.index if table.loc[d, "with_context_f1"]
                      > table.loc[d, "dictionary_alone_f1"]]
    assert "information" in chosen and table.loc["information", "context_gained"] >= 4
