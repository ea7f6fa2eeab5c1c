"""The language fast path: where it decides, lingua decides the same; elsewhere it defers.

``surely_english`` may only answer "English" for a text lingua calls English with a
confidence of at least 0.9 (so ``detect`` returns "en" whatever the document's language);
any other text must go to lingua. Checked on every piece of text of the seeds, on passages
written for this test in the languages of the field (Polish, German, Russian, Belarusian,
Ukrainian, French, English with foreign names and quotations), and on generated mixtures.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from analysis.ingest.language import MIN_WORDS, detect, lingua_language, surely_english

PASSAGES = yaml.safe_load((Path(__file__).parent / "data" / "language_passages.yaml")
                          .read_text(encoding="utf-8"))
FOREIGN = ("pl", "de", "ru", "be", "uk", "fr")
UNSURE = "??"  # a default no language has, so "lingua is unsure" shows as itself


def lingua_says_english(text: str) -> bool:
    return lingua_language(text, default=UNSURE) == "en"


def fold(text: str) -> str:
    """The text as typed without diacritics ("Białoruś" → "Bialorus")."""
    text = text.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def seed_texts(parsed, raw_texts) -> list[str]:
    """Every paragraph, note and set-aside text of the seeds, and every raw block."""
    texts: list[str] = []
    for doc, _ in parsed.values():
        texts += [p.text for p in doc.paragraphs] + [n.text for n in doc.notes]
        texts += [s.text for s in doc.set_aside]
    for raw in raw_texts.values():
        texts += [" ".join(block.split()) for block in raw.split("\n\n") if block.strip()]
    return texts


@pytest.fixture(scope="module")
def seed_body_words(parsed) -> list[str]:
    """The words of the seeds' body paragraphs, one after the other."""
    return [w for doc, _ in parsed.values() for p in doc.paragraphs if p.role == "body"
            for w in p.text.split()]


def test_fast_decisions_on_the_seeds_are_lingua_s(seed_texts) -> None:
    decided = [t for t in seed_texts if surely_english(t)]
    assert all(lingua_says_english(t) for t in decided)
    for text in seed_texts:
        assert detect(text, "en") == lingua_language(text, "en")
        assert detect(text, "pl") == lingua_language(text, "pl")


def test_fast_path_decides_most_of_the_seeds_body_text(parsed) -> None:
    body = [p.text for doc, _ in parsed.values() for p in doc.paragraphs if p.role == "body"]
    fast = sum(len(t) for t in body if surely_english(t))
    assert fast > 0.75 * sum(len(t) for t in body)


@pytest.mark.parametrize("language", FOREIGN)
def test_passages_in_other_languages_are_never_decided(language: str) -> None:
    passages = PASSAGES[language]
    whole = " ".join(passages)  # long enough for the fast path to look at it
    assert len(whole.split()) >= MIN_WORDS
    for text in [*passages, whole, fold(whole)]:
        assert not surely_english(text), text[:60]
    assert lingua_language(whole, UNSURE) != "en"


def test_english_passages_are_decided_as_lingua_decides() -> None:
    english = [*PASSAGES["en"], *PASSAGES["en_mixed"]]
    pairs = [" ".join(english[i : i + 2]) for i in range(len(english) - 1)]
    decided = [t for t in english + pairs if surely_english(t)]
    assert decided  # plain English of 30 words and more is decided
    assert all(lingua_says_english(t) for t in decided)
    # a paragraph with a Cyrillic quotation always goes to lingua
    assert not surely_english(" ".join(PASSAGES["en_mixed"][1:3]))


def test_short_text_goes_to_lingua() -> None:
    text = " ".join(PASSAGES["en"][0].split()[: MIN_WORDS - 1])
    assert not surely_english(text)


def _pieces() -> list[str]:
    foreign = [p for lang in FOREIGN for p in PASSAGES[lang]]
    return foreign + [fold(p) for p in foreign]


ENGLISH_WORDS = " ".join([*PASSAGES["en"], *PASSAGES["en_mixed"]]).split()
FOREIGN_PIECES = _pieces()


def mixed_paragraph(draw: st.DrawFn, english: list[str]) -> str:
    """A run of English words with a few pieces of other-language passages put in anywhere."""
    start = draw(st.integers(0, len(english) - 1))
    words = english[start : start + draw(st.integers(20, 120))]
    for _ in range(draw(st.sampled_from([0, 1, 1, 2, 3]))):
        piece = draw(st.sampled_from(FOREIGN_PIECES)).split()
        first = draw(st.integers(0, len(piece) - 1))
        last = draw(st.integers(first + 1, min(len(piece), first + 10)))
        at = draw(st.integers(0, len(words)))
        words = words[:at] + piece[first:last] + words[at:]
    return " ".join(words)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_decision_on_mixed_passages_is_lingua_s(data: st.DataObject) -> None:
    text = mixed_paragraph(data.draw, ENGLISH_WORDS)
    decided = surely_english(text)
    event("decided by the fast path" if decided else "sent to lingua")
    if decided:
        assert lingua_says_english(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_decision_on_mixed_seed_paragraphs_is_lingua_s(seed_body_words: list[str],
                                                           data: st.DataObject) -> None:
    text = mixed_paragraph(data.draw, seed_body_words)
    decided = surely_english(text)
    event("decided by the fast path" if decided else "sent to lingua")
    if decided:
        assert lingua_says_english(text)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_fast_decision_on_any_text_is_lingua_s(text: str) -> None:
    if surely_english(text):
        assert lingua_says_english(text)
    assert detect(text, "de") == lingua_language(text, "de")


def test_a_source_in_a_language_beyond_the_candidates_asks_lingua(parsed, monkeypatch) -> None:
    """lingua then weighs the source's own language too, a set the fast path was not checked
    against: every paragraph goes to lingua."""
    import analysis.ingest.language as language

    body = [p.text for doc, _ in parsed.values() for p in doc.paragraphs if p.role == "body"]
    long_english = [t for t in body if surely_english(t)][:3]
    assert long_english
    monkeypatch.setattr(language, "surely_english", lambda text: pytest.fail("fast path used"))
    for text in long_english:
        assert detect(text, "nl") == lingua_language(text, "nl")
