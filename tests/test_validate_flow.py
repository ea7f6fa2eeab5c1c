"""`analysis validate sample|report` on the seeds: the stratified sample and its weights, the
coding sheets, every bad-input error, and sample → code → report end to end (the coders are
simulated with the seeds' two real hand codings and their adjudication)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import PROJECT
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

from analysis.cli import main
from analysis.coding.codebook import load_codebook
from analysis.coding.corpus_coding import code_sentences
from analysis.coding.matcher import code_texts
from analysis.core.errors import AnalysisError
from analysis.ingest.overview import load_processed
from analysis.validation import sheets, stratified
from analysis.validation.weighted import confusion, statistics

PROCESSED = PROJECT / "data" / "processed"
SEEDS = PROJECT / "data" / "validation"
GUIDE = SEEDS / "CODING_GUIDE.md"
DIMS = list(sheets.CODE_COLUMNS)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("drawn") / "s"
    assert main(["validate", "sample", "--n", "80", "--seed", "7", "--out", str(out),
                 "--processed", str(PROCESSED), "--guide", str(GUIDE)]) == 0
    return out


def test_sample_folder_has_sheets_without_the_dictionary_codes(drawn: Path) -> None:
    assert sorted(p.name for p in drawn.iterdir()) == ["CODING_GUIDE.md", "coder_a.csv",
                                                       "coder_b.csv", "sample.csv"]
    assert (drawn / "CODING_GUIDE.md").read_bytes() == GUIDE.read_bytes()
    sample = pd.read_csv(drawn / "sample.csv", dtype=str, keep_default_na=False)
    for coder in "ab":
        sheet = pd.read_csv(drawn / f"coder_{coder}.csv", dtype=str, keep_default_na=False)
        assert list(sheet.columns) == sheets.SHEET_COLUMNS
        assert (sheet[[*DIMS, "note"]] == "").all().all() and set(sheet["coder"]) == {coder}
        assert sheet["uid"].tolist() == sample["uid"].tolist()
        assert not any(col in sheet for col in ("stratum", "weight", "matches"))
    corpus = pd.read_parquet(PROCESSED / "sentences.parquet").set_index("sentence_id")
    assert (sample.set_index("sentence_id")["text"] == corpus.loc[sample["sentence_id"],
                                                                  "text"]).all()
    # each sheet row shows the sentence inside its paragraph
    assert all(s in p for s, p in zip(sheet["sentence"], sheet["paragraph"], strict=True))


def test_strata_and_weights_describe_the_whole_corpus(drawn: Path) -> None:
    sample = sheets.read_sample(drawn / "sample.csv")
    coded, _ = code_sentences(load_processed(PROCESSED)["sentences"], load_codebook())
    pattern = coded["doc_id"] + "|" + stratified.code_pattern(
        coded, stratified.DEFAULT_STRATA_DIMENSIONS)
    sizes = pattern.value_counts()
    assert set(sample["stratum"]) == set(sizes.index)  # every stratum, rare ones included
    per = sample.groupby("stratum").agg(n=("uid", "size"), size=("stratum_size", "first"),
                                        w=("weight", "sum"))
    assert (per["size"].astype(int) == sizes.loc[per.index]).all()
    assert per["w"].to_numpy() == pytest.approx(sizes.loc[per.index].to_numpy(float))
    assert sample["weight"].sum() == pytest.approx(len(coded))
    assert set(sample["split"]) == {"heldout"}


def test_same_seed_same_bytes_other_seed_other_sample(drawn: Path, tmp_path: Path) -> None:
    args = ["--processed", str(PROCESSED), "--guide", str(GUIDE), "--n", "80"]
    assert main(["validate", "sample", *args, "--seed", "7", "--out", str(tmp_path / "a")]) == 0
    assert main(["validate", "sample", *args, "--seed", "8", "--out", str(tmp_path / "b")]) == 0
    for name in ("sample.csv", "coder_a.csv", "coder_b.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (drawn / name).read_bytes()
    one, two = (pd.read_csv(tmp_path / x / "sample.csv", dtype=str) for x in "ab")
    assert one["sample_id"][0] != two["sample_id"][0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=12), st.data())
def test_allocation_fills_n_within_every_stratum(sizes: list[int], data) -> None:
    series = pd.Series(sizes, index=[f"s{i:02d}" for i in range(len(sizes))])
    n = data.draw(st.integers(len(sizes), sum(sizes)))
    alloc = stratified.allocate(series, n)
    assert alloc.sum() == n and (alloc >= 1).all() and (alloc <= series).all()
    if n >= series.clip(upper=2).sum():
        assert (alloc >= series.clip(upper=2)).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_weighted_statistics_agree_with_scikit_learn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    gold, coded = rng.integers(0, 2, 40), rng.integers(0, 2, 40)
    coded[:2], gold[:2] = 1, [1, 0]  # at least one predicted positive and one of each gold
    weights = rng.uniform(0.5, 12, 40)
    ours = statistics(confusion(gold, coded, weights))
    p, r, f, _ = precision_recall_fscore_support(gold, coded, average="binary",
                                                 sample_weight=weights, zero_division=0)
    assert (ours["precision"][0], ours["recall"][0], ours["f1"][0]) == pytest.approx((p, r, f))
    assert ours["kappa"][0] == pytest.approx(cohen_kappa_score(gold, coded,
                                                               sample_weight=weights))


def test_sample_refuses_bad_requests(drawn: Path, tmp_path: Path, capsys) -> None:
    base = ["sample", "--processed", str(PROCESSED), "--guide", str(GUIDE), "--seed", "1"]
    for extra, culprit in ((["--n", "5000"], "--n 5000"), (["--n", "4"], "fewer than the"),
                           (["--n", "80", "--out", str(drawn)], "already exists"),
                           (["--n", "80", "--coders", "0"], "--coders 0")):
        code, _, err = cli(capsys, *base, *extra, *([] if "--out" in extra else
                                                    ["--out", str(tmp_path / "x")]))
        assert code == 2 and culprit in err and len(err.strip().splitlines()) == 1


def seeded_coding(folder: Path, n: int = 120, seed: int = 3) -> pd.DataFrame:
    """A sample of the 300 hand-coded seed sentences, its sheets filled with the seeds' two
    real codings (coder A's into sheet a, B's into b)."""
    legacy = pd.read_csv(SEEDS / "sample.csv", dtype=str, keep_default_na=False)
    t = load_processed(PROCESSED)
    sent = stratified.with_context(t["sentences"], t["paragraphs"], t["documents"])
    sent = sent[sent["sentence_id"].isin(legacy["sentence_id"])].reset_index(drop=True)
    coded, _ = code_sentences(sent, load_codebook())
    sample = stratified.draw_stratified(coded, n=n, seed=seed)
    sheets.write_sample_folder(sample, folder, ["a", "b"], GUIDE)
    uid = legacy.set_index("sentence_id")["uid"]
    for coder in "ab":
        codes = pd.read_csv(SEEDS / f"coder_{coder}.csv", dtype=str).set_index("uid")
        sheet = pd.read_csv(folder / f"coder_{coder}.csv", dtype=str, keep_default_na=False)
        for dim in DIMS:
            sheet[dim] = codes.loc[uid[sheet["sentence_id"]], dim].to_numpy()
        sheets.write_csv(sheet, folder / f"coder_{coder}.csv")
    return sample


def adjudicate_from_seeds(sheet_path: Path) -> None:
    """Fill the disagreement sheet with the seeds' adjudicated decisions."""
    legacy = pd.read_csv(SEEDS / "sample.csv", dtype=str).set_index("sentence_id")["uid"]
    adj = pd.read_csv(SEEDS / "adjudication.csv", dtype=str)
    gold = {(u, d): g for u, d, g in zip(adj["uid"], adj["dimension"], adj["gold"], strict=True)}
    cells = pd.read_csv(sheet_path, dtype=str, keep_default_na=False)
    cells["gold"] = [gold[(legacy[s], d)] for s, d in zip(cells["sentence_id"],
                                                          cells["dimension"], strict=True)]
    sheets.write_csv(cells.assign(reason="as adjudicated for the seeds"), sheet_path)


def test_report_end_to_end_on_the_seeds(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mine"
    seeded_coding(folder)
    a, b = str(folder / "coder_a.csv"), str(folder / "coder_b.csv")
    code, out, _ = cli(capsys, "report", "--sheets", a, b, "--draws", "300")
    report = folder / "report"
    cells = pd.read_csv(report / "disagreements.csv", dtype=str, keep_default_na=False)
    sa, sb = (sheets.read_sheet(p, sheets.read_sample(folder / "sample.csv"))[1] for p in (a, b))
    assert code == 0 and len(cells) == int((sa[DIMS] != sb[DIMS]).to_numpy().sum()) > 0
    assert "--adjudicated" in out and not (report / "methods_vs_gold.csv").exists()
    human = pd.read_csv(report / "human_agreement.csv").set_index("dimension")
    assert human.loc["military", "kappa_a_b"] == pytest.approx(
        cohen_kappa_score(sa["military"], sb["military"]))
    adjudicate_from_seeds(report / "disagreements.csv")
    code, out, _ = cli(capsys, "report", "--sheets", a, b, "--draws", "300",
                       "--adjudicated", str(report / "disagreements.csv"))
    assert code == 0 and f"dictionary v{load_codebook().version} · information: F1" in out
    gold = pd.read_csv(report / "gold.csv", dtype={"uid": str}, keep_default_na=False)
    seeds_gold = _seeds_gold().set_index("sentence_id")
    for dim in DIMS:  # adjudicated gold equals the seeds' gold, sentence by sentence
        assert gold[dim].tolist() == seeds_gold.loc[gold["sentence_id"], dim].tolist()
    table = pd.read_csv(report / "methods_vs_gold.csv", dtype={"group": str})
    row = table[(table.group_by == "all") & (table.dimension == "information")].iloc[0]
    coded = code_texts(gold["text"], load_codebook())[0]["information"].to_numpy()
    positive = gold["information"].to_numpy() == 1  # weighted sensitivity by hand
    w = gold["weight"].to_numpy()
    assert row.sensitivity == pytest.approx((w * coded)[positive].sum() / w[positive].sum())
    assert row.f1_low <= row.f1 <= row.f1_high
    per_source = table[table.group_by == "doc_id"]
    assert (per_source["n"] < 30).any() and per_source.loc[per_source["n"] < 30, "f1"].isna().all()
    assert per_source.loc[per_source["n"] >= 30, "f1"].notna().all()


def _seeds_gold() -> pd.DataFrame:
    from analysis.validation.folder import load_gold

    return load_gold(SEEDS)


def _broken(folder: Path, name: str, edit) -> str:
    path = folder / name
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    sheets.write_csv(edit(sheet), path)
    return str(path)


@pytest.mark.parametrize("case", ["empty code", "not 0/1", "unknown uid", "other sample",
                                  "same file twice", "copy of the other sheet", "same coder",
                                  "missing column"])
def test_bad_sheets_are_one_line_errors(case: str, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "s"
    seeded_coding(folder, n=40)
    a, b = str(folder / "coder_a.csv"), str(folder / "coder_b.csv")
    culprit = {"empty code": "column economic: no code (sheet unfinished: 39 of 40 coded)",
               "not 0/1": "column military: 'yes' is not 0 or 1",
               "unknown uid": "uid 'v999' is not in the sample",
               "other sample": "sheet of sample 000000000000, not of sample",
               "same file twice": "the same sheet as", "copy of the other sheet":
               "the same sheet as", "same coder": "coder 'a' also coded",
               "missing column": "missing column(s) political"}[case]
    if case == "empty code":
        b = _broken(folder, "coder_b.csv", lambda s: s.assign(economic=["", *s.economic[1:]]))
    elif case == "not 0/1":
        b = _broken(folder, "coder_b.csv", lambda s: s.assign(military=["yes", *s.military[1:]]))
    elif case == "unknown uid":
        b = _broken(folder, "coder_b.csv", lambda s: s.assign(uid=["v999", *s.uid[1:]]))
    elif case == "other sample":
        b = _broken(folder, "coder_b.csv", lambda s: s.assign(sample_id="000000000000"))
    elif case == "same file twice":
        b = a
    elif case == "copy of the other sheet":
        b = str(shutil.copy(a, folder / "coder_c.csv"))
    elif case == "same coder":
        b = _broken(folder, "coder_b.csv", lambda s: s.assign(coder="a"))
    else:
        b = _broken(folder, "coder_b.csv", lambda s: s.drop(columns="political"))
    code, out, err = cli(capsys, "report", "--sheets", a, b, "--draws", "50")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and culprit in err and "Traceback" not in err
    assert err.startswith("analysis validate report: error: ")
    assert not (folder / "report").exists()  # nothing written


def test_bad_adjudication_and_missing_decision(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "s"
    seeded_coding(folder)
    a, b = str(folder / "coder_a.csv"), str(folder / "coder_b.csv")
    assert cli(capsys, "report", "--sheets", a, b, "--draws", "50")[0] == 0
    cells = folder / "report" / "disagreements.csv"
    code, _, err = cli(capsys, "report", "--sheets", a, b, "--adjudicated", str(cells))
    assert code == 2 and "no decision for uid" in err and err.count("\n") == 1
    _broken(folder / "report", "disagreements.csv", lambda s: s.assign(gold="2"))
    code, _, err = cli(capsys, "report", "--sheets", a, b, "--adjudicated", str(cells))
    assert code == 2 and "gold '2' is not 0 or 1" in err


def test_error_helpers_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match=r"sample\.csv: sample file not found"):
        sheets.read_sample(tmp_path / "sample.csv")


def test_notebook_06_corrects_the_weights_with_a_validation_folder_of_ones_own(
        tmp_path: Path, capsys) -> None:
    """sample → code → report → adjudicate → notebook 06 run with validation_dir pointing at
    the folder: its error rates are the weighted rates of that sample, per source."""
    import papermill

    from analysis.measure.misclassification import ErrorRates
    from analysis.pipeline.runner import LocalKernelManager
    from analysis.validation.folder import load_gold

    folder = tmp_path / "mine"
    seeded_coding(folder, n=150, seed=5)
    sheets_ = [str(folder / "coder_a.csv"), str(folder / "coder_b.csv")]
    assert cli(capsys, "report", "--sheets", *sheets_, "--draws", "50")[0] == 0
    adjudicate_from_seeds(folder / "report" / "disagreements.csv")
    out = tmp_path / "reports"
    papermill.execute_notebook(
        str(PROJECT / "notebooks" / "06_error_aware_weights.ipynb"), str(tmp_path / "06.ipynb"),
        parameters={"validation_dir": str(folder), "tables_dir": str(out / "tables"),
                    "figures_dir": str(out / "figures"), "bootstrap_draws": 200,
                    "simulation_replications": 5, "simulation_draws": 200},
        kernel_name="rb-analysis", cwd=str(PROJECT / "notebooks"), progress_bar=False,
        kernel_manager_class=LocalKernelManager)
    gold = load_gold(folder)
    expected = ErrorRates.from_frames(gold, code_texts(gold["text"], load_codebook())[0],
                                      DIMS).table()
    measured = pd.read_csv(out / "tables" / "error_rates_heldout.csv")
    assert measured["sensitivity"].tolist() == pytest.approx(expected["sensitivity"].tolist(),
                                                             abs=1e-4)
    assert measured["tp"].tolist() == pytest.approx(expected["tp"].tolist(), abs=1e-3)
    assert not measured["tp"].apply(float.is_integer).all()  # weighted counts
    by_source = pd.read_csv(out / "tables" / "error_rates_by_source.csv", dtype={"doc_id": str})
    shares = pd.read_csv(out / "tables" / "corrected_shares_by_source.csv",
                         dtype={"doc_id": str}).set_index(["doc_id", "dimension"])
    for row in by_source.itertuples(index=False):
        assert shares.loc[(row.doc_id, row.dimension), "sensitivity"] == pytest.approx(
            row.se_partially_pooled, abs=1e-4)
