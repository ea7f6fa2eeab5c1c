"""How the headline weights move with analysis choices, and which single term moves them most."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.coding.codebook import without_entry
from analysis.coding.matcher import find_matches
from analysis.measure.weights import Prepared, Settings, headline, trends, units_for


def across_settings(prep: Prepared, base: Settings, name: str, values: list) -> pd.DataFrame:
    """Attention per source and dimension under each value of one setting, side by side."""
    frames = []
    for value in values:
        settings = replace(base, **{name: value})
        table = headline(prep, settings)["attention"]
        frames.append(table.assign(**{name: value})[["doc_id", "dimension", name, "share",
                                                     "ci_low", "ci_high", "n"]])
    long = pd.concat(frames, ignore_index=True)
    wide = long.pivot_table(index=["doc_id", "dimension"], columns=name, values="share",
                            sort=False)
    wide.columns = [f"share_{c}" for c in wide.columns]
    first, last = wide.columns[0], wide.columns[-1]
    wide["difference_pp"] = 100 * (wide[last] - wide[first])
    return wide.reset_index()


def anchoring_across_rules(prep: Prepared, base: Settings, rules: list[str]) -> pd.DataFrame:
    """Per source: share of units anchored in time, and the referenced-period count, per rule."""
    rows = []
    for rule in rules:
        units = units_for(prep, replace(base, anchoring_rule=rule, time_axis="referenced"))
        for doc_id, group in units.groupby("doc_id", sort=True):
            anchored = group["period"] != "unanchored"
            rows.append({"doc_id": doc_id, "rule": rule, "units": len(group),
                         "anchored_share": round(float(anchored.mean()), 4),
                         "periods": int(group.loc[anchored, "period"].nunique())})
    return pd.DataFrame(rows)


def leave_one_term_out(prep: Prepared, dims: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """For every term that matches: each source's share of sentences with the term removed.

    Only sentences where the term matched can change, so only those are recoded — with the
    codebook recompiled without the term, so a shorter term that the removed one used to
    cover (longest match wins) is counted again.
    """
    coded = prep.coded
    n_per_doc = coded.groupby("doc_id").size()
    base_k = coded.groupby("doc_id")[list(dims)].sum()
    kept = prep.audit[prep.audit["vetoed_by"] == ""]
    text = coded.set_index("sentence_id")["text"]
    doc_of = coded.set_index("sentence_id")["doc_id"]
    rows = []
    for dim in dims:
        for term, hits in kept[kept["dimension"] == dim].groupby("entry_id", sort=True):
            reduced = without_entry(prep.codebook, dim, term)
            lost: dict[str, int] = {}
            for sid in sorted(set(hits["sentence_id"])):
                still = any(m.dimension == dim and not m.vetoed_by
                            for m in find_matches(text[sid], reduced))
                if not still:
                    lost[doc_of[sid]] = lost.get(doc_of[sid], 0) + 1
            for doc_id in sorted(set(hits["doc_id"])):
                n, k = int(n_per_doc[doc_id]), int(base_k.loc[doc_id, dim])
                rows.append({"doc_id": doc_id, "dimension": dim, "term": term,
                             "share": k / n, "share_without": (k - lost.get(doc_id, 0)) / n,
                             "change_pp": -100 * lost.get(doc_id, 0) / n})
    return pd.DataFrame(rows)


def most_influential_terms(loo: pd.DataFrame) -> pd.DataFrame:
    """Per source and dimension, the single term whose removal moves the share most."""
    order = loo.assign(_abs=loo["change_pp"].abs()).sort_values(
        ["doc_id", "dimension", "_abs", "term"], ascending=[True, True, False, True])
    return order.drop_duplicates(["doc_id", "dimension"]).drop(columns="_abs").reset_index(
        drop=True)


def trends_across_rules(prep: Prepared, base: Settings, rules: list[str]) -> pd.DataFrame:
    """Referenced-time trend per dimension under each anchoring rule, side by side."""
    frames = []
    for rule in rules:
        trend = trends(prep, replace(base, anchoring_rule=rule))
        trend = trend[trend["axis"] == "referenced"]
        columns = ["odds_ratio_per_year", "p_holm", "result", "units"]
        frames.append(trend.set_index("dimension")[columns].add_suffix(f"_{rule}_rule"))
    return pd.concat(frames, axis=1).reset_index()
