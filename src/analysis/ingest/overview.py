"""Views of the parsed corpus for notebook 01: metadata, parse report, counts, repairs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.parquet import read_parquet
from analysis.ingest.processed_tables import TABLES

REPORT_COLUMNS = {
    "doc_id": "source", "paragraphs": "paragraphs", "headings": "headings",
    "sentences": "sentences", "words_kept": "words kept",
    "words_set_aside_title": "title", "words_set_aside_byline": "byline",
    "words_set_aside_boilerplate": "boilerplate",
    "words_set_aside_running_head": "running heads",
    "words_set_aside_page_number": "page numbers", "words_set_aside_slug": "slugs",
    "words_set_aside_other_language": "other language", "words_set_aside_note": "notes",
    "notes": "notes found", "note_fragments": "note fragments", "markers": "markers",
    "markers_without_notes": "markers without notes", "repairs": "repairs",
}
# Repairs that change words (whitespace normalisation is counted but not sampled).
SAMPLED_REPAIR_KINDS = ("dehyphenate", "hyphen_compound_kept", "hyphen_space", "ligature_gap",
                        "lost_ligature", "split_word", "small_caps", "glued_marker")


def load_processed(processed_dir: Path | str) -> dict[str, pd.DataFrame]:
    """Every processed table by name."""
    names = TABLES
    return {name: read_parquet(Path(processed_dir) / f"{name}.parquet") for name in names}


def corpus_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per source, ordered by publication date: the manifest facts a reader needs."""
    cols = ["doc_id", "published", "date_precision", "authors", "outlet", "title", "format",
            "date_basis"]
    return documents.sort_values(["published_start", "doc_id"])[cols].reset_index(drop=True)


def parse_report(report: pd.DataFrame) -> pd.DataFrame:
    """Kept and set-aside words by reason, notes and markers, per source."""
    return report[list(REPORT_COLUMNS)].rename(columns=REPORT_COLUMNS)


def counts_per_source(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Sentences and words per source, with the mean sentence length."""
    grouped = sentences.groupby("doc_id").agg(sentences=("sentence_id", "size"),
                                              words=("n_words", "sum"))
    grouped["words per sentence"] = (grouped["words"] / grouped["sentences"]).round(1)
    meta = documents.set_index("doc_id")[["published", "outlet"]]
    return meta.join(grouped).reset_index().sort_values(["published", "doc_id"],
                                                        ignore_index=True)


def repair_counts(repairs: pd.DataFrame) -> pd.DataFrame:
    """How many repairs of each kind each source needed (sources as columns)."""
    table = repairs.pivot_table(index="kind", columns="doc_id", values="order",
                                aggfunc="count", fill_value=0)
    table.columns.name = None
    return table.reset_index()


def repairs_sample(repairs: pd.DataFrame, per_kind: int, seed: int) -> pd.DataFrame:
    """A seeded sample of word-changing repairs, raw → clean, up to ``per_kind`` per kind."""
    chosen = repairs[repairs["kind"].isin(SAMPLED_REPAIR_KINDS)]
    sample = chosen.sample(frac=1.0, random_state=seed).groupby("kind").head(per_kind)
    return (sample.sort_values(["kind", "doc_id", "order"])
            [["kind", "doc_id", "before", "after"]].reset_index(drop=True))
