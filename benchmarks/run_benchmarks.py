"""Run the benchmarks and write benchmarks/results.md.

    python benchmarks/run_benchmarks.py [--sizes 10 100 1000] [--jobs N]

Builds the corpora (benchmarks/corpora/, git-ignored), times every stage on each size in a
fresh process (one core, then ``--jobs`` processes), measures `analysis parse`'s peak memory,
and times the peers on the same texts (10× corpus).
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
import make_corpus
import peers

from analysis.codebook import load_codebook

HERE = Path(__file__).resolve().parent
PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
TARGETS = {"pipeline_wps": 1_000_000, "coding_wps": 5_000_000, "peak_mb_1000x": 2048}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def corpus(factor: int) -> Path:
    out = HERE / "corpora" / f"x{factor}"
    manifest = out / "manifest.csv"
    if not manifest.exists():
        log(f"building the {factor}x corpus")
        make_corpus.build(factor, out)
    return manifest


def stages(manifest: Path, jobs: int) -> dict:
    done = subprocess.run([sys.executable, str(HERE / "stages.py"), str(manifest),
                           "--jobs", str(jobs)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def parse_peak_mb(manifest: Path, out: Path) -> float:
    done = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "analysis",
                           "parse", "--manifest", str(manifest), "--out", str(out), "--quiet"],
                          check=True, capture_output=True, text=True)
    return float(done.stdout.strip())


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
    args = parser.parse_args()
    rows = []
    for factor in args.sizes:
        manifest = corpus(factor)
        for jobs in sorted({1, args.jobs}):
            log(f"{factor}x corpus, {jobs} process(es)")
            result = stages(manifest, jobs)
            rows.append({"factor": factor, **result})
    parse_memory = {}
    for factor in [s for s in args.sizes if s <= 100]:
        log(f"analysis parse on the {factor}x corpus (peak memory)")
        parse_memory[factor] = parse_peak_mb(corpus(factor), HERE / "corpora" / f"out{factor}")
    log("peers on the 10x corpus")
    processed = HERE / "corpora" / "out10"
    if not (processed / "sentences.parquet").exists():
        parse_peak_mb(corpus(10), processed)
    paragraphs = pd.read_parquet(processed / "paragraphs.parquet")
    paragraphs = paragraphs.loc[paragraphs["role"] != "heading", "text"].tolist()
    sentences = pd.read_parquet(processed / "sentences.parquet")["text"].tolist()
    codebook = load_codebook()
    seg, cod = peers.segmenters(paragraphs), peers.coders(sentences, codebook)
    record = {"machine": machine(), "date": dt.date.today().isoformat(), "runs": rows,
              "parse_peak_mb": parse_memory, "segmenters": seg, "coders": cod,
              "peer_words": peers.words_in(paragraphs),
              "golden_rules": peers.golden_rule_passes()}
    (HERE / "results.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    from report import write_results

    write_results(record, HERE / "results.md")
    log("wrote benchmarks/results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
