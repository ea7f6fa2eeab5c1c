"""Peer: what a researcher would write with spaCy — a PhraseMatcher on lower-cased tokens
over the codebook's plain terms (no wildcards, gaps, case-sensitive acronyms or
exclusions), one 0/1 column per dimension.

    python phrasematcher_code.py IN.csv TEXT_COLUMN OUT.csv
"""

import sys

import pandas as pd
import spacy
from spacy.matcher import PhraseMatcher

from analysis.coding.codebook import load_codebook


def main(source: str, column: str, target: str) -> None:
    codebook = load_codebook()
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    dims = codebook.dimension_names
    for d, dim in codebook.dimensions.items():
        terms = sorted({p.lower() for e in dim.entries if e.kind == "term"
                        for p in e.patterns if "*" not in p})
        matcher.add(d, list(nlp.tokenizer.pipe(terms)))
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    rows = []
    for doc in nlp.tokenizer.pipe(frame[column]):
        found = {nlp.vocab.strings[m] for m, _, _ in matcher(doc)}
        rows.append([int(d in found) for d in dims])
    out = pd.DataFrame(rows, columns=dims)
    out.insert(0, "row", range(1, len(frame) + 1))
    out.to_csv(target, index=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
