"""Dictionary, context rule, embedding classifier and their combination against gold.

Everything that chooses (the context rule's dimensions, the classifier's C, the combination
rule) is decided on development data (the sample's dev half and, when the validation folder
has one, the extra development set) by stratified cross-validation with a fixed seed; the
held-out half is only scored, by models fitted on all development rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from analysis.coding.classifier import (
    RULES,
    SentenceClassifier,
    combine,
    features,
    fit_classifier,
    make_model,
)
from analysis.coding.codebook import Codebook
from analysis.validation.agreement import cohen_kappa, precision_recall_f1
from analysis.validation.context_rule import carry_over, choose_context_dims
from analysis.validation.dev_extra import require_development
from analysis.validation.gold import ValidationSet, dictionary_codes

C_GRID = (0.5, 2.0, 8.0, 32.0)
STATISTICS = ("precision", "recall", "f1", "kappa")


def _statistics(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
                tn: np.ndarray) -> dict[str, np.ndarray]:
    """P, R, F1 (0 when undefined) and Cohen's kappa (1 when both codings are one constant)
    from confusion counts, elementwise."""
    n = tp + fp + fn + tn
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        recall = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / n ** 2
        kappa = np.where(pe < 1, (po - pe) / (1 - pe), 1.0)
    return {"precision": precision, "recall": recall, "f1": f1, "kappa": kappa}


def scores_vs_gold(gold: pd.DataFrame, predicted: pd.DataFrame, dimensions: list[str], *,
                   draws: int, seed: int, level: float = 0.95) -> pd.DataFrame:
    """``agreement.dictionary_vs_gold`` computed from confusion counts: the same resamples
    (one seeded generator per dimension, ``seed + i``), the same numbers, a hundred times
    faster — six methods × four dimensions × 2,000 draws stay a few seconds."""
    rows = []
    tail = (1 - level) / 2 * 100
    for i, dim in enumerate(dimensions):
        g, p = gold[dim].to_numpy(int), predicted[dim].to_numpy(int)
        rng = np.random.default_rng(seed + i)
        idx = np.vstack([rng.integers(0, len(g), size=len(g)) for _ in range(draws)])
        gi, pi = g[idx], p[idx]
        boot = _statistics(*[((gi == a) & (pi == b)).sum(axis=1).astype(float)
                             for a, b in ((1, 1), (0, 1), (1, 0), (0, 0))])
        point = _statistics(*[np.array(float(((g == a) & (p == b)).sum()))
                              for a, b in ((1, 1), (0, 1), (1, 0), (0, 0))])
        row: dict[str, float | str | int] = {"dimension": dim, "n": len(g),
                                             "gold_positives": int(g.sum())}
        for key in STATISTICS:
            row[key] = float(point[key])
            row[f"{key}_low"] = float(np.percentile(boot[key], tail))
            row[f"{key}_high"] = float(np.percentile(boot[key], 100 - tail))
        rows.append(row)
    return pd.DataFrame(rows)


def context_of(frame: pd.DataFrame) -> pd.Series:
    """The neighbouring sentences the coders saw, as one string per row."""
    return (frame["context_before"].fillna("") + " " + frame["context_after"].fillna("")
            ).str.strip()


def cv_probabilities(x: np.ndarray, y: np.ndarray, c: float, *, folds: int,
                     seed: int) -> np.ndarray:
    """Out-of-fold P(1) for every row (stratified k-fold, shuffled with ``seed``)."""
    k = int(min(folds, np.bincount(y, minlength=2).min()))
    out = np.full(len(y), float(y.mean()))
    if k < 2:
        return out
    for train, test in StratifiedKFold(k, shuffle=True, random_state=seed).split(x, y):
        out[test] = make_model(c, seed).fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    return out


@dataclass
class DevChoice:
    """What the development half decided, and the cross-validated evidence for it."""

    c: dict[str, float]
    rules: dict[str, str]
    table: pd.DataFrame  # dimension × candidate: cross-validated F1 on development rows
    proba: pd.DataFrame  # out-of-fold probabilities of the chosen C, development rows
    context: list[str] = field(default_factory=list)  # dimensions given the context rule


def choose_on_dev(dev: pd.DataFrame, dictionary: pd.DataFrame, dims: list[str], *,
                  folds: int, seed: int) -> DevChoice:
    """Per dimension: the C with the best cross-validated F1, then the combination rule.

    A rule other than the dictionary alone is chosen only if its cross-validated F1 beats
    both the dictionary's and the classifier's; ties go to the simpler method. The
    dictionary's dev F1 is in-sample (the codebook was tuned on these rows), so the
    comparison favours the dictionary. Rows that are not development data are refused.
    """
    require_development(dev)
    x = features(dev["text"], context_of(dev))
    rows, chosen_c, rules, probas = [], {}, {}, {}
    for dim in dims:
        y = dev[dim].to_numpy(int)
        by_c = {c: cv_probabilities(x, y, c, folds=folds, seed=seed) for c in C_GRID}
        f1_c = {c: precision_recall_f1(y, (p >= 0.5).astype(int))[2] for c, p in by_c.items()}
        best_c = max(C_GRID, key=lambda c: (round(f1_c[c], 10), -c))
        chosen_c[dim], probas[dim] = best_c, by_c[best_c]
        combined = {rule: combine(dictionary[[dim, "matches"]].assign(vetoed=""),
                                  pd.DataFrame({dim: by_c[best_c]}), {dim: rule})[dim]
                    for rule in RULES}
        f1 = {rule: precision_recall_f1(y, code.to_numpy(int))[2]
              for rule, code in combined.items()}
        best_rule = "dictionary"
        for rule in ("or", "override"):
            if f1[rule] > max(f1["dictionary"], f1["classifier"], f1.get(best_rule, 0)):
                best_rule = rule
        if best_rule == "dictionary" and f1["classifier"] > f1["dictionary"]:
            best_rule = "classifier"
        rules[dim] = best_rule
        rows.append({"dimension": dim, "chosen_c": best_c,
                     **{f"classifier_f1_c{c:g}": f1_c[c] for c in C_GRID},
                     **{f"{rule}_f1": f1[rule] for rule in RULES},
                     **{f"{rule}_kappa": cohen_kappa(y, code) for rule, code in combined.items()},
                     "chosen_rule": best_rule})
    return DevChoice(chosen_c, rules, pd.DataFrame(rows), pd.DataFrame(probas))


@dataclass
class MethodComparison:
    """The held-out table per method, and what the development data chose."""

    heldout: pd.DataFrame  # method × dimension: P, R, F1, kappa with bootstrap intervals
    dev: DevChoice
    classifier: SentenceClassifier
    coded_heldout: dict[str, pd.DataFrame]  # method → codes (+ matches) of held-out rows
    context_table: pd.DataFrame  # the context rule on development rows, per dimension


def compare_methods(vs: ValidationSet, codebooks: dict[str, Codebook], dims: list[str], *,
                    folds: int, seed: int, draws: int) -> MethodComparison:
    """Held-out P/R/F1/κ for each codebook, the context rule, the classifier, and the
    combinations.

    ``codebooks`` maps a label (e.g. ``dictionary v1.1.0``) to a codebook; the last one is
    the dictionary the context rule and the classifier are combined with. Choices are made
    on ``vs.development()`` (never held-out rows).
    """
    dev = vs.development()
    held = vs.gold[vs.gold["split"] == "heldout"].reset_index(drop=True)
    label, codebook = list(codebooks.items())[-1]
    dict_dev = dictionary_codes(dev["text"], codebook)
    before_dev = dictionary_codes(dev["context_before"], codebook)
    context, context_table = choose_context_dims(dev, dict_dev, before_dev, dims)
    base_dev = carry_over(dict_dev, before_dev, dev["text"], context)
    choice = choose_on_dev(dev, base_dev, dims, folds=folds, seed=seed)
    choice.context = context
    choice.table = context_table.merge(choice.table, on="dimension")
    clf = fit_classifier(features(dev["text"], context_of(dev)), dev, choice.c, seed=seed)
    proba = clf.probabilities(features(held["text"], context_of(held)))
    coded: dict[str, pd.DataFrame] = {}
    for name, book in codebooks.items():
        coded[name] = dictionary_codes(held["text"], book)
    dict_held = coded[label]
    base_held = carry_over(dict_held, dictionary_codes(held["context_before"], codebook),
                           held["text"], context)
    if context:
        coded[f"{label} + context rule ({', '.join(context)})"] = base_held
    coded["classifier"] = combine(dict_held, proba, {d: "classifier" for d in dims})
    for rule in ("or", "override"):
        coded[f"{label} {rule} classifier"] = combine(dict_held, proba, {d: rule for d in dims})
    coded["chosen on dev"] = combine(base_held, proba, choice.rules)
    frames = []
    for name, codes in coded.items():
        table = scores_vs_gold(held, codes, dims, draws=draws, seed=seed)
        frames.append(table.assign(method=name))
    heldout = pd.concat(frames, ignore_index=True)
    heldout = heldout[["method", *[c for c in heldout.columns if c != "method"]]]
    return MethodComparison(heldout, choice, clf, coded, context_table)


def classifier_entries(coded: pd.DataFrame, texts: pd.DataFrame,
                       dims: list[str]) -> pd.DataFrame:
    """One row per sentence × dimension where the classifier's vote entered the audit trail:
    the entry (``dim:classifier=p``, or the veto it cast) beside the dictionary's own
    matches of that dimension."""
    rows = []
    for i in range(len(coded)):
        entries = [e for e in coded["matches"].iloc[i].split("; ") if e]
        vetoes = [e for e in coded["vetoed"].iloc[i].split("; ") if "classifier=" in e]
        for dim in dims:
            mine = [e for e in entries if e.startswith(f"{dim}:")]
            voted = [e for e in mine + vetoes if e.startswith(f"{dim}:classifier=")]
            if voted:
                rows.append({"uid": texts["uid"].iloc[i], "dimension": dim,
                             "code": int(coded[dim].iloc[i]), "classifier": voted[0],
                             "dictionary": "; ".join(e for e in mine if e not in voted),
                             "text": texts["text"].iloc[i]})
    return pd.DataFrame(rows, columns=["uid", "dimension", "code", "classifier", "dictionary",
                                       "text"])
