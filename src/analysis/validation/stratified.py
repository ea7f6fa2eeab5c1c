"""A stratified validation sample of a processed corpus: strata are source (or outlet or
genre) × the dictionary's own codes, so sentences the dictionary codes for a rare dimension
are sampled too; each sentence carries its sampling weight (stratum size / sampled n)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError

STRATUM_BY = {"source": "doc_id", "outlet": "outlet", "genre": "format"}
DEFAULT_STRATA_DIMENSIONS = ("economic", "military", "information")


def code_pattern(coded: pd.DataFrame, dimensions: list[str] | tuple[str, ...]) -> pd.Series:
    """'economic+military', …, or 'none': the dictionary's codes of each sentence."""
    flags = coded[list(dimensions)].to_numpy(int).astype(bool)
    names = np.array(dimensions)
    return pd.Series(["+".join(names[row]) or "none" for row in flags], index=coded.index)


def allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Sampled n per stratum: half the sample spread equally over the strata, half in
    proportion to their size, never more than a stratum holds, at least one each (two each
    when ``n`` allows).

    Deterministic: units go one at a time to the stratum furthest below its target (ties:
    the stratum that sorts first).
    """
    total = int(sizes.sum())
    if n > total:
        raise AnalysisError(f"--n {n}: the corpus has only {total} sentences")
    if n < len(sizes):
        raise AnalysisError(f"--n {n}: fewer than the {len(sizes)} strata (each needs at least "
                            "one sentence); raise --n or stratify by a coarser grouping")
    sizes = sizes.sort_index()
    target = n * (0.5 / len(sizes) + 0.5 * sizes / total)
    floor = sizes.clip(upper=2)  # two where possible, so the bootstrap sees within-stratum spread
    alloc = floor.copy() if n >= floor.sum() else pd.Series(1, index=sizes.index)
    capacity = sizes.to_numpy()
    for _ in range(n - int(alloc.sum())):
        deficit = np.where(alloc.to_numpy() < capacity, (target - alloc).to_numpy(), -np.inf)
        alloc.iloc[int(np.argmax(deficit))] += 1
    return alloc


def sample_hash(uids: pd.Series, sentence_ids: pd.Series) -> str:
    """A short id of the sample: which sentence each uid is (12 hex digits of a sha256)."""
    text = "\n".join(f"{u}\t{s}" for u, s in zip(uids, sentence_ids, strict=True))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def draw_stratified(coded: pd.DataFrame, *, n: int, seed: int, by: str = "source",
                    dimensions: list[str] | tuple[str, ...] = DEFAULT_STRATA_DIMENSIONS,
                    dev_share: float = 0.0) -> pd.DataFrame:
    """The sample: one row per sentence drawn, in a seeded random order, with its stratum,
    the stratum's size and sampled n, and its weight.

    ``coded`` holds the sentences with the dictionary's 0/1 columns and the group column
    (``doc_id``, ``outlet`` or ``format``). ``dev_share`` of each stratum is marked ``dev``
    (for tuning a codebook); the rest is ``heldout`` and is what error rates are taken from.
    """
    if by not in STRATUM_BY:
        raise AnalysisError(f"--by {by}: must be one of {', '.join(STRATUM_BY)}")
    if not 0 <= dev_share < 1:
        raise AnalysisError(f"--dev-share {dev_share}: must be in [0, 1)")
    group = coded[STRATUM_BY[by]].astype(str)
    frame = coded.assign(stratum=group + "|" + code_pattern(coded, dimensions))
    frame = frame.sort_values("sentence_id").reset_index(drop=True)
    sizes = frame.groupby("stratum").size()
    alloc = allocate(sizes, n)
    rng = np.random.default_rng(seed)
    parts = []
    for stratum, k in alloc.items():
        pool = frame[frame["stratum"] == stratum]
        picked = pool.iloc[np.sort(rng.choice(len(pool), size=int(k), replace=False))]
        dev = np.zeros(len(picked), dtype=bool)
        dev[rng.permutation(len(picked))[: round(dev_share * len(picked))]] = True
        parts.append(picked.assign(stratum_size=int(sizes[stratum]), stratum_n=int(k),
                                   weight=float(sizes[stratum]) / int(k),
                                   split=np.where(dev, "dev", "heldout")))
    sample = pd.concat(parts).sort_values("sentence_id").reset_index(drop=True)
    sample = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)
    width = max(3, len(str(len(sample))))
    sample.insert(0, "uid", [f"v{i:0{width}d}" for i in range(1, len(sample) + 1)])
    sample.insert(0, "sample_id", sample_hash(sample["uid"], sample["sentence_id"]))
    return sample


def with_context(sentences: pd.DataFrame, paragraphs: pd.DataFrame,
                 documents: pd.DataFrame) -> pd.DataFrame:
    """Sentences with their paragraph's text and their source's outlet and genre (format)."""
    para = paragraphs.set_index("paragraph_id")["text"]
    meta = documents.set_index("doc_id")[["outlet", "format"]]
    out = sentences.assign(paragraph=sentences["paragraph_id"].map(para).fillna(""))
    return out.join(meta, on="doc_id")
