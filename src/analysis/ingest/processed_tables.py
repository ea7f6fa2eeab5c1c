"""The processed tables' Parquet schemas, and writers that stream rows into them.

Each table is written in row groups of a fixed number of rows, whatever the documents and
however many processes parsed them, so the same rows always give the same bytes, and memory
holds one row group per table instead of the whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from analysis.core.atomic import atomic_path
from analysis.core.parquet import WRITER_OPTIONS

ROWS_PER_GROUP = 10_000
ROWS_PER_CONVERSION = 2_000  # rows kept as Python dicts before they become compact Arrow data

_S, _I, _F, _B = pa.large_string(), pa.int64(), pa.float64(), pa.bool_()


def _strings(*names: str) -> list[tuple[str, pa.DataType]]:
    return [(name, _S) for name in names]


def _ints(*names: str) -> list[tuple[str, pa.DataType]]:
    return [(name, _I) for name in names]


SET_ASIDE_REASONS = ("title", "byline", "boilerplate", "running_head", "page_number", "slug",
                     "other_language", "note")

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        *_strings("doc_id", "file", "title", "authors", "outlet", "published", "date_precision",
                  "published_start", "published_end", "date_basis", "url", "format",
                  "language", "sha256", "parser_version"),
        *_ints("n_paragraphs", "n_sentences", "n_words", "n_notes")]),
    "paragraphs": pa.schema([
        *_strings("doc_id", "paragraph_id"), ("order", _I), *_strings("role", "section", "text"),
        *_ints("n_words", "n_sentences"), ("language", _S),
        *_ints("raw_first_line", "raw_last_line")]),
    "sentences": pa.schema([
        *_strings("doc_id", "paragraph_id", "sentence_id"), ("sentence_index", _I),
        *_strings("section", "role", "text"), *_ints("n_words", "char_start", "char_end"),
        ("note_markers", pa.list_(_I))]),
    "notes": pa.schema([
        *_strings("doc_id", "note_id"), ("number", _F), *_strings("kind", "text", "language"),
        *[(name, pa.list_(pa.string())) for name in
          ("urls", "cited_dates", "cited_precisions", "access_dates", "sentence_ids")],
        ("raw_first_line", _I)]),
    "set_aside": pa.schema([
        ("doc_id", _S), ("order", _I), *_strings("reason", "detail", "text"), ("n_words", _I),
        *_ints("raw_first_line", "raw_last_line")]),
    "repairs": pa.schema([("doc_id", _S), ("order", _I),
                          *_strings("kind", "before", "after", "context")]),
    "parse_report": pa.schema([
        ("doc_id", _S), *_ints("paragraphs", "headings", "sentences", "words_kept",
                               "words_headings"),
        *_ints(*(f"words_set_aside_{reason}" for reason in SET_ASIDE_REASONS)),
        *_ints("notes", "note_fragments", "markers"),
        *_strings("markers_without_notes", "notes_without_markers", "note_number_gaps"),
        ("repairs", _I)]),
    "mentions": pa.schema([
        *_strings("doc_id", "paragraph_id", "sentence_id"), ("mention_index", _I),
        ("surface", _S), *_ints("char_start", "char_end"),
        *_strings("start_date", "end_date", "precision", "rule"),
        ("relative", _B), ("yearless", _B)]),
    "citation_dates": pa.schema([
        *_strings("doc_id", "note_id", "surface", "date", "precision", "role")]),
}
TABLES = tuple(SCHEMAS)


class TableSink:
    """Collect one table's rows and write them to ``path`` in fixed-size row groups.

    Rows are turned into Arrow data a few thousand at a time (one small Arrow table per
    document would cost more in overhead than the data), and each group is made contiguous
    before it is written, so its bytes do not depend on how the rows arrived.
    """

    def __init__(self, path: Path, schema: pa.Schema, rows_per_group: int = ROWS_PER_GROUP,
                 rows_per_conversion: int = ROWS_PER_CONVERSION):
        self.schema, self.rows_per_group = schema, rows_per_group
        self.rows_per_conversion = min(rows_per_conversion, rows_per_group)
        self.rows: list[dict] = []  # the latest rows, not yet Arrow data
        self.pending: list[pa.Table] = []  # Arrow data of the group being filled
        self.writer = pq.ParquetWriter(path, schema, **WRITER_OPTIONS)

    def add(self, rows: list[dict]) -> None:
        """Append one document's rows; every full group goes to disk at once."""
        self.rows.extend(rows)
        if len(self.rows) >= self.rows_per_conversion:
            self._convert()

    def close(self) -> None:
        """Write the last, partial group and the file footer."""
        self._convert()
        if self.pending:
            self._write(pa.concat_tables(self.pending))
        self.pending = []
        self.writer.close()

    def _convert(self) -> None:
        """Turn the buffered rows into one Arrow table; write every full group."""
        if not self.rows:
            return
        self.pending.append(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []
        table = pa.concat_tables(self.pending)
        full = table.num_rows // self.rows_per_group * self.rows_per_group
        for start in range(0, full, self.rows_per_group):
            self._write(table.slice(start, self.rows_per_group))
        rest = table.slice(full)
        self.pending = [rest] if rest.num_rows else []

    def _write(self, group: pa.Table) -> None:
        self.writer.write_table(group.combine_chunks(), row_group_size=self.rows_per_group)


def stream_tables(documents: Iterable[Mapping[str, list[dict]]], out_dir: Path | str, *,
                  rows_per_group: int = ROWS_PER_GROUP) -> list[Path]:
    """Write every document's rows into ``out_dir/<table>.parquet``, one document at a time.

    All tables are written to temporary files first and renamed into place only when every
    document has been written, so a failure leaves the previous tables untouched.
    """
    out_dir = Path(out_dir)
    targets = [out_dir / f"{name}.parquet" for name in TABLES]
    with ExitStack() as stack:
        temporaries = [stack.enter_context(atomic_path(target)) for target in targets]
        sinks = [TableSink(tmp, SCHEMAS[name], rows_per_group)
                 for name, tmp in zip(TABLES, temporaries, strict=True)]
        try:
            for rows in documents:
                for name, sink in zip(TABLES, sinks, strict=True):
                    sink.add(rows[name])
        finally:
            for sink in sinks:
                sink.close()
    return targets
