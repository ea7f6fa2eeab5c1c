"""Streaming the processed tables: row groups that cross documents, the same bytes for any
number of processes, the same data as the in-memory tables, nothing lost on failure."""

from __future__ import annotations

import hashlib
import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import MANIFEST
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.build import iter_document_rows, parse_corpus
from analysis.ingest.processed_tables import SCHEMAS, TABLES, TableSink, stream_tables

SMALL_GROUP = 37  # the seed corpus's 488 sentences span 14 groups, most of them mixing sources


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("one")
    stream_tables(iter_document_rows(MANIFEST, verbose=False, jobs=1), out,
                  rows_per_group=SMALL_GROUP)
    return out


def test_row_groups_have_the_fixed_size_and_cross_documents(one_process) -> None:
    meta = pq.ParquetFile(one_process / "sentences.parquet").metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert sizes == [SMALL_GROUP] * (488 // SMALL_GROUP) + [488 % SMALL_GROUP]
    first_group = pq.ParquetFile(one_process / "sentences.parquet").read_row_group(0)
    # source 000 has 60 sentences, so group 2 (rows 37-73) holds 000's end and 001's start
    second_group = pq.ParquetFile(one_process / "sentences.parquet").read_row_group(1)
    assert set(first_group.column("doc_id").to_pylist()) == {"000"}
    assert set(second_group.column("doc_id").to_pylist()) == {"000", "001"}


def test_two_processes_write_the_same_bytes(one_process, tmp_path) -> None:
    stream_tables(iter_document_rows(MANIFEST, verbose=False, jobs=2), tmp_path,
                  rows_per_group=SMALL_GROUP)
    assert digests(tmp_path) == digests(one_process)
    assert len(digests(tmp_path)) == len(TABLES)


def test_files_hold_the_in_memory_tables_with_the_declared_schema(one_process) -> None:
    corpus = parse_corpus(MANIFEST, verbose=False)
    for name in TABLES:
        table = pq.read_table(one_process / f"{name}.parquet")
        assert table.schema.equals(SCHEMAS[name]), name
        from_file = table.to_pandas()
        in_memory = corpus.tables[name]
        assert list(from_file.columns) == list(in_memory.columns), name
        assert len(from_file) == len(in_memory), name
        for column in ("doc_id", "text", "n_words", "sentence_id", "note_id", "surface"):
            if column in in_memory:
                assert from_file[column].tolist() == in_memory[column].tolist(), (name, column)


def test_notes_without_a_number_keep_a_missing_value(one_process) -> None:
    notes = pd.read_parquet(one_process / "notes.parquet")
    fragments = notes[notes["note_id"].str.contains("-f")]
    assert fragments["number"].isna().all() and len(fragments) == 1  # 003's one fragment
    assert notes.loc[notes["note_id"] == "003-n001", "number"].item() == 1.0


def test_a_failure_mid_stream_keeps_the_previous_tables(one_process, tmp_path) -> None:
    out = tmp_path / "processed"
    out.mkdir()
    for path in one_process.glob("*.parquet"):
        (out / path.name).write_bytes(path.read_bytes())
    before = digests(out)

    def two_then_fail() -> Iterator[dict]:
        documents = iter_document_rows(MANIFEST, verbose=False, jobs=1)
        yield next(documents)
        yield next(documents)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        stream_tables(two_then_fail(), out, rows_per_group=SMALL_GROUP)
    assert digests(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # no temporary files left


@settings(max_examples=25, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=488), max_size=30),
       rows_per_group=st.integers(min_value=1, max_value=600),
       rows_per_conversion=st.integers(min_value=1, max_value=600))
def test_bytes_do_not_depend_on_how_rows_arrive(parsed, cuts, rows_per_group,
                                                rows_per_conversion) -> None:
    """The seed corpus's sentence rows, split into arbitrary 'documents' and converted to
    Arrow in arbitrary batches, give the bytes of the same rows added at once."""
    rows = [row for doc_id in sorted(parsed) for row in parsed[doc_id][1]["sentences"]]
    bounds = [0, *sorted(cuts), len(rows)]
    with tempfile.TemporaryDirectory() as folder:
        whole, pieces = Path(folder) / "whole.parquet", Path(folder) / "pieces.parquet"
        sink = TableSink(whole, SCHEMAS["sentences"], rows_per_group)
        sink.add(rows)
        sink.close()
        sink = TableSink(pieces, SCHEMAS["sentences"], rows_per_group, rows_per_conversion)
        for start, end in itertools.pairwise(bounds):
            sink.add(rows[start:end])
        sink.close()
        assert whole.read_bytes() == pieces.read_bytes()
        assert pq.ParquetFile(pieces).metadata.num_rows == len(rows)
