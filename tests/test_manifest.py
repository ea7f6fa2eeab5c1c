"""Manifest validation: every failure is one line naming the row, file or column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import MANIFEST
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import Source, load_manifest, read_source_text, sha256_of


def test_real_manifest_loads(sources) -> None:
    assert list(sources) == ["000", "001", "002", "003", "004"]
    assert sources["003"].format == "journal_pdf_text"
    assert sources["003"].date_precision == "year"
    assert sources["003"].authors == ("Michał Słowikowski", "Michał Klonowski")
    assert str(sources["001"].published_start()) == "2021-12-01"
    assert str(sources["001"].published_end()) == "2021-12-31"
    assert all(s.date_basis.startswith(("stated:", "estimated:")) for s in sources.values())


def _copy(tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    raw = tmp_path / "raw"
    shutil.copytree(MANIFEST.parent, raw)
    return raw / "manifest.csv", pd.read_csv(raw / "manifest.csv", dtype=str,
                                             keep_default_na=False)


def _set(frame: pd.DataFrame, row: int, column: str, value: str) -> pd.DataFrame:
    frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize("edit, message", [
    (lambda f: f.drop(columns=["sha256", "language"]), r"missing column\(s\) language, sha256"),
    (lambda f: _set(f, 2, "doc_id", "000"), r"row 3 \(doc_id 000\), column doc_id: '000' repeats row 1"),
    (lambda f: _set(f, 1, "doc_id", "0 1"), r"column doc_id: '0 1' may hold only"),
    (lambda f: _set(f, 1, "file", "gone.txt"), r"row 2 \(doc_id 001\), column file: .*gone.txt does not exist"),
    (lambda f: _set(f, 1, "file", "../manifest.csv"), r"column file: '../manifest.csv' must be a relative path inside"),
    (lambda f: _set(f, 0, "published", "2021-04-31"), r"row 1 \(doc_id 000\), column published: '2021-04-31' does not match precision 'month'"),
    (lambda f: _set(_set(f, 0, "published", "2021-02-30"), 0, "date_precision", "day"), r"column published: '2021-02-30' is not a real date"),
    (lambda f: _set(f, 0, "date_precision", "week"), r"column date_precision: 'week' is not one of day, month, year"),
    (lambda f: _set(f, 4, "date_basis", "guess"), r"row 5 \(doc_id 004\), column date_basis: must start with 'stated:' or 'estimated:'"),
    (lambda f: _set(f, 4, "language", "English"), r"column language: 'English' is not an ISO 639-1 code"),
    (lambda f: _set(f, 4, "url", "atlanticcouncil.org"), r"column url: 'atlanticcouncil.org' must be empty or start with http"),
    (lambda f: _set(f, 3, "format", "docx"), r"row 4 \(doc_id 003\), column format: unknown format 'docx' \(known: web_article, journal_pdf_text, pdf\)"),
    (lambda f: _set(f, 3, "sha256", "abc"), r"column sha256: must be 64 lower-case hex digits"),
    (lambda f: _set(f, 3, "title", ""), r"row 4 \(doc_id 003\), column title: is empty"),
    (lambda f: _set(f, 3, "format", " journal_pdf_text"), r"column format: leading or trailing spaces"),
    (lambda f: f.iloc[0:0], r"no sources listed"),
])
def test_bad_manifest_rows(tmp_path, edit, message) -> None:
    path, frame = _copy(tmp_path)
    edit(frame).to_csv(path, index=False)
    with pytest.raises(AnalysisError, match=message) as info:
        load_manifest(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_manifest_in_wrong_encoding(tmp_path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_bytes(MANIFEST.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    with pytest.raises(AnalysisError, match=r"manifest.csv: not valid UTF-8 \(byte 0x"):
        load_manifest(path)


def test_empty_manifest(tmp_path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_bytes(b"")
    with pytest.raises(AnalysisError, match=r"manifest\.csv: file is empty"):
        load_manifest(path)


def test_file_changed_after_loading_is_caught_on_read(tmp_path) -> None:
    path, _ = _copy(tmp_path)
    source = load_manifest(path)[0]
    source.path.write_text("edited", encoding="utf-8")
    with pytest.raises(AnalysisError, match=r"doc_id 000\): checksum mismatch"):
        read_source_text(source)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t))
def test_utf8_text_round_trips(tmp_path, sources, text) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(text.encode("utf-8"))
    source = Source(**{**sources["000"].__dict__, "path": path, "sha256": sha256_of(path)})
    assert read_source_text(source) == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_give_text_or_a_user_error(tmp_path, sources, data) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(data)
    source = Source(**{**sources["000"].__dict__, "path": path, "sha256": sha256_of(path)})
    try:
        assert isinstance(read_source_text(source), str)
    except AnalysisError as exc:
        assert "\n" not in str(exc)
