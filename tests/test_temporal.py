"""Temporal anchoring: dated mentions in real seed sentences, and the anchoring rules.

``data/temporal_expected.csv`` lists every dated mention in the five seeds (79 mentions in
70 sentences), each read against its sentence and the source's publication date by hand:
surface text, start and end date, precision, and whether it is relative.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.mention_table import mentions_table
from analysis.ingest.temporal import Context, anchor_sentences, find_mentions

EXPECTED = Path(__file__).parent / "data" / "temporal_expected.csv"
APRIL_2021 = Context(dt.date(2021, 4, 1), dt.date(2021, 4, 30))
YEAR_2022 = Context(dt.date(2022, 1, 1), dt.date(2022, 12, 31))


@pytest.fixture(scope="module")
def corpus_tables(parsed: dict[str, tuple]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    sentences = pd.DataFrame([r for _, rows in parsed.values() for r in rows["sentences"]])
    documents = pd.DataFrame([r for _, rows in parsed.values() for r in rows["documents"]])
    return sentences, documents, mentions_table(sentences, documents)


def test_every_seed_mention_matches_the_hand_checked_table(corpus_tables) -> None:
    _, _, mentions = corpus_tables
    expected = pd.read_csv(EXPECTED, dtype=str, keep_default_na=False)
    assert expected["sentence_id"].nunique() >= 40
    got = mentions[["sentence_id", "surface", "start_date", "end_date", "precision",
                    "relative"]].astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected.astype(str))


@pytest.mark.parametrize("sentence_id, distractor", [
    ("001-p021-s01", "springboard"),          # "spring" inside a word is no season
    ("001-p007-s04", "spring from"),          # the verb
    ("003-p070-s03", "Tu-160s"),              # aircraft, not a decade
    ("003-p075-s03", "five-year plan"),       # a duration, not a date
    ("004-p006-s02", "quarter-of-a-century"),
])
def test_distractors_are_not_dates(corpus_tables, sentence_id: str, distractor: str) -> None:
    sentences, _, mentions = corpus_tables
    text = sentences.set_index("sentence_id").loc[sentence_id, "text"]
    assert distractor in text
    surfaces = mentions.loc[mentions["sentence_id"] == sentence_id, "surface"].tolist()
    assert not any(distractor in s or s in distractor for s in surfaces)


@pytest.mark.parametrize("text, surface, start, end, precision", [
    ("signed on November 4, 2021 in Moscow", "November 4, 2021", "2021-11-04", "2021-11-04",
     "day"),
    ("signed on 4 November 2021.", "4 November 2021", "2021-11-04", "2021-11-04", "day"),
    ("the protests of August 2020", "August 2020", "2020-08-01", "2020-08-31", "month"),
    ("in the winter of 2020", "the winter of 2020", "2020-12-01", "2021-02-28", "season"),
    ("the years 2014–2020", "2014–2020", "2014-01-01", "2020-12-31", "range"),
    ("in the 1990s", "the 1990s", "1990-01-01", "1999-12-31", "decade"),
    ("On April 22, they met", "April 22", "2021-04-22", "2021-04-22", "day"),
    ("On May 9 they will parade", "May 9", "2020-05-09", "2020-05-09", "day"),  # before pub
    ("two years ago", "two years ago", "2019-04-01", "2019-04-30", "month"),
])
def test_constructed_mentions(text: str, surface: str, start: str, end: str,
                              precision: str) -> None:
    (m,) = find_mentions(text, APRIL_2021)
    assert (m.surface, m.start_date.isoformat(), m.end_date.isoformat(), m.precision) == (
        surface, start, end, precision)


def test_relative_phrase_is_flagged_and_year_precision_publication_stays_coarse() -> None:
    (m,) = find_mentions("a year ago the talks stalled", YEAR_2022)
    assert m.relative and m.precision == "year" and m.start_date == dt.date(2021, 1, 1)


def test_money_and_counts_are_not_years() -> None:
    assert find_mentions("a loan of $2019 million and 2,019 tanks, 2019.5 units", APRIL_2021) == []


def test_yearless_date_takes_the_paragraph_year() -> None:
    from analysis.ingest.temporal import paragraph_mentions
    _first, second = paragraph_mentions(["The talks of 2019 failed.", "In September they met."],
                                        dt.date(2021, 4, 1), dt.date(2021, 4, 30))
    assert second[0].start_date == dt.date(2019, 9, 1) and second[0].yearless


def test_anchoring_rules_on_a_real_paragraph(corpus_tables) -> None:
    sentences, _, mentions = corpus_tables
    para = sentences[sentences["paragraph_id"] == "001-p002"]
    assert len(para) >= 6  # "9 August 2020" in s01, "4 November 2021" in s06
    by_rule = {rule: anchor_sentences(para, mentions, rule).set_index("sentence_id")
               for rule in ("sentence", "paragraph", "none")}
    assert by_rule["paragraph"].loc["001-p002-s02", "ref_start"] == "2020-08-09"
    assert by_rule["paragraph"].loc["001-p002-s02", "anchor"] == "paragraph"
    assert by_rule["paragraph"].loc["001-p002-s06", "ref_start"] == "2021-11-04"
    assert pd.isna(by_rule["sentence"].loc["001-p002-s02", "ref_start"])
    assert by_rule["none"]["ref_start"].isna().all()
    with pytest.raises(ValueError, match="anchoring rule"):
        anchor_sentences(para, mentions, "document")
