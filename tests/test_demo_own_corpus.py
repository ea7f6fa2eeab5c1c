"""The own-corpus demonstration (examples/own_corpus, scripts/demo_own_corpus.py): the inputs
are the rendering of their source texts, and the driver runs add → parse → code → sample →
report (on the committed coded sheets and adjudication) in a temporary copy of the project:
what `analysis add` asks for, the rows it writes, the parse of each added source (its text,
its notes, no furniture), a sample that is the committed one, deterministic and stratified
over the enlarged corpus, drawn with the codebook it names; the report's agreement, gold
labels and scores against independent computations; and corrected shares with real
intervals for every added source (the notebook 06 pipeline, fewer bootstrap draws)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import MANIFEST, PROJECT

from analysis.coding.codebook import DEFAULT_CODEBOOK, load_codebook
from analysis.coding.matcher import code_texts
from analysis.measure import error_aware, weights
from analysis.validation import sheets, stratified

DEMO = PROJECT / "examples" / "own_corpus"
DRIVER = PROJECT / "scripts" / "demo_own_corpus.py"
SAMPLE_CODEBOOK = "codebooks/integration-v1.2.yaml"  # the committed sample's strata
SAMPLE_ARGS = ["--n", "300", "--seed", "15", "--coders", "2", "--by", "source",
               "--codebook", SAMPLE_CODEBOOK]
CODED = DEMO / "validation"
OWN = "data/validation/own_corpus"
INTEGRATION = list(stratified.DEFAULT_STRATA_DIMENSIONS)
# file → (doc_id, format, date basis, the columns add asked for)
EXPECTED = {
    "borysthenes-review-paying-for-the-union.html":
        ("005", "html", "stated: JSON-LD datePublished", []),
    "eastern-signal-borrowed-voices.md":
        ("006", "markdown", "stated: YAML front matter 'published'", []),
    "niss-policy-paper-7-western-flank.pdf":
        ("007", "pdf", "stated: PDF metadata creationDate", ["outlet"]),
    "union-state-at-25-clipping.txt":
        ("008", "web_article", "stated: given by user", ["outlet", "published"]),
}
# What each file prints around its text, which must never reach a sentence.
FURNITURE = {
    "005": ["cookies", "Accept all", "Home / Analysis", "7 min read", "Share:", "LinkedIn",
            "Tags:", "About the author", "senior fellow", "Sign up", "Subscribe",
            "Where does Belarusian potash go now", "All rights reserved", "Privacy policy",
            "Synthetic text", "Aldona Kerbel", "Notes"],
    "006": ["Synthetic text", "empty news studio", "Photo:", "More briefs", "2025-01-14",
            "clippings", "Tobiasz Wren", "[^", "Framing Belarus"],
    "007": ["NISS Policy Paper No. 7", "Katarzyna Holm", "Belarus in Russia's force posture",
            "Synthetic text", "rail-traffic monitoring", "Notes"],
    "008": ["By Ivo", "Marchetti-Rudnev", "Clipped:", "Synthetic text", "Notes",
            "Reading the new doctrines"],
}


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render = _module("own_corpus_render", DEMO / "render.py")
ARTICLES = {a.meta["file"]: a for a in map(render.load_article,
                                           sorted((DEMO / "texts").glob("*.md")))}
BY_DOC = {EXPECTED[f][0]: a for f, a in ARTICLES.items()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    """The driver run up to the report in a temporary folder: (work folder, its log)."""
    raw_before = {p.name: p.read_bytes() for p in MANIFEST.parent.iterdir()}
    work = tmp_path_factory.mktemp("demo") / "work"
    done = subprocess.run([sys.executable, str(DRIVER), "--workdir", str(work),
                           "--stop-after", "report"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert {p.name: p.read_bytes() for p in MANIFEST.parent.iterdir()} == raw_before
    return work, done.stdout


def _analysis(work: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "analysis", *args], cwd=work, check=True,
                   capture_output=True)


def test_inputs_are_the_rendering_of_their_source_texts() -> None:
    files = render.rendered()
    assert sorted(files) == sorted(p.name for p in (DEMO / "inputs").iterdir())
    for name, data in files.items():
        assert (DEMO / "inputs" / name).read_bytes() == data, name
    assert set(files) == set(EXPECTED)


def test_every_input_says_it_is_synthetic_in_its_metadata() -> None:
    import pymupdf

    notice = "Synthetic text written for the rb-analysis package's demonstration"
    page = (DEMO / "inputs" / "borysthenes-review-paying-for-the-union.html").read_text()
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page).group(1))
    assert ld["description"].startswith(notice) and f'name="description" content="{notice}' \
        in page.replace("&#x27;", "'")
    clip = (DEMO / "inputs" / "eastern-signal-borrowed-voices.md").read_text()
    assert f"description: {notice}" in clip.split("---")[1]
    with pymupdf.open(DEMO / "inputs" / "niss-policy-paper-7-western-flank.pdf") as pdf:
        assert pdf.metadata["subject"].startswith(notice)
        assert pdf.metadata["creationDate"].startswith("D:20230620")
    text = (DEMO / "inputs" / "union-state-at-25-clipping.txt").read_text()
    assert text.strip().splitlines()[-1].startswith(f"Clipped: {notice}")
    for article in ARTICLES.values():
        assert article.meta["synthetic"].startswith(notice)


def test_add_asks_only_for_what_a_file_does_not_state(demo) -> None:
    _, out = demo
    commands = [ln.split("$ analysis ", 1)[1] for ln in out.splitlines() if "$ analysis " in ln]
    adds = [c for c in commands if c.startswith("add ")]
    assert len(adds) == 4 + sum(1 for *_, asked in EXPECTED.values() if asked)
    for file, (_, _, _, asked) in EXPECTED.items():
        mine = [c for c in adds if file in c]
        meta = ARTICLES[file].meta
        flags = [f"--{c} {meta[c] if ' ' not in meta[c] else repr(meta[c])}" for c in asked]
        assert mine[0].endswith(file)  # first without flags
        assert mine[1:] == ([f"{mine[0]} {' '.join(flags)}"] if asked else [])
    summary = next(ln for ln in out.splitlines() if ln.startswith("demo: add asked: "))
    assert summary == "demo: add asked: " + "; ".join(
        f"{f}: {', '.join(a) or 'nothing'}" for f, (*_, a) in EXPECTED.items())
    assert commands[len(adds):] == [
        "parse", "code --corpus", f"validate sample {' '.join(SAMPLE_ARGS)} --out {OWN}",
        f"validate report --sheets {OWN}/coder_a.csv {OWN}/coder_b.csv --adjudicated "
        f"{OWN}/adjudication.csv"]


def test_added_rows_carry_what_the_files_state(demo) -> None:
    work, out = demo
    rows = pd.read_csv(work / "data/raw/manifest.csv", dtype=str, keep_default_na=False)
    assert rows["doc_id"].tolist() == ["000", "001", "002", "003", "004",
                                       "005", "006", "007", "008"]
    for file, (doc_id, fmt, basis, _) in EXPECTED.items():
        row = rows.set_index("doc_id").loc[doc_id]
        meta = ARTICLES[file].meta
        data = (DEMO / "inputs" / file).read_bytes()
        assert (work / "data/raw" / file).read_bytes() == data  # copied unchanged
        assert (row.file, row.format, row.date_basis, row.language) == (file, fmt, basis, "en")
        assert (row.title, row.authors, row.outlet) == (meta["title"], "; ".join(meta["authors"]),
                                                        meta["outlet"])
        assert (row.published, row.date_precision, row.url) == (meta["published"], "day",
                                                                 meta["url"])
        assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert "WARNING" not in out


def _tables(work: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(work / "data/processed" / f"{name}.parquet")
            for name in ("paragraphs", "sentences", "notes", "set_aside", "codes")}


def test_added_sources_parse_to_their_text_and_notes_without_furniture(demo) -> None:
    work, _ = demo
    t = _tables(work)
    for doc_id, article in BY_DOC.items():
        paras = t["paragraphs"][t["paragraphs"]["doc_id"] == doc_id]
        expected = [(kind, " ".join(article.plain(text, "").split()))
                    for kind, text in article.blocks]
        if doc_id == "007":  # the PDF parser keeps the endnotes' heading as a heading (it
            expected.append(("heading", "Notes"))  # holds no sentence); web parsers drop it
        assert list(zip(paras["role"], paras["text"], strict=True)) == expected, doc_id
        notes = t["notes"][t["notes"]["doc_id"] == doc_id]
        assert dict(zip(notes["number"].astype(int), notes["text"], strict=True)) == \
            article.notes, doc_id
        sentences = t["sentences"][t["sentences"]["doc_id"] == doc_id]["text"].tolist()
        body = " ".join(text for kind, text in expected if kind == "body")
        assert " ".join(sentences) == body  # every body word in a sentence, nothing else
        for piece in FURNITURE[doc_id]:
            assert not [s for s in sentences if piece in s], (doc_id, piece)
        assert not any(re.fullmatch(r"\W*\d+\W*", s) for s in sentences)  # page numbers
        aside = t["set_aside"][t["set_aside"]["doc_id"] == doc_id]
        assert "title" in set(aside["reason"]), doc_id
    reasons = set(t["set_aside"].loc[t["set_aside"]["doc_id"] == "007", "reason"])
    assert {"running_head", "page_number", "byline", "note"} <= reasons


def test_sample_is_the_committed_one_and_the_same_on_every_draw(demo) -> None:
    work, out = demo
    folder = work / "data/validation/own_corpus"
    committed = DEMO / "validation" / "sample.csv"
    assert (folder / "sample.csv").read_bytes() == committed.read_bytes()
    assert "the sample is the committed one" in out
    _analysis(work, "validate", "sample", *SAMPLE_ARGS, "--out", "again")
    for name in ("sample.csv", "CODING_GUIDE.md"):
        assert (work / "again" / name).read_bytes() == (folder / name).read_bytes(), name
    fixed = [c for c in sheets.SHEET_COLUMNS if c not in (*sheets.CODE_COLUMNS, "note")]
    for coder in "ab":  # the blank sheets as drawn, and the committed ones: the same, filled in
        blank, coded = (pd.read_csv(f, dtype=str, keep_default_na=False)
                        for f in (work / "again" / f"coder_{coder}.csv",
                                  CODED / f"coder_{coder}.csv"))
        assert list(blank.columns) == list(coded.columns) == sheets.SHEET_COLUMNS
        assert (blank[[*sheets.CODE_COLUMNS, "note"]] == "").all().all()
        assert blank[fixed].equals(coded[fixed])
        assert coded[list(sheets.CODE_COLUMNS)].isin(["0", "1"]).all().all()
    ours = pd.read_csv(committed, dtype=str)["sample_id"][0]
    _analysis(work, "validate", "sample", *SAMPLE_ARGS[:2], "--seed", "16", "--out", "other")
    assert pd.read_csv(work / "other" / "sample.csv", dtype=str)["sample_id"][0] != ours
    # the strata are the codebook's codes: another codebook, another sample (hence the pin)
    _analysis(work, "validate", "sample", *SAMPLE_ARGS[:-1], "codebooks/integration-v1.yaml",
              "--out", "v1")
    assert pd.read_csv(work / "v1" / "sample.csv", dtype=str)["sample_id"][0] != ours


def test_sample_is_stratified_over_the_enlarged_corpus(demo) -> None:
    work, _ = demo
    folder = work / "data/validation/own_corpus"
    sample = sheets.read_sample(folder / "sample.csv")
    sentences = _tables(work)["sentences"]
    codes, _ = code_texts(sentences["text"], load_codebook(work / SAMPLE_CODEBOOK))
    codes = codes.assign(doc_id=sentences["doc_id"].to_numpy(),
                         sentence_id=sentences["sentence_id"].to_numpy())
    strata = codes["doc_id"] + "|" + stratified.code_pattern(codes, INTEGRATION)
    sizes = strata.value_counts()
    assert set(sample["stratum"]) == set(sizes.index)  # every source × code pattern
    per = sample.groupby("stratum").agg(n=("uid", "size"), w=("weight", "sum"))
    assert per["w"].to_numpy() == pytest.approx(sizes.loc[per.index].to_numpy(float))
    assert sample["weight"].sum() == pytest.approx(len(codes))
    assert len(sample) == 300 and set(sample["split"]) == {"heldout"}
    added = sample[sample["doc_id"].isin(BY_DOC)]
    assert added.groupby("doc_id").size().min() >= 15
    coded = codes.set_index("sentence_id").loc[added["sentence_id"], INTEGRATION]
    assert (coded.sum() > 0).all()  # the dictionary's positives of each dimension
    for coder in "ab":
        sheet = pd.read_csv(CODED / f"coder_{coder}.csv", dtype=str, keep_default_na=False)
        assert sheet["uid"].tolist() == sample["uid"].tolist()
        assert set(sheet["sample_id"]) == set(sample["sample_id"])


def _committed_sheets() -> dict[str, pd.DataFrame]:
    return {c: pd.read_csv(CODED / f"coder_{c}.csv", dtype={"uid": str}, keep_default_na=False)
            for c in "ab"}


def test_report_on_the_committed_sheets_and_adjudication(demo) -> None:
    """Agreement, disagreements, gold labels and the dictionary's weighted scores, each
    against a computation of its own from the committed files."""
    from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score

    work, out = demo
    report = work / OWN / "report"
    coded = _committed_sheets()
    for c in "ab":  # the report read the committed sheets
        assert (work / OWN / f"coder_{c}.csv").read_bytes() == \
            (CODED / f"coder_{c}.csv").read_bytes()
    human = pd.read_csv(report / "human_agreement.csv").set_index("dimension")
    for dim in sheets.CODE_COLUMNS:
        assert human.loc[dim, "kappa_a_b"] == pytest.approx(
            cohen_kappa_score(coded["a"][dim], coded["b"][dim]))
    assert human["kappa_a_b"].round(3).to_dict() == {
        "economic": 0.954, "military": 0.873, "information": 0.948, "political": 0.833}
    assert human["alpha"].round(3).to_dict() == {
        "economic": 0.954, "military": 0.873, "information": 0.948, "political": 0.832}
    differ = {(u, d) for d in sheets.CODE_COLUMNS
              for u, a, b in zip(coded["a"]["uid"], coded["a"][d], coded["b"][d], strict=True)
              if a != b}
    assert len(differ) == 48
    assert f"48 cells where the coders disagree ({OWN}/report/disagreements.csv)" in out
    cells = pd.read_csv(report / "disagreements.csv", dtype=str, keep_default_na=False)
    adjudication = pd.read_csv(CODED / "adjudication.csv", dtype=str, keep_default_na=False)
    assert set(zip(cells["uid"], cells["dimension"], strict=True)) == differ
    key = ["uid", "dimension"]
    both = cells.merge(adjudication[[*key, "gold", "reason"]], on=key, suffixes=("", "_adj"))
    assert len(both) == 48 and (both["gold"] == both["gold_adj"]).all()
    assert (both["reason"] == both["reason_adj"]).all() and (both["reason"] != "").all()
    decided = {(r.uid, r.dimension): int(r.gold) for r in adjudication.itertuples()}
    gold = pd.read_csv(report / "gold.csv", dtype={"uid": str, "doc_id": str})
    for dim in sheets.CODE_COLUMNS:
        expected = [a if a == b else decided[(u, dim)] for u, a, b in
                    zip(coded["a"]["uid"], coded["a"][dim], coded["b"][dim], strict=True)]
        assert gold[dim].tolist() == expected, dim
    # the dictionary is the default codebook, weighted by the sampling weights
    codebook = load_codebook()
    dictionary, _ = code_texts(gold["text"], codebook)
    table = pd.read_csv(report / "methods_vs_gold.csv", dtype={"group": str})
    overall = table[table["group_by"] == "all"].set_index("dimension")
    assert set(table["method"]) == {f"dictionary v{codebook.version}"}
    for dim in sheets.CODE_COLUMNS:
        row, w = overall.loc[dim], gold["weight"]
        for name, score in (("precision", precision_score), ("recall", recall_score),
                            ("f1", f1_score)):
            assert row[name] == pytest.approx(score(gold[dim], dictionary[dim],
                                                    sample_weight=w)), (dim, name)
            assert row[f"{name}_low"] < row[name] < row[f"{name}_high"], (dim, name)
    per_source = table[table["group_by"] == "doc_id"].set_index("group")
    assert set(per_source.index) == {f"{i:03d}" for i in range(9)}
    estimated = set(per_source.index[per_source["f1"].notna()])
    assert estimated == set(per_source.index[per_source["n"] >= 30]) == {"000", "001", "003"}


def test_corrected_shares_for_every_source_with_real_intervals(demo) -> None:
    """Notebook 06's pipeline on the demo's validation folder (default codebook, per-source
    partially pooled rates; 400 bootstrap draws instead of 2,000): every source × dimension
    gets a corrected share inside an interval of real width, also where the dictionary
    coded nothing (006 economic, 007 information: the cluster bootstrap alone gave [0, 0])."""
    work, _ = demo
    dims = list(sheets.CODE_COLUMNS)
    prep = weights.prepare(work / "data/processed", DEFAULT_CODEBOOK)
    rates = error_aware.heldout_error_rates(work / OWN, prep.codebook, dims)
    settings = weights.Settings(dimensions=dims, bootstrap_draws=400)
    tables = error_aware.corrected_tables(prep, settings, rates, j_min=0.5, draws_out={},
                                          rates_by="doc_id")
    shares = tables["by_source"]
    assert sorted(set(shares["doc_id"])) == [f"{i:03d}" for i in range(9)]
    assert len(shares) == 36 and set(tables["rates_by_group"]["doc_id"]) == set(shares["doc_id"])
    assert (shares["corrected_ci_low"] <= shares["corrected_share"]).all()
    assert (shares["corrected_share"] <= shares["corrected_ci_high"]).all()
    added = shares[shares["doc_id"].isin(BY_DOC)]
    assert len(added) == 16
    assert (added["corrected_ci_high"] - added["corrected_ci_low"] > 0.03).all(), added
    zero = added[added["k"] == 0].set_index(["doc_id", "dimension"])
    assert {("006", "economic"), ("007", "information")} <= set(zero.index)
    assert (zero["corrected_ci_low"] == 0).all() and (zero["corrected_ci_high"] > 0.05).all()


def test_report_depends_on_the_sample_codebook_only_through_strata_and_weights(demo) -> None:
    """The report under another codebook than the one the strata came from: agreement,
    disagreement sheet and gold labels byte for byte the same; only the dictionary's scores
    (now of that codebook, on the same weights and strata) change."""
    work, _ = demo
    names = [f"{OWN}/coder_{c}.csv" for c in "ab"]
    _analysis(work, "validate", "report", "--sheets", *names, "--adjudicated",
              f"{OWN}/adjudication.csv", "--codebook", "codebooks/integration-v1.yaml",
              "--draws", "100", "--out", "report-v1")
    ours = work / OWN / "report"
    for name in ("human_agreement.csv", "disagreements.csv", "gold.csv"):
        assert (work / "report-v1" / name).read_bytes() == (ours / name).read_bytes(), name
    other = pd.read_csv(work / "report-v1" / "methods_vs_gold.csv")
    assert set(other["method"]) == {"dictionary v1.0.0"}
    default = pd.read_csv(ours / "methods_vs_gold.csv")
    assert other[["dimension", "group", "n", "weight_total"]].equals(
        default[["dimension", "group", "n", "weight_total"]])
    assert not np.allclose(other["f1"].fillna(0), default["f1"].fillna(0))
