"""Put every unit on a time axis: when its source was published, or the period it talks about.

A date is labelled at the requested frequency (M, Q, H, Y) only when it is known that
precisely; coarser dates keep their own precision (a year stays "2019", a decade "1990s",
a publication date known to the year stays "2022"), so no label claims more than the text
says. A range ("since August 2020", "2014–2020") is labelled by the year it starts.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.ingest.temporal import anchor_sentences

FREQUENCIES = ("M", "Q", "H", "Y")
TIME_AXES = ("published", "referenced")
UNANCHORED = "unanchored"


def _label(date: dt.date, freq: str) -> str:
    if freq == "M":
        return f"{date.year}-{date.month:02d}"
    if freq == "Q":
        return f"{date.year}Q{(date.month - 1) // 3 + 1}"
    if freq == "H":
        return f"{date.year}H{1 if date.month <= 6 else 2}"
    return str(date.year)


def period_label(start: str, end: str, precision: str, freq: str) -> str:
    """The period a dated span belongs to, never finer than the span is known."""
    if freq not in FREQUENCIES:
        raise ValueError(f"period must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if precision == "decade":
        return f"{first.year}s"
    if precision == "range":
        return str(first.year)
    if _label(first, freq) == _label(last, freq):
        return _label(first, freq)
    if first.year == last.year:
        return str(first.year)
    return f"{first.year}–{last.year}"


def period_sort_key(label: str) -> str:
    """Labels sort chronologically by their first year, coarse before fine, "unanchored" last."""
    if label == UNANCHORED:
        return "9999"
    return label.replace("s", "").replace("–", "~")


def publication_periods(documents: pd.DataFrame, freq: str) -> pd.Series:
    """doc_id → publication period label."""
    labels = {r.doc_id: period_label(r.published_start, r.published_end, r.date_precision, freq)
              for r in documents.itertuples(index=False)}
    return pd.Series(labels, name="period")


def assign_periods(coded: pd.DataFrame, documents: pd.DataFrame, mentions: pd.DataFrame,
                   axis: str, freq: str, rule: str = "paragraph") -> pd.DataFrame:
    """Coded sentences with ``period`` (label) and, for the referenced axis, the anchor."""
    if axis not in TIME_AXES:
        raise ValueError(f"time axis must be one of {', '.join(TIME_AXES)}, not {axis!r}")
    out = coded.copy()
    if axis == "published":
        out["period"] = out["doc_id"].map(publication_periods(documents, freq))
        out["anchor"] = "published"
        return out
    anchors = anchor_sentences(coded, mentions, rule).set_index("sentence_id")
    anchors = anchors.reindex(out["sentence_id"])
    out["anchor"] = anchors["anchor"].to_numpy()
    out["period"] = [
        UNANCHORED if pd.isna(s) else period_label(s, e, p, freq)
        for s, e, p in zip(anchors["ref_start"], anchors["ref_end"], anchors["ref_precision"],
                           strict=True)]
    out["ref_start"] = anchors["ref_start"].to_numpy()
    out["ref_end"] = anchors["ref_end"].to_numpy()
    return out


def anchoring_summary(with_periods: pd.DataFrame) -> pd.DataFrame:
    """Per source: sentences anchored by their own mention, by the paragraph, or not at all."""
    counts = (with_periods.groupby(["doc_id", "anchor"]).size().unstack(fill_value=0)
              .reindex(columns=["own", "paragraph", "none"], fill_value=0))
    counts["sentences"] = counts.sum(axis=1)
    counts["unanchored_share"] = (counts["none"] / counts["sentences"]).round(4)
    return counts.reset_index().rename_axis(columns=None)
