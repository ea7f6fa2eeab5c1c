"""`analysis parse`: deterministic output, one-line errors, nothing half-written."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import MANIFEST, PROJECT

TABLES = ["documents", "paragraphs", "sentences", "notes", "set_aside", "repairs",
          "parse_report", "mentions", "citation_dates"]


def run_analysis(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    first = tmp_path_factory.mktemp("first")
    second = tmp_path_factory.mktemp("second")
    done = run_analysis("parse", "--manifest", str(MANIFEST), "--out", str(first), cwd=first)
    run_analysis("parse", "--manifest", str(MANIFEST), "--out", str(second), "--quiet",
                 "--jobs", "1", cwd=second)
    return first, second, done


def test_parse_writes_every_table_with_the_same_bytes_twice(two_runs) -> None:
    first, second, done = two_runs
    assert done.returncode == 0, done.stderr
    assert sorted(digests(first)) == sorted(f"{t}.parquet" for t in TABLES)
    assert digests(first) == digests(second)


def test_parse_writes_the_bytes_the_provenance_manifest_records(two_runs) -> None:
    """The seeds' tables are those of the committed run (reports/MANIFEST.json): a change that
    only makes parsing faster must leave every byte as it was."""
    first, _, _ = two_runs
    recorded = json.loads((PROJECT / "reports" / "MANIFEST.json").read_text(encoding="utf-8"))
    expected = {Path(path).name: entry["sha256"] for path, entry in recorded["outputs"].items()
                if path.startswith("data/processed/") and Path(path).stem in TABLES}
    assert sorted(expected) == sorted(f"{t}.parquet" for t in TABLES)
    assert digests(first) == expected


def test_one_process_and_several_write_the_same_bytes(two_runs, tmp_path) -> None:
    first, second, _ = two_runs  # first: default (all cores); second: --jobs 1
    third = tmp_path / "three"
    done = run_analysis("parse", "--manifest", str(MANIFEST), "--out", str(third), "--quiet",
                        "--jobs", "3", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert digests(first) == digests(second) == digests(third)


def test_jobs_must_be_positive(tmp_path) -> None:
    done = run_analysis("parse", "--manifest", str(MANIFEST), "--out", str(tmp_path),
                        "--jobs", "0", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "analysis parse: error: --jobs 0: must be at least 1"


def test_parse_logs_progress_per_source(two_runs) -> None:
    _, _, done = two_runs
    lines = done.stderr.strip().splitlines()
    assert [line.split()[0] for line in lines[:5]] == [f"[{i}/5]" for i in range(1, 6)]
    assert lines[-1].startswith(f"wrote {len(TABLES)} tables")


def test_sentences_table_has_the_contract_columns(two_runs) -> None:
    first, _, _ = two_runs
    sentences = pd.read_parquet(first / "sentences.parquet")
    assert {"doc_id", "paragraph_id", "sentence_id", "section", "text", "n_words"} <= set(
        sentences.columns)
    assert sentences["sentence_id"].is_unique
    assert sentences["doc_id"].unique().tolist() == ["000", "001", "002", "003", "004"]


def test_notes_carry_urls_and_dates(two_runs) -> None:
    first, _, _ = two_runs
    notes = pd.read_parquet(first / "notes.parquet").set_index("note_id")
    note2 = notes.loc["003-n002"]
    assert "2022-03-04" in list(note2["access_dates"])
    assert "2021-02-09" in list(note2["cited_dates"])
    assert any(u.startswith("https://www.vedomosti.ru/") for u in note2["urls"])


def _bad_manifest(tmp_path: Path, edit) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(MANIFEST.parent, raw)
    manifest = raw / "manifest.csv"
    frame = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    edit(frame, raw)
    frame.to_csv(manifest, index=False)
    return manifest


def _replace_file(frame: pd.DataFrame, raw: Path, row: int, content: bytes) -> None:
    """Give a source new bytes and the matching checksum, so the content error shows."""
    (raw / frame.loc[row, "file"]).write_bytes(content)
    frame.loc[row, "sha256"] = hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("edit, culprit", [
    (lambda f, raw: f.loc.__setitem__((1, "format"), "docx"),
     "row 2 (doc_id 001), column format: unknown format 'docx'"),
    (lambda f, raw: f.loc.__setitem__((1, "format"), "pdf"),
     "(doc_id 001): not a PDF (no %PDF- header in its first bytes)"),
    (lambda f, raw: _replace_file(f, raw, 2, b""), "(doc_id 002): file is empty"),
    (lambda f, raw: _replace_file(f, raw, 3, "Лукашенко".encode("cp1251")),
     "(doc_id 003): not valid UTF-8 (byte 0xcb at offset 0)"),
    (lambda f, raw: _replace_file(f, raw, 4, b"\x00\x01binary\x00"), "(doc_id 004): binary file"),
    (lambda f, raw: f.loc.__setitem__((0, "sha256"), "0" * 64),
     "row 1 (doc_id 000), column sha256: checksum mismatch"),
])
def test_bad_input_is_one_line_and_keeps_previous_output(tmp_path, edit, culprit) -> None:
    manifest = _bad_manifest(tmp_path, edit)
    out = tmp_path / "processed"
    out.mkdir()
    (out / "sentences.parquet").write_bytes(b"previous run")
    done = run_analysis("parse", "--manifest", str(manifest), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert culprit in lines[0]
    assert (out / "sentences.parquet").read_bytes() == b"previous run"
    assert sorted(p.name for p in out.iterdir()) == ["sentences.parquet"]


def test_missing_manifest_is_one_line(tmp_path) -> None:
    done = run_analysis("parse", "--manifest", str(tmp_path / "none.csv"), "--out",
                        str(tmp_path / "o"), cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "none.csv" in done.stderr


def test_dask_engine_writes_the_same_bytes(two_runs, tmp_path) -> None:
    first, _, _ = two_runs
    out = tmp_path / "dask"
    done = run_analysis("parse", "--manifest", str(MANIFEST), "--out", str(out), "--quiet",
                        "--engine", "dask", "--jobs", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert digests(out) == digests(first)


def test_unreachable_scheduler_is_one_line(tmp_path) -> None:
    done = run_analysis("parse", "--manifest", str(MANIFEST), "--out", str(tmp_path),
                        "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("analysis parse: error: --scheduler tcp://127.0.0.1:9: "
                                  "cannot connect"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
