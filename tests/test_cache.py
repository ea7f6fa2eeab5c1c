"""Incremental rebuilds: a changed source is reparsed alone, a changed term recodes only its
dimension, and cached results equal fresh ones."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import MANIFEST, PROJECT

from analysis.coding.codebook import load_codebook, without_entry
from analysis.coding.corpus_coding import code_sentences
from analysis.core.cache import Cache
from analysis.ingest.build import parse_corpus

CODEBOOK = PROJECT / "codebooks" / "integration-v1.1.yaml"


def assert_same_tables(a, b) -> None:
    assert a.tables.keys() == b.tables.keys()
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], obj=name)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(MANIFEST.parent, folder)
    return folder / "manifest.csv"


def edit_source(manifest: Path, doc_id: str, extra: str) -> None:
    """Append a paragraph to one source and update its checksum in the manifest."""
    with manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["doc_id"] == doc_id:
            path = manifest.parent / row["file"]
            path.write_bytes(path.read_bytes() + extra.encode("utf-8"))
            row["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_changed_source_is_the_only_one_reparsed(raw_copy: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    first = parse_corpus(raw_copy, verbose=False, cache=cache)
    assert cache.misses == {"parse": 5} and cache.hits == {}
    assert_same_tables(first, parse_corpus(raw_copy, verbose=False, cache=cache))
    assert cache.hits == {"parse": 5}
    edit_source(raw_copy, "004", "\nMoscow and Minsk signed a new gas agreement in 2021.\n")
    again = Cache(tmp_path / "cache")
    cached = parse_corpus(raw_copy, verbose=False, cache=again)
    assert again.hits == {"parse": 4} and again.misses == {"parse": 1}
    assert_same_tables(cached, parse_corpus(raw_copy, verbose=False))
    # the appended line lands after the article's footer, so it is set aside, not lost
    assert cached.tables["set_aside"]["text"].str.contains("new gas agreement").any()


def test_changed_term_recodes_only_its_dimension(tmp_path: Path) -> None:
    sentences = pd.read_parquet(PROJECT / "data" / "processed" / "sentences.parquet")
    codebook = load_codebook(CODEBOOK)
    cache = Cache(tmp_path / "cache")
    first = code_sentences(sentences, codebook, cache=cache)
    assert cache.misses == {"code": 5 * 4}
    fresh = code_sentences(sentences, codebook)
    for cached_frame, fresh_frame in zip(first, fresh, strict=True):
        pd.testing.assert_frame_equal(cached_frame, fresh_frame)
    smaller = without_entry(codebook, "economic", "subsidy")
    again = Cache(tmp_path / "cache")
    recoded = code_sentences(sentences, smaller, cache=again)
    assert again.misses == {"code": 5} and again.hits == {"code": 15}  # economic × 5 sources
    for cached_frame, fresh_frame in zip(recoded, code_sentences(sentences, smaller),
                                         strict=True):
        pd.testing.assert_frame_equal(cached_frame, fresh_frame)
    assert recoded[0]["economic"].sum() < first[0]["economic"].sum()


def test_damaged_entry_is_a_miss_and_is_rewritten(raw_copy: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    parse_corpus(raw_copy, verbose=False, cache=cache)
    entry = next((tmp_path / "cache" / "parse").rglob("*.pickle"))
    entry.write_bytes(b"not a pickle")
    again = Cache(tmp_path / "cache")
    parse_corpus(raw_copy, verbose=False, cache=again)
    assert again.misses == {"parse": 1} and again.hits == {"parse": 4}
    assert entry.read_bytes() != b"not a pickle"


def test_coding_in_several_processes_gives_the_same_codes() -> None:
    from analysis.coding.matcher import CHUNK, code_texts

    sentences = pd.read_parquet(PROJECT / "data" / "processed" / "sentences.parquet")["text"]
    texts = pd.concat([sentences] * (2 * CHUNK // len(sentences) + 1), ignore_index=True)
    codebook = load_codebook(CODEBOOK)
    one, audit_one = code_texts(texts, codebook, jobs=1)
    two, audit_two = code_texts(texts, codebook, jobs=2)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(audit_one, audit_two)
