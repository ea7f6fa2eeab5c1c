"""The rows of ``mentions.parquet``: every dated mention of every sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from itertools import groupby
from operator import itemgetter

import pandas as pd

from analysis.ingest.temporal import paragraph_mentions

MENTION_COLUMNS = ["doc_id", "paragraph_id", "sentence_id", "mention_index", "surface",
                   "char_start", "char_end", "start_date", "end_date", "precision", "rule",
                   "relative", "yearless"]


def mention_rows(sentences: Iterable[Mapping], published: Mapping[str, tuple[str, str]]
                 ) -> list[dict]:
    """The mention rows of sentence rows (doc_id, paragraph_id, sentence_id, text), ordered
    by paragraph id and then sentence id; ``published``: doc_id → (start, end), ISO dates."""
    ordered = sorted(sentences, key=itemgetter("paragraph_id", "sentence_id"))
    rows = []
    for pid, group in groupby(ordered, key=itemgetter("paragraph_id")):
        paragraph = list(group)
        doc_id = paragraph[0]["doc_id"]
        start, end = (dt.date.fromisoformat(day) for day in published[doc_id])
        texts = [sentence["text"] for sentence in paragraph]
        for sentence, mentions in zip(paragraph, paragraph_mentions(texts, start, end),
                                      strict=True):
            for i, m in enumerate(mentions, start=1):
                rows.append({"doc_id": doc_id, "paragraph_id": pid,
                             "sentence_id": sentence["sentence_id"], "mention_index": i,
                             "surface": m.surface, "char_start": m.start, "char_end": m.end,
                             "start_date": m.start_date.isoformat(),
                             "end_date": m.end_date.isoformat(), "precision": m.precision,
                             "rule": m.rule, "relative": m.relative, "yearless": m.yearless})
    return rows


def mentions_table(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Every dated mention of every sentence (``mentions.parquet``) as a data frame."""
    published = {row["doc_id"]: (row["published_start"], row["published_end"])
                 for row in documents[["doc_id", "published_start", "published_end"]]
                 .to_dict("records")}
    columns = sentences[["doc_id", "paragraph_id", "sentence_id", "text"]]
    return pd.DataFrame(mention_rows(columns.to_dict("records"), published),
                        columns=MENTION_COLUMNS)
