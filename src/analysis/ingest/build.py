"""Parse every source in the manifest into the tables of ``data/processed``."""

from __future__ import annotations

import dataclasses
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import ExitStack, closing
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.cache import Cache, parse_key
from analysis.ingest.corpus import Source, load_manifest, read_source_text
from analysis.ingest.parsers import check_source, require_parser
from analysis.ingest.parsers.furniture import repeats_by_source
from analysis.ingest.processed_tables import SCHEMAS, TABLES, stream_tables
from analysis.ingest.rows import all_set_aside, parse_one, rows_of, rows_of_task

__all__ = ["ParsedCorpus", "all_set_aside", "iter_document_rows", "log", "parse_corpus",
           "parse_one", "rows_of", "write_corpus"]


@dataclass
class ParsedCorpus:
    """Every processed table, as data frames keyed by table name."""

    tables: dict[str, pd.DataFrame]


def log(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def source_fields(source: Source) -> dict:
    """The manifest row of a source (its checksum included), without the local path."""
    fields = dataclasses.asdict(source)
    fields.pop("path")
    return fields


def _cache_fields(source: Source, repeats: dict[str, frozenset[str]]) -> dict:
    """What a parsed source's cache key covers: its manifest row and its outlet's repeats."""
    fields = source_fields(source)
    if source.doc_id in repeats:
        fields["outlet_repeats"] = sorted(repeats[source.doc_id])
    return fields


def iter_document_rows(manifest: Path | str, *, verbose: bool = True, jobs: int = 1,
                       cache: Cache | None = None, engine: str = "local",
                       scheduler: str | None = None
                       ) -> Generator[dict[str, list[dict]], None, None]:
    """Each source's table rows, in doc_id order, holding only a few sources at a time.

    Every raw file is read and checked before the first source is parsed, so bad input
    stops the run before anything is written. With ``jobs`` > 1 the sources are parsed by
    that many processes (each reads its own file; at most eight sources per process are in
    flight); ``engine="dask"`` parses on a Dask cluster (local, or ``scheduler``'s address).
    With a ``cache``, a source whose raw text, manifest row and parsing code are unchanged is
    read back instead of parsed. The rows are the same whichever way they were made.
    """
    sources = load_manifest(manifest)
    for source in sources:
        require_parser(source)  # every input error first
        check_source(read_source_text(source), source)
    repeats = repeats_by_source(sources)
    keys = [parse_key(_cache_fields(s, repeats)) for s in sources] if cache else []
    fresh = [not (cache and cache.has("parse", keys[i])) for i in range(len(sources))]
    todo = [(source, repeats.get(source.doc_id, frozenset()))
            for source, parse in zip(sources, fresh, strict=True) if parse]
    with ExitStack() as stack:
        if engine == "dask" and todo:
            from analysis.ingest.dask_engine import iter_parse_rows

            parsed = iter_parse_rows(todo, scheduler=scheduler, workers=jobs)
        elif min(jobs, len(todo)) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(jobs))
            parsed = ordered_map(pool, rows_of_task, todo, window=8 * jobs)
        else:
            parsed = map(rows_of_task, todo)
        for index, source in enumerate(sources):
            doc_rows = None if fresh[index] or cache is None else cache.get("parse",
                                                                            keys[index])
            if doc_rows is None:  # not cached, or the cached copy was unreadable (a miss)
                doc_rows = next(parsed) if fresh[index] else rows_of_task(
                    (source, repeats.get(source.doc_id, frozenset())))
                if cache and fresh[index]:
                    cache.count_miss("parse")
                if cache:
                    cache.put("parse", keys[index], doc_rows)
            if verbose:
                _log_source(doc_rows, source, index + 1, len(sources))
            yield doc_rows


def ordered_map(pool: Executor, function: Callable, items: Sequence, *,
                window: int) -> Iterator:
    """``pool.map`` in input order, but with at most ``window`` items submitted at a time."""
    pending: deque[Future] = deque()
    remaining = iter(items)
    for item in islice(remaining, window):
        pending.append(pool.submit(function, item))
    while pending:
        result = pending.popleft().result()
        for item in islice(remaining, 1):
            pending.append(pool.submit(function, item))
        yield result


def parse_corpus(manifest: Path | str, **options: Any) -> ParsedCorpus:
    """Every table as a data frame (the whole corpus in memory; for tests and small corpora).

    Takes the options of :func:`iter_document_rows`.
    """
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for doc_rows in iter_document_rows(manifest, **options):
        for name in TABLES:
            rows[name].extend(doc_rows[name])
    return ParsedCorpus({name: pd.DataFrame(rows[name], columns=SCHEMAS[name].names)
                         for name in TABLES})


def write_corpus(manifest: Path | str, out_dir: Path | str, **options: Any) -> list[Path]:
    """Parse every source and stream its rows into ``out_dir/<table>.parquet``.

    Memory holds a few sources and one row group per table, whatever the corpus size; the
    bytes are the same for any ``jobs``, engine or cache state. Takes the options of
    :func:`iter_document_rows`.
    """
    with closing(iter_document_rows(manifest, **options)) as documents:  # stop workers on error
        return stream_tables(documents, out_dir)


def _log_source(doc_rows: dict[str, list[dict]], source: Source, index: int,
                total: int) -> None:
    """One progress line per source."""
    r = doc_rows["parse_report"][0]
    log(f"[{index}/{total}] {source.doc_id} {source.format}: "
        f"{r['paragraphs']} paragraphs, {r['sentences']} sentences, "
        f"{r['words_kept']} words kept, {r['notes']} notes")
