"""The own-corpus demonstration (examples/own_corpus, scripts/demo_own_corpus.py): the inputs
are the rendering of their source texts, and the driver's steps that need no person (add →
parse → code → sample) run in a temporary copy of the project: what `analysis add` asks for,
the rows it writes, the parse of each added source (its text, its notes, no furniture), and a
sample that is the committed one, deterministic and stratified over the enlarged corpus."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import MANIFEST, PROJECT

from analysis.validation import sheets, stratified

DEMO = PROJECT / "examples" / "own_corpus"
DRIVER = PROJECT / "scripts" / "demo_own_corpus.py"
SAMPLE_ARGS = ["--n", "300", "--seed", "15", "--coders", "2", "--by", "source"]
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
    """The driver run up to the sample in a temporary folder: (work folder, its log)."""
    raw_before = {p.name: p.read_bytes() for p in MANIFEST.parent.iterdir()}
    work = tmp_path_factory.mktemp("demo") / "work"
    done = subprocess.run([sys.executable, str(DRIVER), "--workdir", str(work),
                           "--stop-after", "sample"], capture_output=True, text=True)
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
    assert commands[len(adds):] == ["parse", "code --corpus",
                                    f"validate sample {' '.join(SAMPLE_ARGS)} --out "
                                    "data/validation/own_corpus"]


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
    for name in ("sample.csv", "coder_a.csv", "coder_b.csv", "CODING_GUIDE.md"):
        assert (work / "again" / name).read_bytes() == (folder / name).read_bytes(), name
    _analysis(work, "validate", "sample", *SAMPLE_ARGS[:2], "--seed", "16", "--out", "other")
    other = pd.read_csv(work / "other" / "sample.csv", dtype=str)
    assert other["sample_id"][0] != pd.read_csv(committed, dtype=str)["sample_id"][0]


def test_sample_is_stratified_over_the_enlarged_corpus(demo) -> None:
    work, _ = demo
    folder = work / "data/validation/own_corpus"
    sample = sheets.read_sample(folder / "sample.csv")
    codes = _tables(work)["codes"]
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
        sheet = pd.read_csv(folder / f"coder_{coder}.csv", dtype=str, keep_default_na=False)
        assert list(sheet.columns) == sheets.SHEET_COLUMNS
        assert (sheet[[*sheets.CODE_COLUMNS, "note"]] == "").all().all()
        assert sheet["uid"].tolist() == sample["uid"].tolist()
