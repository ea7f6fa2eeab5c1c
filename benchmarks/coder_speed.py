"""The coder alone, in CPU seconds (best of ``repeat``): the seeds' sentences ``copies``
times (the N× corpus of make_corpus.py has the same sentences N times), coded as one batch
(``match_many``, ``code_texts``, ``code_block`` as ``analysis code`` does) and one document
at a time (``code_texts`` per document, as the stage benchmark does). Prints one JSON object.

    python benchmarks/coder_speed.py SENTENCES.parquet COPIES [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.coding.blocks import code_block
from analysis.coding.codebook import load_codebook
from analysis.coding.compiled import compiled
from analysis.coding.matcher import code_texts
from analysis.ingest.segment import count_words


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best of ``repeat`` runs, CPU seconds of this process."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def run(sentences: Path, copies: int, repeat: int) -> dict:
    frame = pd.read_parquet(sentences, columns=["doc_id", "text"])
    texts = frame["text"].tolist() * copies
    documents = [group["text"].reset_index(drop=True)
                 for _, group in frame.groupby("doc_id", sort=True)] * copies
    codebook = load_codebook()
    coder = compiled(list(codebook.dimensions.values()))
    series = pd.Series(texts)
    words = sum(count_words(t) for t in texts)
    found = coder.match_many(texts)
    seconds = {
        "match_many (batch)": best(lambda: coder.match_many(texts), repeat),
        "code_texts (batch)": best(lambda: code_texts(series, codebook), repeat),
        "code_block (batch, as analysis code)": best(lambda: code_block(texts, codebook),
                                                     repeat),
        "code_texts (per document)": best(
            lambda: [code_texts(d, codebook) for d in documents], repeat),
    }
    return {"copies": copies, "texts": len(texts), "words": words,
            "matches": sum(map(len, found)), "seconds": seconds,
            "words_per_second": {k: round(words / v) for k, v in seconds.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path)
    parser.add_argument("copies", type=int)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(run(args.sentences, args.copies, args.repeat), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
