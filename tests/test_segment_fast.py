"""The fast segmenter gives exactly pysbd's spans, and so exactly the reference sentences.

``segment.reference_pysbd_spans`` is pysbd itself and ``segment.reference_sentence_spans``
pysbd plus the merges; the fast ones must equal them on every seed paragraph, on pysbd's
golden rules and on generated paragraphs full of what pysbd treats specially. Set
SEGMENT_EXAMPLES (e.g. 20000) to hunt for differences with more generated paragraphs.
"""

from __future__ import annotations

import os
import re
import string
import sys
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pysbd.lang.english import English

from analysis.ingest import segment, segment_fast, segment_plain

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_golden_rules import golden_rules

EXAMPLES = int(os.environ.get("SEGMENT_EXAMPLES", "300"))


def assert_same(text: str) -> None:
    assert segment.pysbd_spans(text) == segment.reference_pysbd_spans(text), text
    assert segment.sentence_spans(text) == segment.reference_sentence_spans(text), text


def test_every_seed_paragraph(parsed) -> None:
    texts = [p.text for doc, _ in parsed.values() for p in doc.paragraphs]
    assert len(texts) == 196
    for text in texts:
        assert_same(text)
    # both paths are exercised by the seeds (measured: 160 plain, 36 careful)
    plain = sum(segment_plain.is_plain(t) for t in texts)
    assert plain >= 100 and len(texts) - plain >= 20


def test_golden_rules() -> None:
    for text, _expected in golden_rules():
        assert_same(text)


# -- generated paragraphs ----------------------------------------------------------------

_ABBREVIATIONS = English.Abbreviation.ABBREVIATIONS
WORDS = ["The", "Russia", "said", "it", "he", "integration", "Belarus", "However", "I",
         "I'm", "I'll", "A", "In", "There", "What", "KG", "AM", "Co", "is", "al", "et",
         "Minsk", "policy", "2014", "45,000", "vol", "Yahoo!", "!Kung", "x@y.com",
         "www.example.org", "file.pdf", ".pdf", "jpg", "50°", "Ph.D.", "U.S.", "U.S.A.",
         "u.s.", "E.U.", "U.K.", "e.g.", "i.e.", "a.m.", "p.m.", "P.M.", "A.M.", "i.v.",
         "T. L.", "J.", "ſt.", "\u212aan.", "İd.", "TelCo.", "3.5", "p. 275", "No. 128",
         "1.", "2.", "3.", "12.", "0.", "9.", "a.", "b.", "c.", "i.", "ii.", "iv.", "v.",
         "a)", "b)", "(a)", "(b)", "(iv)", "(v)", "1)", "2)", "[1]", "[2, 3]", "12.3 ",
         "word.12 Next", "Russia's", "Russia’s", "’", "‘", "'", "\"", "“", "”", "«", "»",
         "「", "」", "（", "）", "(", ")", "[", "]", "...", ". . .", "....", "…", ".", "?",
         "!", "?!", "!?", "??", "!!", "???", "!!!", "-", "--", "–", "—", "⁃", ":", ";", ",",
         "∯", "ȸ", "&ᓴ&", "♨", "☝", "\\", "{p} X", "'s", "x.y"]
WORDS += [a for a in _ABBREVIATIONS[::3]] + [a.title() + "." for a in _ABBREVIATIONS[1::4]]
WORDS += [a.upper() + "." for a in _ABBREVIATIONS[2::5]] + [a + "." for a in _ABBREVIATIONS]
SEPARATORS = [" "] * 6 + ["", "  ", "\n", "\r", "\xa0", "\t", " \n "]

paragraphs = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)),
                      min_size=1, max_size=40).map(lambda ts: "".join(w + s for w, s in ts))
# Plain-looking paragraphs: ordinary words and full stops, which the fast path takes.
plain_words = st.sampled_from(["Russia", "the", "policy", "Minsk’s", "union", "2014", "45,000",
                               "–", "integration", "Belarus", "trade", "on", "a", "B", "(see",
                               "below)", "“quoted", "words”", "“word”", "[1]", "[2]", "(2014)",
                               "(2015)", "(a)", "(b)", "(i)", "(ii)", "(iv)", "a)", "1)", "2)",
                               "-“", "”-", "(", ")", "[", "]", "“", "”", "The", "-", "No"] +
                              [a for a in _ABBREVIATIONS[::7]])
plain_sentences = st.lists(plain_words, min_size=1, max_size=12).map(" ".join)
plain_paragraphs = st.lists(st.tuples(plain_sentences, st.sampled_from([". ", ".  ", ".", " ", ".” ", ".) ", ". (", ". “"])),
                            min_size=1, max_size=8).map(
                                lambda ts: "".join(s + e for s, e in ts))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(paragraphs)
def test_generated_paragraphs(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(plain_paragraphs)
def test_generated_plain_paragraphs(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list(". !?\"'()[]“”‘’«»-–\n\r\xa0aAbBiIvVxX019∯ȸ,:;")),
               max_size=60))
def test_generated_punctuation(text: str) -> None:
    assert_same(text)


# -- the premises the fast paths rest on ---------------------------------------------------

def test_case_folding_matches_pysbds_case_insensitive_letters() -> None:
    """``fold`` maps a character to an ASCII letter exactly when ``re`` with IGNORECASE
    matches it to that letter (checked for every code point)."""
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    matched = set(re.findall("[a-z]", everything, re.IGNORECASE))
    folded = {ch for ch in everything if segment_fast.fold(ch) in string.ascii_lowercase}
    assert matched == folded
    for ch in matched:
        assert re.fullmatch(segment_fast.fold(ch), ch, re.IGNORECASE)
        assert len(segment_fast.fold(ch)) == 1


def test_plain_path_knows_every_character_pysbd_mentions() -> None:
    """Every non-ASCII character in pysbd's code is known to the plain path (excluded from
    plain paragraphs, or allowed under the conditions in segment_plain's docstring)."""
    import importlib
    import inspect
    import types

    found: set[str] = set()

    def strings(code: types.CodeType) -> None:
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                strings(const)
            for text in (const if isinstance(const, tuple) else (const,)):
                if isinstance(text, str):
                    found.update(ch for ch in text if ord(ch) > 127)

    for name in ("processor", "abbreviation_replacer", "lists_item_replacer",
                 "between_punctuation", "punctuation_replacer", "exclamation_words",
                 "segmenter", "utils", "lang.common.common", "lang.common.standard",
                 "lang.english"):
        module = importlib.import_module(f"pysbd.{name}")
        with warnings.catch_warnings():  # pysbd's own source has invalid escapes
            warnings.simplefilter("ignore", DeprecationWarning)
            strings(compile(inspect.getsource(module), name, "exec"))
    assert found == set(segment_plain.PYSBD_CHARACTERS)
