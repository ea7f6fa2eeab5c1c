"""Code the parsed corpus with a codebook: sentences, paragraphs, sources, audit views."""

from __future__ import annotations

import pandas as pd

from analysis.coding.codebook import Codebook
from analysis.coding.matcher import code_texts
from analysis.core.cache import Cache

UNITS = ("sentence", "paragraph")


def code_sentences(
    sentences: pd.DataFrame, codebook: Codebook, *, cache: Cache | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences with 0/1 and term counts per dimension; the audit rows with sentence ids.

    With a ``cache``, codes are reused per source and dimension (see ``analysis.cache``)."""
    coded, audit = code_texts(sentences["text"], codebook, cache=cache,
                              groups=sentences["doc_id"])
    frame = pd.concat([sentences.reset_index(drop=True), coded.reset_index(drop=True)], axis=1)
    audit = audit.assign(sentence_id=sentences["sentence_id"].to_numpy()[audit["row"]],
                         doc_id=sentences["doc_id"].to_numpy()[audit["row"]])
    return frame, audit.drop(columns="row")


def to_unit(coded: pd.DataFrame, codebook: Codebook, unit: str) -> pd.DataFrame:
    """Sentence codes as they are, or aggregated to paragraphs (coded 1 if any sentence is)."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if unit == "sentence":
        return coded
    dims = codebook.dimension_names
    agg = {d: "max" for d in dims} | {f"n_{d}": "sum" for d in dims} | {
        "n_words": "sum", "doc_id": "first", "section": "first", "sentence_id": "size"}
    out = coded.groupby("paragraph_id", sort=True).agg(agg)
    return out.rename(columns={"sentence_id": "n_sentences"}).reset_index()


def weights_by_source(units: pd.DataFrame, codebook: Codebook,
                      documents: pd.DataFrame) -> pd.DataFrame:
    """Per source: units, words, and the share of units coded for each dimension."""
    dims = codebook.dimension_names
    grouped = units.groupby("doc_id")
    table = grouped[dims].mean().round(4)
    table.insert(0, "units", grouped.size())
    meta = documents.set_index("doc_id")[["published", "published_start"]]
    table = meta.join(table).sort_values(["published_start"]).drop(columns="published_start")
    return table.reset_index()


def kwic(audit: pd.DataFrame, sentences: pd.DataFrame, width: int = 60) -> pd.DataFrame:
    """Keyword in context: source, sentence id, left context, matched term, right context."""
    text = sentences.set_index("sentence_id")["text"]
    kept = audit[audit["vetoed_by"] == ""].sort_values(["sentence_id", "start", "dimension"])
    rows = []
    for r in kept.itertuples(index=False):
        s = text[r.sentence_id]
        rows.append({"doc_id": r.doc_id, "sentence_id": r.sentence_id, "dimension": r.dimension,
                     "term": r.entry_id, "left": s[max(0, r.start - width):r.start],
                     "match": s[r.start:r.end], "right": s[r.end:r.end + width]})
    return pd.DataFrame(rows, columns=["doc_id", "sentence_id", "dimension", "term", "left",
                                       "match", "right"])


def term_drivers(audit: pd.DataFrame, coded: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Which terms make each source's weight: matches, sentences, and sentences only it codes.

    ``sole_sentences`` counts sentences coded for the dimension by this term alone; removing
    the term would drop exactly those, so it is the term's direct share of the weight.
    """
    kept = audit[audit["vetoed_by"] == ""]
    per_sentence = kept.groupby(["doc_id", "dimension", "sentence_id"])["entry_id"].agg(set)
    rows: dict[tuple[str, str, str], dict[str, int]] = {}
    for (doc_id, dim, _), terms in per_sentence.items():
        for term in terms:
            row = rows.setdefault((doc_id, dim, term), {"sentences": 0, "sole_sentences": 0})
            row["sentences"] += 1
            row["sole_sentences"] += int(len(terms) == 1)
    matches = kept.groupby(["doc_id", "dimension", "entry_id"]).size()
    total = coded.groupby("doc_id").size()
    out = pd.DataFrame([
        {"doc_id": d, "dimension": dim, "term": t, "matches": int(matches[(d, dim, t)]),
         **counts, "share_points": round(100 * counts["sole_sentences"] / total[d], 2)}
        for (d, dim, t), counts in rows.items()])
    if out.empty:
        return out
    order = {name: i for i, name in enumerate(codebook.dimension_names)}
    out["_dim"] = out["dimension"].map(order)
    out = out.sort_values(["doc_id", "_dim", "sentences", "term"],
                          ascending=[True, True, False, True])
    return out.drop(columns="_dim").reset_index(drop=True)


def codebook_summary(codebook: Codebook) -> pd.DataFrame:
    """Per dimension: number of terms, patterns and exclusions, and the definition."""
    rows = []
    for dim in codebook.dimensions.values():
        terms = [e for e in dim.entries if e.kind == "term"]
        exclusions = [e for e in dim.entries if e.kind == "exclusion"]
        rows.append({"dimension": dim.name, "terms": len(terms),
                     "patterns": sum(len(e.patterns) for e in terms),
                     "exclusions": len(exclusions), "definition": dim.definition.strip()})
    return pd.DataFrame(rows)


def vetoed_matches(audit: pd.DataFrame) -> pd.DataFrame:
    """Every term match an exclusion vetoed, with the exclusion."""
    vetoed = audit[audit["vetoed_by"] != ""]
    return (vetoed[["doc_id", "sentence_id", "dimension", "entry_id", "surface", "vetoed_by"]]
            .rename(columns={"entry_id": "term"})
            .sort_values(["sentence_id", "dimension", "term"]).reset_index(drop=True))
