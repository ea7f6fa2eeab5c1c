"""Tools for improving a codebook on development data only: scores per development part,
the dictionary's errors, and a leave-one-term-out table against the gold labels.

Every function refuses held-out rows, so a tuning session cannot look at them by accident.
"""

from __future__ import annotations

import pandas as pd

from analysis.coding.codebook import Codebook, without_entry
from analysis.coding.matcher import code_texts, find_matches
from analysis.validation.agreement import cohen_kappa, precision_recall_f1
from analysis.validation.dev_extra import require_development


def _development_only(dev: pd.DataFrame) -> pd.DataFrame:
    return require_development(dev).reset_index(drop=True)


def dev_scores(dev: pd.DataFrame, codebooks: dict[str, Codebook],
               dims: list[str]) -> pd.DataFrame:
    """P, R, F1, κ and the error counts per codebook × development part × dimension; the
    part ``all`` pools the parts."""
    dev = _development_only(dev)
    rows = []
    for label, book in codebooks.items():
        coded, _ = code_texts(dev["text"], book)
        parts = [(part, dev["split"] == part) for part in dev["split"].unique()]
        for part, mask in [*parts, ("all", pd.Series(True, index=dev.index))]:
            for dim in dims:
                g, d = dev.loc[mask, dim].to_numpy(int), coded.loc[mask, dim].to_numpy(int)
                p, r, f = precision_recall_f1(g, d)
                rows.append({"codebook": label, "part": part, "dimension": dim,
                             "n": int(mask.sum()), "gold_positives": int(g.sum()),
                             "false_positives": int(((d == 1) & (g == 0)).sum()),
                             "false_negatives": int(((d == 0) & (g == 1)).sum()),
                             "precision": p, "recall": r, "f1": f,
                             "kappa": cohen_kappa(g, d)})
    return pd.DataFrame(rows)


def dev_errors(dev: pd.DataFrame, codebook: Codebook, dims: list[str]) -> pd.DataFrame:
    """Every development sentence × dimension the dictionary codes differently from gold,
    with its matches (false positives) or nothing (false negatives)."""
    dev = _development_only(dev)
    coded, _ = code_texts(dev["text"], codebook)
    rows = []
    for dim in dims:
        for i in dev.index[dev[dim] != coded[dim]]:
            mine = [m for m in coded.loc[i, "matches"].split("; ") if m.startswith(f"{dim}:")]
            rows.append({"uid": dev.loc[i, "uid"], "split": dev.loc[i, "split"],
                         "dimension": dim, "gold": int(dev.loc[i, dim]),
                         "dictionary": int(coded.loc[i, dim]), "matches": "; ".join(mine),
                         "text": dev.loc[i, "text"]})
    return pd.DataFrame(rows, columns=["uid", "split", "dimension", "gold", "dictionary",
                                       "matches", "text"])


def term_contributions(dev: pd.DataFrame, codebook: Codebook, dims: list[str]) -> pd.DataFrame:
    """Leave one term out, against gold: per matching term, the development sentences it
    alone codes (gold 1: true positives it earns; gold 0: false positives it causes) and the
    dimension's development F1 with and without it.

    A sentence counts as the term's alone when the codebook recompiled without the term
    (so a shorter term it used to cover can match again) no longer codes it.
    """
    dev = _development_only(dev)
    coded, _ = code_texts(dev["text"], codebook)
    rows = []
    for dim in dims:
        g = dev[dim].to_numpy(int)
        base = precision_recall_f1(g, coded[dim].to_numpy(int))[2]
        hits: dict[str, set[int]] = {}
        for i, text in enumerate(dev["text"]):
            for m in find_matches(text, codebook):
                if m.dimension == dim and not m.vetoed_by:
                    hits.setdefault(m.entry_id, set()).add(i)
        for term in sorted(hits):
            reduced = without_entry(codebook, dim, term)
            code = coded[dim].to_numpy(int).copy()
            for i in sorted(hits[term]):
                code[i] = int(any(m.dimension == dim and not m.vetoed_by
                                  for m in find_matches(dev.loc[i, "text"], reduced)))
            lost = coded[dim].to_numpy(int) - code
            rows.append({"dimension": dim, "term": term, "sentences": len(hits[term]),
                         "alone_gold_1": int((lost * g).sum()),
                         "alone_gold_0": int((lost * (1 - g)).sum()),
                         "f1": base, "f1_without": precision_recall_f1(g, code)[2]})
    return pd.DataFrame(rows, columns=["dimension", "term", "sentences", "alone_gold_1",
                                       "alone_gold_0", "f1", "f1_without"])
