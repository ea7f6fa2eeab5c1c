"""``analysis code``: code any CSV of texts with a codebook (DESIGN.md contract).

The CSV is read with pyarrow in blocks of a few megabytes and written as it is coded, so
memory stays flat however long the file (only the ids seen so far are kept, to refuse a
repeated id). With ``jobs`` > 1 the blocks are coded in that many processes, each loading
the codebook once, and written back in order.
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from analysis.coding.blocks import _load_in_worker, code_block
from analysis.coding.codebook import Codebook, load_codebook
from analysis.core.atomic import atomic_path
from analysis.core.errors import AnalysisError

BLOCK_BYTES = 1 << 22  # CSV bytes read (and coded) at a time


def _first_bad_byte(path: Path) -> tuple[int, int] | None:
    """The first byte that is not valid UTF-8 and its offset, reading block by block."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return exc.object[exc.start], offset - pending + exc.start
            offset += len(block)
    return None


def _fail(path: Path, exc: Exception) -> AnalysisError:
    """A one-line error for what pyarrow found wrong with the file."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "Empty CSV file" in reason:
        return AnalysisError(f"{path}: the file is empty (expected a header row)")
    bad = _first_bad_byte(path) if "UTF8" in reason or "utf8" in reason.lower() else None
    if bad is not None:
        return AnalysisError(f"{path}: not valid UTF-8 (byte 0x{bad[0]:02x} at offset "
                             f"{bad[1]}); re-save the file as UTF-8")
    return AnalysisError(f"{path}: not a well-formed CSV ({reason})")


def _columns(path: Path) -> list[str]:
    if not path.exists():
        raise AnalysisError(f"{path}: input file not found")
    if path.is_dir():
        raise AnalysisError(f"{path}: is a directory, expected a CSV file")
    try:
        return pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16),
                              parse_options=pacsv.ParseOptions(newlines_in_values=True)
                              ).schema.names
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise _fail(path, exc) from None


def read_blocks(path: Path, columns: list[str]) -> Iterator[dict[str, list[str]]]:
    """The file's ``columns``, as text (empty fields are empty strings), block by block."""
    try:
        reader = pacsv.open_csv(
            path, read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()), include_columns=columns,
                strings_can_be_null=False, quoted_strings_can_be_null=False))
        for batch in reader:
            yield {name: batch.column(name).to_pylist() for name in columns}
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise _fail(path, exc) from None




def code_csv(input_path: Path, text_column: str, output_path: Path,
             id_column: str | None = None, codebook_path: Path | None = None,
             jobs: int = 1, engine: str = "local", scheduler: str | None = None) -> str:
    """Code every row's text; write ids (or row numbers), 0/1 per dimension and matches.

    ``engine="dask"`` codes the blocks on a Dask cluster (``scheduler``: a running one's
    address; else a local one of ``jobs`` worker processes)."""
    codebook = load_codebook(codebook_path)
    names = _columns(input_path)
    listed = ", ".join(names)
    if text_column not in names:
        raise AnalysisError(f"{input_path}: no column '{text_column}' (columns: {listed})")
    if id_column is not None and id_column not in names:
        raise AnalysisError(f"{input_path}: no id column '{id_column}' (columns: {listed})")
    dims = codebook.dimension_names
    wanted = [text_column] + ([id_column] if id_column not in (None, text_column) else [])
    totals = [0] * len(dims)
    rows = empty = 0
    seen: set[str] = set()
    with atomic_path(output_path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([id_column or "row", *dims, "matches"])
        blocks = read_blocks(input_path, wanted)
        if engine == "dask":
            from analysis.coding.dask_coder import iter_coded

            coded = iter_coded(blocks, text_column, _codebook_bytes(codebook_path),
                               scheduler=scheduler, workers=jobs)
        else:
            coded = _coded(blocks, codebook, codebook_path, text_column, jobs)
        for block, (codes, matches) in coded:
            n = len(block[text_column])
            ids: list[str] | range = range(rows + 1, rows + n + 1)
            if id_column is not None:
                ids = block[id_column]
                _check_ids(input_path, id_column, ids, rows, seen)
            writer.writerows(zip(ids, *codes, matches, strict=True))
            totals = [t + sum(c) for t, c in zip(totals, codes, strict=True)]
            empty += sum(1 for text in block[text_column] if not text.strip())
            rows += n
    summary = ", ".join(f"{d} {t}" for d, t in zip(dims, totals, strict=True))
    return (f"coded {rows} texts with {codebook.name} {codebook.version} ({summary})"
            + (f"; {empty} empty texts coded 0" if empty else "") + f" → {output_path}")


def _codebook_bytes(codebook_path: Path | None) -> bytes:
    from analysis.coding.codebook import DEFAULT_CODEBOOK

    return Path(codebook_path or DEFAULT_CODEBOOK).read_bytes()


def _check_ids(path: Path, id_column: str, ids: list[str], before: int, seen: set[str]) -> None:
    for k, value in enumerate(ids):
        if not value.strip():
            raise AnalysisError(f"{path}: id column '{id_column}' is empty in row "
                                f"{before + k + 2}")
        if value in seen:
            raise AnalysisError(f"{path}: id column '{id_column}' repeats the id '{value}' "
                                f"(row {before + k + 2})")
        seen.add(value)


def _coded(blocks: Iterator[dict[str, list[str]]], codebook: Codebook,
           codebook_path: Path | None, text_column: str,
           jobs: int) -> Iterator[tuple[dict[str, list[str]], tuple]]:
    """Each block with its codes, in order; with ``jobs`` > 1 coded in worker processes,
    at most two blocks per worker in flight."""
    first = next(blocks, None)
    second = next(blocks, None) if first is not None else None
    if jobs <= 1 or second is None:  # one block: not worth starting processes
        for block in (b for b in (first, second) if b is not None):
            yield block, code_block(block[text_column], codebook)
        for block in blocks:
            yield block, code_block(block[text_column], codebook)
        return
    assert first is not None
    blocks = itertools.chain([first, second], blocks)
    with ProcessPoolExecutor(jobs, initializer=_load_in_worker,
                             initargs=(codebook_path,)) as pool:
        pending: deque[tuple[dict[str, list[str]], Future]] = deque()
        for block in blocks:
            pending.append((block, pool.submit(code_block, block[text_column])))
            if len(pending) >= 2 * jobs:
                first, future = pending.popleft()
                yield first, future.result()
        while pending:
            first, future = pending.popleft()
            yield first, future.result()
