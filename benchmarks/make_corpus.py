"""Build a benchmark corpus of N copies of the seed corpus, with a valid manifest.

Every copy gets its own doc_id (``b0042_003``), its own file name (a hard link to the seed
file where the file system allows it, so 1000× costs no disk), and a publication date moved
back by ``copy % 60`` months, so relative dates resolve differently from copy to copy.

    python benchmarks/make_corpus.py --factor 100 --out benchmarks/corpora/x100
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_MANIFEST = ROOT / "data" / "raw" / "manifest.csv"


def shift_months(published: str, months: int) -> str:
    """``YYYY[-MM[-DD]]`` moved back by ``months`` (days clamped to 28)."""
    parts = published.split("-")
    if len(parts) == 1:
        return str(int(parts[0]) - months // 12)
    year, month = int(parts[0]), int(parts[1])
    index = year * 12 + (month - 1) - months
    shifted = f"{index // 12:04d}-{index % 12 + 1:02d}"
    return shifted if len(parts) == 2 else f"{shifted}-{min(int(parts[2]), 28):02d}"


def link_or_copy(source: Path, target: Path) -> None:
    if target.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def build(factor: int, out: Path) -> Path:
    """Write ``factor`` copies of every seed source and their manifest into ``out``."""
    with SEED_MANIFEST.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, seeds = list(reader.fieldnames or []), list(reader)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for copy in range(factor):
        for seed in seeds:
            row = dict(seed)
            row["doc_id"] = f"b{copy:04d}_{seed['doc_id']}"
            row["file"] = f"{row['doc_id']}.txt"
            row["published"] = shift_months(seed["published"], copy % 60)
            link_or_copy(SEED_MANIFEST.parent / seed["file"], out / row["file"])
            rows.append(row)
    manifest = out / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    manifest = build(args.factor, args.out)
    print(f"{manifest}: {args.factor * 5} sources", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
