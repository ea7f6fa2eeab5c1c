"""A sentence classifier on WordLlama embeddings, and its combination with the dictionary.

Features are the sentence's embedding next to the embedding of its neighbouring sentences
(the context the human coders saw); one class-balanced logistic regression per dimension.
Every code the classifier contributes is written into the audit trail with its probability
(``information:classifier=0.873``), so a reader can still see why each sentence was coded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from analysis.coding.embeddings import embed
from analysis.core.errors import AnalysisError

RULES = ("dictionary", "classifier", "or", "override")
THRESHOLD = 0.5  # classifier codes 1 at p ≥ 0.5 (the model is class-balanced)
CONFIDENT = 0.8  # ``override``: the classifier overrides the dictionary only at p ≥ .8 or ≤ .2


def features(texts: pd.Series, context: pd.Series | None = None) -> np.ndarray:
    """Sentence embedding, next to the embedding of its context when ``context`` is given."""
    sentences = embed(texts.fillna("").astype(str).tolist())
    if context is None:
        return sentences
    return np.hstack([sentences, embed(context.fillna("").astype(str).tolist())])


def make_model(c: float, seed: int) -> LogisticRegression:
    """The per-dimension model: class-balanced L2 logistic regression (deterministic lbfgs)."""
    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=seed)


@dataclass
class SentenceClassifier:
    """One fitted logistic regression per dimension, with the C each was fitted with."""

    models: dict[str, LogisticRegression]
    c: dict[str, float]

    def probabilities(self, x: np.ndarray) -> pd.DataFrame:
        """P(dimension = 1) per row of ``x`` and dimension."""
        return pd.DataFrame({d: m.predict_proba(x)[:, 1] for d, m in self.models.items()})


def fit_classifier(x: np.ndarray, labels: pd.DataFrame, c: dict[str, float], *,
                   seed: int) -> SentenceClassifier:
    """Fit one model per dimension in ``c`` on the rows of ``x`` and their 0/1 labels."""
    models = {}
    for dim, value in c.items():
        y = labels[dim].to_numpy(int)
        if len(np.unique(y)) < 2:
            raise AnalysisError(f"dimension {dim}: training labels are all {y[0]}; the "
                                "classifier needs both 0s and 1s")
        models[dim] = make_model(value, seed).fit(x, y)
    return SentenceClassifier(models, dict(c))


def combine(dictionary: pd.DataFrame, proba: pd.DataFrame,
            rules: dict[str, str]) -> pd.DataFrame:
    """Final 0/1 codes per dimension under each dimension's rule, with the audit trail.

    ``dictionary`` holds the dictionary's 0/1 codes and ``matches``/``vetoed`` strings (as
    from ``code_texts``); ``proba`` the classifier's probabilities. Rules: ``dictionary``,
    ``classifier`` (p ≥ 0.5), ``or`` (either), ``override`` (the dictionary, unless the
    classifier is confident: p ≥ 0.8 codes 1, p ≤ 0.2 codes 0). ``matches`` keeps the
    dictionary's matches of the dimensions its code stands for and adds
    ``dim:classifier=p`` wherever the classifier's vote set or kept a 1; ``vetoed`` adds
    ``dim:classifier=p (overrode dictionary)`` where it removed one.
    """
    unknown = sorted(set(rules.values()) - set(RULES))
    if unknown:
        raise AnalysisError(f"combination rule {unknown[0]!r}: use one of {', '.join(RULES)}")
    out = pd.DataFrame(index=dictionary.index)
    matches = [[m for m in s.split("; ") if m] for s in dictionary["matches"]]
    vetoed = [[m for m in s.split("; ") if m] for s in dictionary.get(
        "vetoed", pd.Series("", index=dictionary.index))]
    for dim, rule in rules.items():
        d = dictionary[dim].to_numpy(int)
        p = proba[dim].to_numpy(float)
        vote = (p >= THRESHOLD).astype(int)
        code = {"dictionary": d, "classifier": vote, "or": d | vote,
                "override": np.where(p >= CONFIDENT, 1, np.where(p <= 1 - CONFIDENT, 0, d))
                }[rule]
        out[dim] = code.astype(int)
        for i in range(len(d)):
            tag = f"{dim}:classifier={p[i]:.3f}"
            used_classifier = rule != "dictionary" and code[i] == 1 and (
                rule == "classifier" or d[i] == 0 or vote[i] == 1)
            if rule == "classifier" or code[i] == 0:
                matches[i] = [m for m in matches[i] if not m.startswith(f"{dim}:")]
            if used_classifier:
                matches[i].append(tag)
            if d[i] == 1 and code[i] == 0:
                vetoed[i].append(f"{tag} (overrode dictionary)")
    out["matches"] = ["; ".join(m) for m in matches]
    out["vetoed"] = ["; ".join(v) for v in vetoed]
    return out
