"""Time each stage of the pipeline on one corpus, one document at a time, in this process.

Stage times are CPU seconds (time.process_time) of the process that ran the stage, which
the other jobs on a shared machine disturb less than wall time; the whole run is also timed
on the wall clock.

Streaming: a document is loaded, parsed, segmented, date-tagged, turned into the rows of
the other tables (notes with their language and cited dates, set-aside parts, repairs, the
parse report), written into Parquet as `analysis parse` writes it (each process streams into
its own temporary files), and coded; only its per-dimension counts are kept, so peak memory
should not grow with the corpus. Prints one JSON object: seconds per stage, words,
sentences, and this process's peak RSS.

    python benchmarks/stages.py MANIFEST [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.coding.codebook import load_codebook
from analysis.coding.matcher import code_texts
from analysis.ingest.corpus import Source, load_manifest, read_source_text
from analysis.ingest.mention_table import mention_rows
from analysis.ingest.parsers import parse_source
from analysis.ingest.processed_tables import SCHEMAS, TABLES, TableSink
from analysis.ingest.rows import _paragraph_rows, other_rows, published
from analysis.ingest.segment import count_words

STAGES = ("load", "parse", "segment", "tag_dates", "rows", "write", "code", "aggregate")
_OUT: list[Path] = []  # where this process's Parquet files go (set by _write_into)


def _write_into(folder: Path) -> None:
    """Process initialiser: write this process's tables into its own folder under ``folder``."""
    _OUT.append(folder / str(os.getpid()))


@cache
def _sinks() -> dict[str, TableSink]:
    """This process's writers, one per table, as `analysis parse` streams them."""
    _OUT[0].mkdir(parents=True, exist_ok=True)
    return {name: TableSink(_OUT[0] / f"{name}.parquet", SCHEMAS[name]) for name in TABLES}


@cache
def _codebook():
    """Loaded once per worker process."""
    return load_codebook()


def one_document(source: Source) -> tuple[dict[str, float], Counter, int, int]:
    """Stage times, code counts, words and sentences of one source."""
    codebook = _codebook()
    times: dict[str, float] = {}
    t = time.process_time()
    raw = read_source_text(source)
    times["load"], t = time.process_time() - t, time.process_time()
    doc = parse_source(raw, source)
    times["parse"], t = time.process_time() - t, time.process_time()
    paragraphs, sentences, marker_sentences = _paragraph_rows(doc)
    frame = pd.DataFrame(sentences)
    times["segment"], t = time.process_time() - t, time.process_time()
    mentions = mention_rows(sentences, published(source))
    times["tag_dates"], t = time.process_time() - t, time.process_time()
    rows = other_rows(doc, source, paragraphs, sentences, marker_sentences)
    rows.update(paragraphs=paragraphs, sentences=sentences, mentions=mentions)
    times["rows"], t = time.process_time() - t, time.process_time()
    for name, sink in _sinks().items():
        sink.add(rows[name])
    times["write"], t = time.process_time() - t, time.process_time()
    coded, _ = code_texts(frame["text"], codebook)
    times["code"], t = time.process_time() - t, time.process_time()
    counts = Counter({d: int(coded[d].sum()) for d in codebook.dimension_names})
    words = int(sum(count_words(p.text) for p in doc.paragraphs))
    times["aggregate"] = time.process_time() - t
    return times, counts, words, len(frame)


def run(manifest: Path, jobs: int) -> dict:
    started = time.process_time()
    sources = load_manifest(manifest, verify_checksums=False)
    totals = dict.fromkeys(STAGES, 0.0)
    totals["load"] += time.process_time() - started
    counts: Counter = Counter()
    words = sentences = 0
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stages-") as out:
        if jobs > 1:
            # A worker's last, partial row groups are never written (its files are dropped
            # unclosed): a few thousand rows per process go uncounted in "write".
            with ProcessPoolExecutor(jobs, initializer=_write_into,
                                     initargs=(Path(out),)) as pool:
                results = pool.map(one_document, sources, chunksize=8)
                for times, c, w, s in results:
                    for k, v in times.items():
                        totals[k] += v
                    counts.update(c)
                    words, sentences = words + w, sentences + s
        else:
            _write_into(Path(out))
            for source in sources:
                times, c, w, s = one_document(source)
                for k, v in times.items():
                    totals[k] += v
                counts.update(c)
                words, sentences = words + w, sentences + s
            t = time.process_time()
            for sink in _sinks().values():
                sink.close()
            totals["write"] += time.process_time() - t
    wall = time.perf_counter() - wall + totals["load"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"documents": len(sources), "words": words, "sentences": sentences, "jobs": jobs,
            "stage_seconds": totals, "wall_seconds": wall,
            "peak_rss_mb": max(peak, children) / 1024, "codes": dict(sorted(counts.items()))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.manifest, args.jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
