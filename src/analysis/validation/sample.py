"""Draw the hand-coding validation sample: stratified by source, seeded, split in halves."""

from __future__ import annotations

import numpy as np
import pandas as pd

SAMPLE_COLUMNS = ["uid", "sentence_id", "doc_id", "split", "context_before", "text",
                  "context_after"]


def allocate(sizes: pd.Series, total: int, cap: int) -> pd.Series:
    """Up to ``cap`` sentences per source; the remainder of ``total`` from the largest."""
    alloc = sizes.clip(upper=cap)
    remaining = total - int(alloc.sum())
    for doc_id in sizes.sort_values(ascending=False).index:
        if remaining <= 0:
            break
        extra = min(remaining, int(sizes[doc_id] - alloc[doc_id]))
        alloc[doc_id] += extra
        remaining -= extra
    return alloc


def draw_sample(sentences: pd.DataFrame, *, total: int = 300, cap: int = 60,
                seed: int = 20211104) -> pd.DataFrame:
    """Sentences to hand-code, with the neighbouring sentences as context.

    Each source contributes up to ``cap`` sentences (all of a small source), the largest
    sources fill the rest; within a source the draw is a seeded random sample. Every
    source's sentences are then dealt alternately into a ``dev`` and a ``heldout`` half.
    """
    ordered = sentences.sort_values("sentence_id").reset_index(drop=True)
    before = ordered.groupby("paragraph_id")["text"].shift(1).fillna("")
    after = ordered.groupby("paragraph_id")["text"].shift(-1).fillna("")
    ordered = ordered.assign(context_before=before, context_after=after)
    alloc = allocate(ordered.groupby("doc_id").size(), total, cap)
    rng = np.random.default_rng(seed)
    parts = []
    for doc_id, n in alloc.items():
        pool = ordered[ordered["doc_id"] == doc_id]
        picked = pool.iloc[np.sort(rng.choice(len(pool), size=int(n), replace=False))]
        order = rng.permutation(len(picked))
        split = np.where(order % 2 == 0, "dev", "heldout")
        parts.append(picked.assign(split=split))
    sample = pd.concat(parts).sort_values("sentence_id").reset_index(drop=True)
    sample["uid"] = [f"v{i:03d}" for i in range(1, len(sample) + 1)]
    return sample[SAMPLE_COLUMNS]
