"""Peers on the same texts: sentence splitting (ours; ours before, i.e. pysbd plus the
merges, kept as the reference ours must equal; pysbd alone; spaCy's rule-based sentencizer)
and coding (ours, spaCy's PhraseMatcher, scikit-learn's CountVectorizer with a fixed
vocabulary). Throughput only: the peers do less than ours (no abbreviation merges; no
wildcards, gaps, case-sensitive acronyms or exclusions), which the results page says."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pysbd

from analysis.coding.codebook import Codebook
from analysis.coding.matcher import code_texts
from analysis.coding.reference import find_matches
from analysis.ingest import segment
from analysis.ingest.segment import (
    count_words,
    reference_sentence_spans,
    sentence_spans,
    split_sentences,
)
from analysis.ingest.segment_fast import careful_sentences, char_spans
from analysis.ingest.segment_plain import is_plain


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in CPU seconds of this process (less disturbed by other
    jobs on a shared machine than wall time)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def plain_terms(codebook: Codebook) -> list[str]:
    """The codebook's term patterns without wildcards (what a phrase list can express)."""
    return sorted({p.lower() for d in codebook.dimensions.values() for e in d.entries
                   if e.kind == "term" for p in e.patterns if "*" not in p})


OURS = "ours (pysbd's rules, fast path + merges)"
CAREFUL = "ours, careful path for every paragraph (+ merges)"
REFERENCE = "ours before (pysbd + merges, the reference)"


def careful_only(text: str) -> list[tuple[int, int]]:
    """Ours without the one-pass path for plain paragraphs: what a corpus where no paragraph
    is plain would cost per word."""
    if not text.strip():
        return []
    return segment._merged(text, char_spans(text, careful_sentences(text)), fast=True)


def _sentencizer():  # type: ignore[no-untyped-def]
    """spaCy's rule-based sentencizer, or None when spaCy (the bench extra) is missing."""
    try:
        import spacy
    except ImportError:
        return None
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def segmenters(paragraphs: list[str], repeat: int = 5) -> dict[str, float]:
    """CPU seconds (best of ``repeat``) to split every paragraph into sentences, per segmenter."""
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    nlp = _sentencizer()
    times = {
        OURS: timed(lambda: [sentence_spans(p) for p in paragraphs], repeat),
        CAREFUL: timed(lambda: [careful_only(p) for p in paragraphs], repeat),
        REFERENCE: timed(lambda: [reference_sentence_spans(p) for p in paragraphs], repeat),
        "pysbd alone": timed(lambda: [seg.segment(p) for p in paragraphs], repeat),
    }
    if nlp is not None:
        times["spaCy sentencizer"] = timed(
            lambda: [list(d.sents) for d in nlp.pipe(paragraphs)], repeat)
    return times


def plain_share(paragraphs: list[str]) -> float:
    """Share of the words in paragraphs the fast segmenter cuts in one pass (the rest go
    through pysbd's own rules, without its no-op steps)."""
    words = sum(count_words(p) for p in paragraphs)
    return sum(count_words(p) for p in paragraphs if is_plain(p)) / words if words else 0.0


def different_paragraphs(paragraphs: list[str]) -> list[str]:
    """The paragraphs whose sentences differ between ours and the reference (should be none)."""
    return [p for p in paragraphs if sentence_spans(p) != reference_sentence_spans(p)]


def coders(sentences: list[str], codebook: Codebook) -> dict[str, float]:
    """Seconds to code every sentence, per coder."""
    import pandas as pd
    import spacy
    from sklearn.feature_extraction.text import CountVectorizer
    from spacy.matcher import PhraseMatcher

    terms = plain_terms(codebook)
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("terms", list(nlp.tokenizer.pipe(terms)))
    longest = max(len(t.split()) for t in terms)
    vectorizer = CountVectorizer(vocabulary=terms, ngram_range=(1, longest), lowercase=True,
                                 token_pattern=r"(?u)\b[\w’'-]+\b")
    series = pd.Series(sentences)
    code_texts(series[:10], codebook)  # the automaton is built once per process
    return {
        "ours (compiled coder)": timed(lambda: code_texts(series, codebook)),
        "ours before (regex codebook, reference matcher)": timed(
            lambda: [find_matches(text, codebook) for text in sentences]),
        "spaCy PhraseMatcher": timed(lambda: [matcher(d) for d in nlp.tokenizer.pipe(sentences)]),
        "scikit-learn CountVectorizer": timed(lambda: vectorizer.transform(sentences)),
    }


def words_in(texts: list[str]) -> int:
    return sum(count_words(t) for t in texts)


def golden_rule_passes() -> dict[str, int]:
    """How many of pysbd's 48 English golden rules each segmenter gets right."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_golden_rules import golden_rules, passed

    rules = golden_rules()
    seg = pysbd.Segmenter(language="en", clean=False)
    passes = {OURS: len(passed(split_sentences, rules)),
              REFERENCE: len(passed(lambda t: [t[a:b] for a, b in reference_sentence_spans(t)],
                                    rules)),
              "pysbd alone": len(passed(seg.segment, rules))}
    nlp = _sentencizer()
    if nlp is not None:
        passes["spaCy sentencizer"] = len(passed(lambda t: [x.text for x in nlp(t).sents], rules))
    return passes
