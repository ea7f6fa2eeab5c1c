"""The codebook: schema errors, matching rules, the audit trail, and `analysis code`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.coding.codebook import DEFAULT_CODEBOOK, load_codebook
from analysis.coding.matcher import code_texts, find_matches
from analysis.core.errors import AnalysisError

CB = load_codebook()
PROJECT = Path(__file__).resolve().parents[1]


def codes(text: str) -> dict[str, int]:
    coded, _ = code_texts(pd.Series([text]), CB)
    return {d: int(coded.loc[0, d]) for d in CB.dimension_names}


def write_codebook(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "cb.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# --- exclusions veto, multi-word expressions win, inflections and case ----------------------

def test_tear_gas_is_not_energy() -> None:
    # 003: "the use of chemicals, tear gas, smoke grenades"
    assert codes("the use of chemicals, tear gas, smoke grenades")["economic"] == 0
    assert codes("the gas price of about $130 per 1000 m3 is relatively low")["economic"] == 1


def test_necessary_information_is_not_the_information_space() -> None:
    text = ("the Belarusian authorities declared their readiness to make available all the "
            "necessary information and materials")
    assert codes(text)["information"] == 0
    vetoed = [m for m in find_matches(text, CB) if m.vetoed_by]
    assert [(m.dimension, m.entry_id, m.vetoed_by) for m in vetoed] == [
        ("information", "information_operations", "necessary_information")]


def test_information_war_is_information_not_military() -> None:
    text = "Belarus has become part of information warfare against the West"
    assert codes(text) == {"economic": 0, "military": 0, "information": 1, "political": 1}


def test_multi_word_expression_wins_over_its_part() -> None:
    matches = find_matches("Russia demanded security guarantees from the United States", CB)
    military = [m for m in matches if m.dimension == "military"]
    assert [(m.entry_id, m.surface) for m in military] == [("security", "security guarantees")]


def test_inflections_and_hyphen_variants_match() -> None:
    assert codes("the militarisation of Belarus")["military"] == 1
    assert codes("the militarization of Belarus")["military"] == 1
    assert codes("an air-defence unit")["military"] == 1
    assert codes("the West imposed multilayered sanctions")["political"] == 1


def test_acronyms_are_case_sensitive() -> None:
    assert codes("the FSB arrested two Belarusians")["military"] == 1
    assert codes("RT sent 32 reporters")["information"] == 1
    assert codes("the art of the deal")["information"] == 0  # 'rt' inside a word, lower case


def test_figurative_price_is_vetoed() -> None:
    assert codes("This is part of the price the Belarussian dictator is paying")["economic"] == 0


def test_audit_trail_names_every_match() -> None:
    text = "energy prices, integration, and plans to sell bonds to refinance its debt"
    coded, audit = code_texts(pd.Series([text]), CB)
    kept = audit[audit["vetoed_by"] == ""]
    assert set(zip(kept["dimension"], kept["surface"], strict=True)) >= {
        ("economic", "energy prices"), ("economic", "bonds"), ("economic", "refinance"),
        ("economic", "debt"), ("political", "integration")}
    for _, row in kept.iterrows():
        assert text[row["start"]:row["end"]] == row["surface"]
    assert coded.loc[0, "n_economic"] == 4
    assert "economic:bond=bonds" in coded.loc[0, "matches"]


# --- schema errors name the entry ------------------------------------------------------------

@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.pop("version"), r"version: must be a non-empty string"),
    (lambda d: d["dimensions"]["economic"].pop("definition"),
     r"dimensions.economic.definition: must be a non-empty string"),
    (lambda d: d["dimensions"]["economic"]["terms"][0].update(patterns=[]),
     r"dimensions.economic.terms\[0\] \(id 'economy'\): 'patterns' must be a non-empty list"),
    (lambda d: d["dimensions"]["military"]["terms"].append({"id": "military", "patterns": ["x"]}),
     r"duplicate id 'military' in dimension 'military'"),
    (lambda d: d["dimensions"]["military"]["terms"][0].update(patterns=["** war"]),
     r"pattern '\*\* war' is malformed"),
    (lambda d: d["dimensions"]["information"]["exclusions"][0].update(colour="red"),
     r"dimensions.information.exclusions\[0\]: unknown key\(s\) colour"),
    (lambda d: d["dimensions"]["political"].update(terms="union state"),
     r"dimensions.political.terms: must be a non-empty list"),
])
def test_malformed_codebook_gets_one_line_naming_the_entry(tmp_path, mutate, message) -> None:
    with pytest.raises(AnalysisError, match=message) as info:
        load_codebook(write_codebook(tmp_path, mutate))
    assert "\n" not in str(info.value)


def test_codebook_that_is_not_yaml(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("dimensions: [unclosed\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match="not valid YAML"):
        load_codebook(path)


def test_copied_and_edited_codebook_is_used(tmp_path) -> None:
    def add_term(d):
        d["dimensions"]["economic"]["terms"].append({"id": "potash", "patterns": ["potash"]})
    cb = load_codebook(write_codebook(tmp_path, add_term))
    coded, _ = code_texts(pd.Series(["Belarusian potash exports by rail"]), cb)
    assert "economic:potash=potash" in coded.loc[0, "matches"]


# --- `analysis code` -------------------------------------------------------------------------

def run_code(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "code", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_code_command_keeps_odd_ids_and_adds_dimensions(tmp_path) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"id": ["007", "a b", "x,y"], "body": [
        "The FSB arrested two Belarusians.", "", "Gas prices and Russian propaganda."]}
    ).to_csv(src, index=False)
    done = run_code("--input", str(src), "--text-column", "body", "--output",
                    str(tmp_path / "out.csv"), "--id-column", "id", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert list(out.columns) == ["id", "economic", "military", "information", "political",
                                 "matches"]
    assert out["id"].tolist() == ["007", "a b", "x,y"]
    assert out[["economic", "military", "information"]].values.tolist() == [
        ["0", "1", "0"], ["0", "0", "0"], ["1", "0", "1"]]
    assert "1 empty texts coded 0" in done.stderr


def test_code_command_without_id_column_numbers_rows(tmp_path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text\nNATO troops\n", encoding="utf-8")
    done = run_code("--input", str(src), "--text-column", "text", "--output",
                    str(tmp_path / "out.csv"), cwd=tmp_path)
    assert done.returncode == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[0].startswith("row,")


@pytest.mark.parametrize("content, args, message", [
    (None, ["--text-column", "text"], "input file not found"),
    (b"", ["--text-column", "text"], "the file is empty"),
    ("text\nЛукашенко\n".encode("cp1251"), ["--text-column", "text"], "not valid UTF-8"),
    (b"body\nx\n", ["--text-column", "text"], "no column 'text' \\(columns: body\\)"),
    (b"text\nx\n", ["--text-column", "text", "--id-column", "id"], "no id column 'id'"),
    (b"id,text\n1,a\n1,b\n", ["--text-column", "text", "--id-column", "id"],
     "repeats the id '1' \\(row 3\\)"),
])
def test_code_command_errors_are_one_line(tmp_path, content, args, message) -> None:
    src = tmp_path / "in.csv"
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "out.csv"
    out.write_text("keep me", encoding="utf-8")
    done = run_code("--input", str(src), "--output", str(out), *args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert re.search(message, lines[0])
    assert out.read_text(encoding="utf-8") == "keep me"  # nothing half-overwritten


def test_code_command_with_broken_codebook_names_it(tmp_path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text\nx\n", encoding="utf-8")
    cb = tmp_path / "cb.yaml"
    shutil.copy(DEFAULT_CODEBOOK, cb)
    cb.write_text(re.sub(r"(?m)^version: .*$", "version: one",
                         cb.read_text(encoding="utf-8")), encoding="utf-8")
    done = run_code("--input", str(src), "--text-column", "text", "--output",
                    str(tmp_path / "o.csv"), "--codebook", str(cb), cwd=tmp_path)
    assert done.returncode == 2 and "version: 'one' is not MAJOR.MINOR.PATCH" in done.stderr


def test_code_csv_streams_blocks_with_the_same_output(tmp_path, monkeypatch) -> None:
    from analysis.coding import code_csv as module

    sentences = pd.read_parquet(PROJECT / "data" / "processed" / "sentences.parquet")
    src = tmp_path / "in.csv"
    frame = pd.DataFrame({"id": sentences["sentence_id"], "text": sentences["text"]})
    frame.loc[5, "text"] = 'two lines\nof "quoted", text about gas prices'
    frame.to_csv(src, index=False)
    whole, parts = tmp_path / "whole.csv", tmp_path / "parts.csv"
    module.code_csv(src, "text", whole, "id")
    monkeypatch.setattr(module, "BLOCK_BYTES", 4096)  # ~20 blocks
    assert sum(1 for _ in module.read_blocks(src, ["text"])) > 10
    message = module.code_csv(src, "text", parts, "id", jobs=2)
    assert parts.read_bytes() == whole.read_bytes()
    assert message.startswith(f"coded {len(frame)} texts")
    coded, _ = code_texts(frame["text"], CB)
    out = pd.read_csv(parts, dtype=str, keep_default_na=False)
    assert out["matches"].tolist() == coded["matches"].tolist()
    assert out["id"].tolist() == frame["id"].tolist()
    frame.loc[len(frame) - 1, "id"] = frame.loc[0, "id"]  # a repeat in the last block
    frame.to_csv(src, index=False)
    with pytest.raises(AnalysisError, match=f"repeats the id .* \\(row {len(frame) + 1}\\)"):
        module.code_csv(src, "text", parts, "id")
    assert parts.read_bytes() == whole.read_bytes()  # untouched


def test_code_csv_on_dask_gives_the_same_bytes(tmp_path, monkeypatch) -> None:
    """A local cluster of two worker processes, then a scheduler and a worker started
    separately (`dask scheduler`, `dask worker` on 127.0.0.1), as on a real cluster."""
    import json
    import os
    import time

    from analysis.coding import code_csv as module

    sentences = pd.read_parquet(PROJECT / "data" / "processed" / "sentences.parquet")
    src = tmp_path / "in.csv"
    pd.DataFrame({"id": sentences["sentence_id"], "text": sentences["text"]}).to_csv(
        src, index=False)
    expected = tmp_path / "one.csv"
    module.code_csv(src, "text", expected, "id", jobs=1)
    monkeypatch.setattr(module, "BLOCK_BYTES", 8192)
    local = tmp_path / "local.csv"
    module.code_csv(src, "text", local, "id", jobs=2, engine="dask")
    assert local.read_bytes() == expected.read_bytes()

    info = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    dask = Path(sys.executable).with_name("dask")
    scheduler = subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(info)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        for _ in range(300):
            if info.exists() and info.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        worker = subprocess.Popen([str(dask), "worker", address, "--nworkers", "1",
                                   "--nthreads", "1", "--no-dashboard"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        remote = tmp_path / "remote.csv"
        module.code_csv(src, "text", remote, "id", engine="dask", scheduler=address)
        assert remote.read_bytes() == expected.read_bytes()
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
