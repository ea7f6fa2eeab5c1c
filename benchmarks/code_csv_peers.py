"""Whole process, as a user would run it: `analysis code` on one CSV of sentences against
a CountVectorizer script and a PhraseMatcher script (benchmarks/peer_scripts/) on the same
file. Each command runs ``repeat`` times in a fresh process; prints one JSON object with
the best wall and the best CPU seconds (user + system of the process) of each.

    python benchmarks/code_csv_peers.py SENTENCES.parquet COPIES [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.ingest.segment import count_words

HERE = Path(__file__).resolve().parent


def make_csv(sentences: Path, copies: int, target: Path) -> int:
    """The sentences ``copies`` times with unique ids; returns the number of words."""
    texts = pd.read_parquet(sentences, columns=["text"])["text"].tolist()
    frame = pd.DataFrame({"id": [f"{c}-{i}" for c in range(copies) for i in range(len(texts))],
                          "text": texts * copies})
    frame.to_csv(target, index=False)
    return copies * sum(count_words(t) for t in texts)


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(sentences: Path, copies: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "texts.csv", Path(folder) / "out.csv"
        words = make_csv(sentences, copies, source)
        python = sys.executable
        commands = {
            "ours (`analysis code --jobs 1`)": [python, "-m", "analysis", "code", "--input",
                                               str(source), "--text-column", "text",
                                               "--output", str(out), "--id-column", "id",
                                               "--jobs", "1"],
            f"ours (`analysis code --jobs {os.cpu_count()}`)": [
                python, "-m", "analysis", "code", "--input", str(source), "--text-column",
                "text", "--output", str(out), "--id-column", "id", "--jobs",
                str(os.cpu_count())],
            "scikit-learn CountVectorizer script": [
                python, str(HERE / "peer_scripts" / "countvectorizer_code.py"), str(source),
                "text", str(out)],
            "spaCy PhraseMatcher script": [
                python, str(HERE / "peer_scripts" / "phrasematcher_code.py"), str(source),
                "text", str(out)],
        }
        results = {}
        for name, command in commands.items():
            runs = [timed(command) for _ in range(repeat)]
            results[name] = {"wall": min(w for w, _ in runs), "cpu": min(c for _, c in runs)}
        return {"words": words, "rows": copies * len(pd.read_parquet(sentences, columns=["text"])),
                "bytes": source.stat().st_size, "tools": results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path)
    parser.add_argument("copies", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.sentences, args.copies, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
