"""Run the benchmarks and write benchmarks/results.md.

    python benchmarks/run_benchmarks.py [--sizes 10 100 1000] [--jobs N] [--repeat N]
        [--parse-memory-only] [--segmentation-only] [--coding-only] [--dask-only]

Builds the corpora (benchmarks/corpora/, git-ignored), times every stage on each size in
fresh processes (one core, then ``--jobs`` processes; the best of ``--repeat`` runs),
measures `analysis parse`'s wall time and peak memory on each size (one process, then
``--jobs``), and times the peers on the same texts (10× corpus) and segmentation in detail
(segmentation.py: the seeds and the 10× corpus, with the equivalence check on the largest).
``--parse-memory-only`` redoes only the `analysis parse` measurements, ``--segmentation-only``
only the segmentation rows, ``--dask-only`` only the Dask speed-up on the largest size
(dask_speedup.py), ``--coding-only`` only the coder's: the coder alone (``coder_speed.py``),
the coding peers and `analysis code` against the peer scripts. It codes the seeds' sentences
N times, which are the N× corpus's sentences (every copy is the same text), so it needs no
corpus parsed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import coder_speed
import dask_speedup
import make_corpus
import peers
import segmentation

from analysis.coding.codebook import load_codebook

HERE = Path(__file__).resolve().parent


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def corpus(factor: int) -> Path:
    out = HERE / "corpora" / f"x{factor}"
    manifest = out / "manifest.csv"
    if not manifest.exists():
        log(f"building the {factor}x corpus")
        make_corpus.build(factor, out)
    return manifest


def stages(manifest: Path, jobs: int, repeat: int = 1) -> dict:
    """Stage times of ``repeat`` runs, each in a fresh process: the best (least CPU) of each
    stage, the best wall time, the largest peak memory."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, str(HERE / "stages.py"), str(manifest),
                               "--jobs", str(jobs)], check=True, capture_output=True, text=True)
        runs.append(json.loads(done.stdout))
    best = dict(runs[0], repeat=repeat)
    best["stage_seconds"] = {stage: min(r["stage_seconds"][stage] for r in runs)
                             for stage in runs[0]["stage_seconds"]}
    best["wall_seconds"] = min(r["wall_seconds"] for r in runs)
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return best


def parse_memory(manifest: Path, out: Path, jobs: int) -> dict:
    """Wall time and peak memory of one `analysis parse` (see parse_memory.py)."""
    done = subprocess.run([sys.executable, str(HERE / "parse_memory.py"), str(manifest),
                           str(out), str(jobs)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def code_csv_peers(sentences: Path, factor: int, copies: int = 1) -> dict:
    """`analysis code` against the peer scripts on one CSV (see code_csv_peers.py)."""
    done = subprocess.run([sys.executable, str(HERE / "code_csv_peers.py"), str(sentences),
                           str(copies)], check=True, capture_output=True, text=True)
    return {"factor": factor, **json.loads(done.stdout)}


def coding_only(record: dict) -> dict:
    """The coder's measurements on the seeds' sentences N times (the N× corpus's sentences)."""
    seeds = HERE.parent / "data" / "processed" / "sentences.parquet"
    log("the coder alone, seeds' sentences x20 and x100")
    record["coder"] = {str(n): coder_speed.run(seeds, n, 5) for n in (20, 100)}
    log("coding peers on the 10x corpus's sentences")
    sentences = pd.read_parquet(seeds, columns=["text"])["text"].tolist() * 10
    record["coders"] = peers.coders(sentences, load_codebook())
    log("analysis code against peer scripts on the 100x corpus's sentences (whole process)")
    record["code_csv"] = code_csv_peers(seeds, 100, copies=100)
    record["coder_date"] = dt.date.today().isoformat()
    return record


def parse_memory_runs(sizes: list[int], jobs: int) -> dict[str, list[dict]]:
    """`analysis parse` on every corpus size, with one process and with ``jobs``."""
    runs: dict[str, list[dict]] = {}
    for factor in sizes:
        for n in sorted({1, jobs}):
            log(f"analysis parse on the {factor}x corpus, {n} process(es) (peak memory)")
            runs.setdefault(str(factor), []).append(
                parse_memory(corpus(factor), HERE / "corpora" / f"out{factor}", n))
    return runs


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in
                Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return (f"{platform.system()} {platform.release()} {platform.machine()}, {model}, "
            f"{os.cpu_count()} cores, {mem} GiB RAM, Python {platform.python_version()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the stage harness per corpus and process count (best of)")
    parser.add_argument("--parse-memory-only", action="store_true",
                        help="measure only `analysis parse` and update results.json/md in place")
    parser.add_argument("--segmentation-only", action="store_true",
                        help="measure only segmentation and update results.json/md in place")
    parser.add_argument("--coding-only", action="store_true",
                        help="measure only the coder and update results.json/md in place")
    parser.add_argument("--dask-only", action="store_true",
                        help="measure only the Dask speed-up (largest size) and update in place")
    args = parser.parse_args()
    if args.dask_only:
        record = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
        return write(with_dask(record, max(args.sizes), args.jobs))
    if args.coding_only:
        return write(coding_only(json.loads((HERE / "results.json").read_text(
            encoding="utf-8"))))
    if args.segmentation_only:
        record = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
        return write(with_segmentation(record, max(args.sizes)))
    if args.parse_memory_only:
        record = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
        for stale in ("parse_peak_mb", "parse_1000x"):  # the format before streaming
            record.pop(stale, None)
        record["parse_memory"] = parse_memory_runs(args.sizes, args.jobs)
        record["parse_memory_date"] = dt.date.today().isoformat()
        return write(record)
    rows = []
    for factor in args.sizes:
        manifest = corpus(factor)
        for jobs in sorted({1, args.jobs}):
            log(f"{factor}x corpus, {jobs} process(es)")
            result = stages(manifest, jobs, args.repeat)
            rows.append({"factor": factor, **result})
    memory = parse_memory_runs(args.sizes, args.jobs)
    log("peers on the 10x corpus")
    processed = HERE / "corpora" / "out10"
    if not (processed / "sentences.parquet").exists():
        parse_memory(corpus(10), processed, 1)
    paragraphs = pd.read_parquet(processed / "paragraphs.parquet")
    paragraphs = paragraphs.loc[paragraphs["role"] != "heading", "text"].tolist()
    sentences = pd.read_parquet(processed / "sentences.parquet")["text"].tolist()
    codebook = load_codebook()
    cod = peers.coders(sentences, codebook)  # segmenters: with_segmentation below
    log("analysis code against peer scripts on the 100x corpus's sentences (whole process)")
    largest = HERE / "corpora" / f"out{max(args.sizes)}"
    if not (largest / "sentences.parquet").exists():
        parse_memory(corpus(max(args.sizes)), largest, 1)
    code_csv = code_csv_peers(largest / "sentences.parquet", max(args.sizes))
    today = dt.date.today().isoformat()
    log("the coder alone, seeds' sentences x20 and x100")
    seeds = HERE.parent / "data" / "processed" / "sentences.parquet"
    coder = {str(n): coder_speed.run(seeds, n, 5) for n in (20, 100)}
    record = {"code_csv": code_csv, "machine": machine(), "date": today, "runs": rows,
              "coder": coder, "coder_date": today,
              "parse_memory": memory,
              "parse_memory_date": today, "coders": cod,
              "peer_words": peers.words_in(paragraphs),
              "golden_rules": peers.golden_rule_passes()}
    return write(with_segmentation(record, max(args.sizes)))


def with_segmentation(record: dict, largest: int) -> dict:
    """``record`` with segmentation measured afresh: the detail (segmentation.py), the peer
    rows (its 10× run, the same paragraphs as the coding peers) and the golden rules."""
    log("segmentation on the seeds and the 10x corpus, check on the largest")
    detail = segmentation.measure([1, 10], [largest], repeat=5)
    ten = detail["runs"][segmentation.name(10)]
    return {**record, "segmentation": detail, "segmenters": ten["seconds"],
            "peer_words": record.get("peer_words", ten["words"]),
            "golden_rules": peers.golden_rule_passes()}


def with_dask(record: dict, largest: int, jobs: int) -> dict:
    """``record`` with `analysis parse` and `analysis code` timed on one process against Dask
    (a local cluster and a separately started scheduler) on the largest corpus."""
    log(f"Dask speed-up on the {largest}x corpus, {jobs} workers")
    out = HERE / "corpora" / f"out{largest}"
    if not (out / "sentences.parquet").exists():
        parse_memory(corpus(largest), out, 1)
    measured = dask_speedup.run(corpus(largest), out / "sentences.parquet", jobs)
    return {**record, "dask": {"factor": largest, **measured},
            "dask_date": dt.date.today().isoformat()}


def write(record: dict) -> int:
    """Save the raw numbers and the formatted report (keeping the stage history)."""
    previous = HERE / "results.json"
    if previous.exists():
        kept = json.loads(previous.read_text(encoding="utf-8"))
        for key in ("stage_history", "dask", "dask_date"):  # measured by their own runs
            if key not in record and key in kept:
                record[key] = kept[key]
    (HERE / "results.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    from report import write_results

    write_results(record, HERE / "results.md")
    log("wrote benchmarks/results.json and benchmarks/results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
