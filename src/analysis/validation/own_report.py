"""``analysis validate report``: agreement between the coders, the gold labels after
adjudication, and every coding method against them (weighted, per group where n allows)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.validation.agreement import cohen_kappa, krippendorff_alpha
from analysis.validation.sheets import CODE_COLUMNS, CodedSample, read_csv
from analysis.validation.weighted import scores_with_intervals

MIN_GROUP_N = 30  # sentences a group needs before the report estimates its own error rates
GROUP_COLUMNS = ("doc_id", "outlet", "format")


def human_agreement(coded: CodedSample, dims: tuple[str, ...] = CODE_COLUMNS) -> pd.DataFrame:
    """Per dimension: raw agreement and Cohen's kappa of every pair, Krippendorff's alpha of
    all coders (unweighted: agreement is a property of these coders on these sentences)."""
    rows = []
    names = list(coded.coders)
    for dim in dims:
        values = {n: coded.coders[n][dim].to_numpy(int) for n in names}
        row: dict[str, object] = {"dimension": dim, "n": len(coded.sample),
                                  "alpha": krippendorff_alpha(*values.values())}
        for a, b in combinations(names, 2):
            row[f"agreement_{a}_{b}"] = float(np.mean(values[a] == values[b]))
            row[f"kappa_{a}_{b}"] = cohen_kappa(values[a], values[b])
        for n in names:
            row[f"share_{n}"] = float(values[n].mean())
        rows.append(row)
    return pd.DataFrame(rows)


def disagreement_sheet(coded: CodedSample, dims: tuple[str, ...] = CODE_COLUMNS) -> pd.DataFrame:
    """One row per (sentence, dimension) the coders coded differently, with empty ``gold``
    and ``reason`` columns for the adjudicator (the format ``--adjudicated`` reads)."""
    sample, names = coded.sample, list(coded.coders)
    rows = []
    for dim in dims:
        table = np.column_stack([coded.coders[n][dim].to_numpy(int) for n in names])
        for i in np.flatnonzero(table.min(axis=1) != table.max(axis=1)):
            row = {"uid": sample["uid"].iloc[i], "sentence_id": sample["sentence_id"].iloc[i],
                   "dimension": dim}
            row |= {f"coder_{n}": int(table[i, j]) for j, n in enumerate(names)}
            row |= {f"note_{n}": coded.coders[n]["note"].iloc[i] for n in names}
            rows.append(row | {"sentence": sample["text"].iloc[i], "gold": "", "reason": ""})
    columns = ["uid", "sentence_id", "dimension", *(f"coder_{n}" for n in names),
               *(f"note_{n}" for n in names), "sentence", "gold", "reason"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["uid", "dimension"], kind="stable").reset_index(drop=True)


def read_adjudication(path: Path | str, sample: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(uid, dimension) → gold 0/1 from a filled-in disagreement sheet (blank rows skipped)."""
    table = read_csv(path, "adjudication file")
    missing = [c for c in ("uid", "dimension", "gold") if c not in table.columns]
    if missing:
        raise AnalysisError(f"{path}: missing column(s) {', '.join(missing)}")
    decided = {}
    for row in table.itertuples(index=False):
        value = str(row.gold).strip()
        if value == "":
            continue
        if row.uid not in set(sample["uid"]):
            raise AnalysisError(f"{path}: uid {row.uid!r} is not in the sample")
        if row.dimension not in CODE_COLUMNS:
            raise AnalysisError(f"{path}: uid {row.uid}: unknown dimension {row.dimension!r}")
        if value not in ("0", "1"):
            raise AnalysisError(f"{path}: uid {row.uid}, {row.dimension}: gold {value!r} is "
                                "not 0 or 1")
        decided[(row.uid, row.dimension)] = int(value)
    return decided


def gold_labels(coded: CodedSample, decided: dict[tuple[str, str], int], where: str,
                dims: tuple[str, ...] = CODE_COLUMNS) -> pd.DataFrame:
    """The sample with one gold column per dimension (agreed, else adjudicated) and how each
    was decided; a disagreement without a decision is an error naming it."""
    gold = coded.sample.copy()
    names = list(coded.coders)
    for dim in dims:
        table = np.column_stack([coded.coders[n][dim].to_numpy(int) for n in names])
        values, how = [], []
        for uid, row in zip(gold["uid"], table, strict=True):
            if row.min() == row.max():
                values.append(int(row[0]))
                how.append("agreed")
            elif (uid, dim) in decided:
                values.append(decided[(uid, dim)])
                how.append("adjudicated")
            else:
                raise AnalysisError(f"{where}: no decision for uid {uid}, dimension {dim} "
                                    "(the coders disagree)")
        gold[dim], gold[f"{dim}_decided"] = values, how
    return gold


def read_method_codes(spec: str, sample: pd.DataFrame,
                      dims: tuple[str, ...]) -> tuple[str, pd.DataFrame]:
    """``NAME=CODES.csv`` (sentence_id or uid, one 0/1 column per dimension), in sample order."""
    name, sep, path = spec.partition("=")
    if not (sep and name and path):
        raise AnalysisError(f"--method {spec!r}: expected NAME=CODES.csv")
    table = read_csv(path, "method codes")
    key = "uid" if "uid" in table.columns else "sentence_id"
    missing = [c for c in (key, *dims) if c not in table.columns]
    if missing:
        raise AnalysisError(f"{path}: missing column(s) {', '.join(missing)}")
    table = table.drop_duplicates(key).set_index(key)
    absent = sample.loc[~sample[key].isin(table.index), key]
    if not absent.empty:
        raise AnalysisError(f"{path}: no codes for {key} {absent.iloc[0]}")
    table = table.loc[sample[key]].reset_index()
    for dim in dims:
        bad = ~table[dim].isin(["0", "1"])
        if bad.any():
            raise AnalysisError(f"{path}: {key} {table.loc[bad, key].iloc[0]}, column {dim}: "
                                f"{table.loc[bad, dim].iloc[0]!r} is not 0 or 1")
        table[dim] = table[dim].astype(int)
    return name, table


def _same_partition(a: pd.Series, b: pd.Series) -> bool:
    pairs = len(set(zip(a, b, strict=True)))
    return pairs == a.nunique() == b.nunique()


@dataclass
class MethodSettings:
    """How the method table is computed."""

    draws: int = 2000
    seed: int = 20211104
    min_group_n: int = MIN_GROUP_N
    split: str = "heldout"


def methods_vs_gold(gold: pd.DataFrame, methods: dict[str, pd.DataFrame], s: MethodSettings,
                    dims: tuple[str, ...] = CODE_COLUMNS) -> pd.DataFrame:
    """Every method against gold on the chosen split: all sentences, then per source, outlet
    and genre wherever a group has at least ``min_group_n`` sentences (smaller groups are
    listed with their n and no estimates)."""
    keep = (gold["split"] == s.split).to_numpy() if s.split != "all" else np.ones(len(gold), bool)
    if not keep.any():
        raise AnalysisError(f"split {s.split}: no sentences of the sample are in it")
    strata = gold.get("stratum", gold["doc_id"]).to_numpy()
    rows = []
    groupings = [("all", np.full(len(gold), "all"))]
    for col in GROUP_COLUMNS:  # outlet or genre only when they group sources differently
        if col in gold and not any(_same_partition(gold[col], gold[by])
                                   for by, _ in groupings[1:]):
            groupings.append((col, gold[col].to_numpy()))
    for method, codes in methods.items():
        for i, dim in enumerate(dims):
            for by, labels in groupings:
                for label in sorted(set(labels[keep].tolist())):
                    mask = keep & (labels == label)
                    row = {"method": method, "dimension": dim, "group_by": by, "group": label,
                           "n": int(mask.sum()), "gold_positives": int(gold[dim][mask].sum()),
                           "weight_total": float(gold["weight"][mask].sum())}
                    if row["n"] >= s.min_group_n or by == "all":
                        row |= scores_with_intervals(
                            gold[dim].to_numpy(int)[mask], codes[dim].to_numpy(int)[mask],
                            gold["weight"].to_numpy(float)[mask], strata[mask],
                            draws=s.draws, seed=s.seed + i)
                    rows.append(row)
    return pd.DataFrame(rows)
