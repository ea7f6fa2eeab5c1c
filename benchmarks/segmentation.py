"""Sentence segmentation: ours against the reference (pysbd plus the merges), pysbd alone and
spaCy's sentencizer, and a check that ours gives the reference's sentences on every paragraph.

    python benchmarks/segmentation.py [--speed 1 10] [--check 100] [--repeat 5]

Paragraphs (headings left out, as for the peers) come from `analysis parse` of the seeds
(factor 1, data/processed) or of make_corpus.py's copies (benchmarks/corpora/outN, parsed if
missing). Prints the record as JSON; run_benchmarks.py --segmentation stores it in
results.json and rewrites results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus
import peers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def log(message: str) -> None:
    print(f"[segmentation] {message}", file=sys.stderr, flush=True)


def paragraphs(factor: int) -> list[str]:
    """The non-heading paragraphs of the seeds (1) or of the ``factor``× corpus."""
    if factor == 1:
        table = ROOT / "data" / "processed" / "paragraphs.parquet"
        manifest, out = ROOT / "data" / "raw" / "manifest.csv", table.parent
    else:
        out = HERE / "corpora" / f"out{factor}"
        table = out / "paragraphs.parquet"
        manifest = HERE / "corpora" / f"x{factor}" / "manifest.csv"
        if not manifest.exists():
            make_corpus.build(factor, manifest.parent)
    if not table.exists():
        log(f"analysis parse of the {factor}x corpus")
        subprocess.run([sys.executable, "-m", "analysis", "parse", "--quiet", "--manifest",
                        str(manifest), "--out", str(out)], check=True)
    frame = pd.read_parquet(table, columns=["role", "text"])
    return frame.loc[frame["role"] != "heading", "text"].tolist()


def name(factor: int) -> str:
    return "seeds" if factor == 1 else f"{factor}× corpus"


def measure(speed: list[int], check: list[int], repeat: int) -> dict:
    """Timings on the ``speed`` corpora, the equivalence check on ``speed`` + ``check``."""
    runs, checked, different, share = {}, {}, {}, {}
    for factor in dict.fromkeys([*speed, *check]):
        texts = paragraphs(factor)
        log(f"{name(factor)}: checking {len(texts):,} paragraphs")
        checked[name(factor)] = len(texts)
        different[name(factor)] = [t[:80] for t in peers.different_paragraphs(texts)]
        share[name(factor)] = peers.plain_share(texts)
        if factor in speed:
            log(f"{name(factor)}: timing")
            runs[name(factor)] = {"words": peers.words_in(texts),
                                  "seconds": peers.segmenters(texts, repeat)}
    return {"date": dt.date.today().isoformat(), "repeat": repeat, "runs": runs,
            "checked": checked, "different": different, "plain_share": share}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=int, nargs="*", default=[1, 10])
    parser.add_argument("--check", type=int, nargs="*", default=[100])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    record = measure(args.speed, args.check, args.repeat)
    print(json.dumps(record, indent=1, ensure_ascii=False))
    return 1 if any(record["different"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
