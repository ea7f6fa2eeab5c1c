"""Deterministic Parquet I/O: fixed writer options, no index, atomic replace."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.core.atomic import write_with

WRITER_OPTIONS = {"compression": "zstd", "compression_level": 9, "write_statistics": True,
                  "use_dictionary": True}  # fixed, so the same data always gives the same bytes


def write_parquet(frame: pd.DataFrame, path: Path | str) -> None:
    """Write ``frame`` so that the same data always gives the same bytes."""
    table = pa.Table.from_pandas(frame, preserve_index=False)

    def _write(tmp: Path) -> None:
        pq.write_table(table, tmp, **WRITER_OPTIONS)

    write_with(path, _write)


def read_parquet(path: Path | str) -> pd.DataFrame:
    """Read a processed table."""
    return pd.read_parquet(path)
