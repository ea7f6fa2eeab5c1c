"""Sentence segmentation on real sentences of the corpus."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest.segment import count_words, sentence_spans, split_sentences


@pytest.mark.parametrize("text, expected", [
    # Initials and abbreviations from footnote 1 of the journal article (003).
    ("The term revolution is used in a narrow sense. T. L. Karl, Ph. Schmitter, Models of "
     "transition in Latin America, Southern and Eastern Europe, “International Social Science "
     "Journal” 1991, vol. 43, No. 128, p. 275; C. Tilly, From mobilization to revolution.",
     2),
    ("Summary of the 2018 National Defense Strategy, u.s. Department of Defense. It names Russia.", 2),
    ("I. Klinke, Geopolitical narratives on Belarus, “Perspectives” 2008, vol. 16, No. 1, p. 109.", 1),
    # Quoted speech (004) stays with its attribution.
    ("“Lukashenko periodically flies off to meet Putin but there is never a word about specific "
     "agreements,” Sivitsky wrote. “This is because it is obvious that the Kremlin has grown tired "
     "of such symbolism.”", 2),
    # A quotation containing two sentences, closed before the full stop (003).
    ("Putin made it clear: “We have nothing to do with it. Everyone is trying to shift the "
     "responsibility onto us for no reason”. With disarming honesty, he said he learned about it.", 2),
    # Numbered items inside a sentence (003).
    ("Belarus has implemented its plans through the migration crisis: 1. to gain revenge on Poland; "
     "2. to reaffirm the Kremlin’s loyalty; 3. to break the international isolation.", 1),
    # A sentence that starts with a number is still a new sentence (003).
    ("British intervention in Iraq was indeed a carefully crafted crisis. 45,000 British troops "
     "helped the United States to occupy it.", 2),
])
def test_sentence_counts(text: str, expected: int) -> None:
    assert len(split_sentences(text)) == expected


def test_spans_are_stripped_and_ordered() -> None:
    text = "  First one.  Second one?  "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one?"]


@given(st.text(max_size=300))
def test_spans_always_lie_inside_the_text(text: str) -> None:
    spans = sentence_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)


def test_word_count_counts_compounds_once() -> None:
    # The, Russia-West, confrontation, since, 2014, 2020, isn’t, over
    assert count_words("The Russia-West confrontation, since 2014–2020, isn’t over.") == 8
