"""Codes computed once: codes.parquet and matches.parquet, reused while codebook and
sentences are unchanged, recomputed (never stale) when either changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import PROJECT

from analysis.cli import main
from analysis.coding.codebook import load_codebook
from analysis.coding.corpus_codes import load_codes, write_codes
from analysis.coding.corpus_coding import code_sentences
from analysis.core.errors import AnalysisError

CODEBOOK = PROJECT / "codebooks" / "integration-v1.1.yaml"
OLD_CODEBOOK = PROJECT / "codebooks" / "integration-v1.yaml"


@pytest.fixture()
def processed(tmp_path: Path) -> Path:
    folder = tmp_path / "processed"
    folder.mkdir()
    shutil.copy(PROJECT / "data" / "processed" / "sentences.parquet", folder)
    return folder


def test_codes_file_holds_one_row_per_sentence_with_the_codebook_identity(processed) -> None:
    paths, written = write_codes(processed, CODEBOOK)
    assert written and [p.name for p in paths] == ["codes.parquet", "matches.parquet"]
    codes = pd.read_parquet(paths[0])
    sentences = pd.read_parquet(processed / "sentences.parquet")
    assert codes["sentence_id"].tolist() == sentences["sentence_id"].tolist()
    book = load_codebook(CODEBOOK)
    assert set(codes["codebook_version"]) == {book.version}
    assert set(codes["codebook_sha256"]) == {book.sha256}
    expected, audit = code_sentences(sentences, book)
    for dim in book.dimension_names:
        assert codes[dim].tolist() == expected[dim].tolist()
    matches = pd.read_parquet(paths[1])
    assert len(matches) == len(audit)
    # A sentence coded economic has its audit rows in matches.parquet.
    row = codes[codes["matches"].str.contains("economic:", regex=False)].iloc[0]
    assert row["economic"] == 1
    assert (matches["sentence_id"] == row["sentence_id"]).any()


def test_unchanged_inputs_leave_the_files_alone_and_a_new_codebook_rewrites(processed) -> None:
    paths, _ = write_codes(processed, CODEBOOK)
    before = [p.stat().st_ino for p in paths], [p.read_bytes() for p in paths]
    _, written = write_codes(processed, CODEBOOK)
    assert not written
    assert [p.stat().st_ino for p in paths] == before[0]
    _, written = write_codes(processed, OLD_CODEBOOK)
    assert written
    assert pq.read_schema(paths[0]).metadata[b"codebook_sha256"] == \
        load_codebook(OLD_CODEBOOK).sha256.encode()
    write_codes(processed, CODEBOOK)
    assert [p.read_bytes() for p in paths] == before[1]  # same inputs, same bytes


def test_changed_sentences_make_the_codes_stale(processed) -> None:
    write_codes(processed, CODEBOOK)
    sentences = pd.read_parquet(processed / "sentences.parquet")
    edited = sentences.copy()
    edited.loc[0, "text"] = "Gazprom raised the gas price for Minsk."
    loaded = load_codes(processed, CODEBOOK, edited)  # not the file: it was made from others
    assert loaded.codes.loc[0, "economic"] == 1
    fresh = load_codes(processed, CODEBOOK, sentences)
    assert fresh.codes["sentence_id"].tolist() == sentences["sentence_id"].tolist()


def test_another_codebook_is_coded_in_memory_by_the_same_step(processed) -> None:
    write_codes(processed, CODEBOOK)
    sentences = pd.read_parquet(processed / "sentences.parquet")
    old = load_codes(processed, OLD_CODEBOOK, sentences)
    expected, _ = code_sentences(sentences, load_codebook(OLD_CODEBOOK))
    assert old.codes["political"].tolist() == expected["political"].tolist()
    assert set(old.codes["codebook_version"]) == {load_codebook(OLD_CODEBOOK).version}


def test_cli_codes_the_corpus_and_names_missing_flags(processed, capsys) -> None:
    assert main(["code", "--corpus", "--processed", str(processed),
                 "--codebook", str(CODEBOOK)]) == 0
    assert (processed / "codes.parquet").is_file()
    assert main(["code", "--corpus", "--processed", str(processed),
                 "--codebook", str(CODEBOOK)]) == 0
    assert "up to date" in capsys.readouterr().err
    assert main(["code", "--input", "x.csv"]) == 2
    assert capsys.readouterr().err.strip() == (
        "analysis code: error: --text-column, --output required (or --corpus to code the "
        "processed corpus)")


def test_missing_parse_is_a_one_line_error(tmp_path) -> None:
    with pytest.raises(AnalysisError, match=r"sentences.parquet: not found \(run `analysis "
                                            r"parse` first\)"):
        write_codes(tmp_path, CODEBOOK)
