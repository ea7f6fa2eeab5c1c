"""Peer: what a researcher would write with scikit-learn — a fixed-vocabulary
CountVectorizer over the codebook's plain terms (no wildcards, gaps, case-sensitive acronyms
or exclusions), one 0/1 column per dimension.

    python countvectorizer_code.py IN.csv TEXT_COLUMN OUT.csv
"""

import sys

import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from analysis.coding.codebook import load_codebook


def main(source: str, column: str, target: str) -> None:
    codebook = load_codebook()
    terms = {d: sorted({p.lower() for e in dim.entries if e.kind == "term"
                        for p in e.patterns if "*" not in p})
             for d, dim in codebook.dimensions.items()}
    vocabulary = sorted({t for ts in terms.values() for t in ts})
    index = {t: i for i, t in enumerate(vocabulary)}
    longest = max(len(t.split()) for t in vocabulary)
    vectorizer = CountVectorizer(vocabulary=vocabulary, ngram_range=(1, longest),
                                 lowercase=True, token_pattern=r"(?u)\b[\w’'-]+\b")
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    counts = vectorizer.transform(frame[column])
    out = pd.DataFrame({"row": range(1, len(frame) + 1)})
    for d, ts in terms.items():
        out[d] = (counts[:, [index[t] for t in ts]].sum(axis=1).A1 > 0).astype(int)
    out.to_csv(target, index=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
