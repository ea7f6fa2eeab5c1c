"""The compiled coder gives exactly the reference matcher's matches: codes, surfaces,
offsets and vetoes, on the whole corpus and on generated texts and codebooks."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.coding import reference
from analysis.coding.codebook import Codebook, load_codebook
from analysis.coding.compiled import JOINER, compiled
from analysis.coding.matcher import code_texts
from analysis.coding.scanning import _PLANES, _spellings, scanned, scanned_bytes

PROJECT = Path(__file__).resolve().parents[1]
CODEBOOKS = sorted((PROJECT / "codebooks").glob("*.yaml"))


def reference_matches(texts: list[str], codebook: Codebook) -> list[list[reference.Match]]:
    return [reference.find_matches(text, codebook) for text in texts]


def compiled_matches(texts: list[str], codebook: Codebook) -> list[list[reference.Match]]:
    return compiled(list(codebook.dimensions.values())).match_many(texts)


@pytest.fixture(scope="module")
def corpus_texts(parsed: dict[str, tuple]) -> list[str]:
    """Every sentence and every paragraph of the seed corpus (headings included)."""
    texts = []
    for _, rows in parsed.values():
        texts += [row["text"] for row in rows["sentences"]]
        texts += [row["text"] for row in rows["paragraphs"]]
    return texts


@pytest.mark.parametrize("path", CODEBOOKS, ids=lambda p: p.name)
def test_same_matches_as_the_reference_on_the_corpus(path: Path, corpus_texts) -> None:
    codebook = load_codebook(path)
    expected = reference_matches(corpus_texts, codebook)
    assert sum(map(len, expected)) > 1000  # the corpus does exercise the codebook
    assert any(m.vetoed_by for found in expected for m in found)  # and its exclusions
    assert compiled_matches(corpus_texts, codebook) == expected
    # one text at a time gives the same as a batch (no match crosses a text boundary)
    assert [compiled_matches([t], codebook)[0] for t in corpus_texts[:300]] == expected[:300]


def test_code_texts_counts_and_audit_follow_the_matches(corpus_texts) -> None:
    codebook = load_codebook()
    texts = pd.Series(corpus_texts[:400], index=range(1000, 1400))
    coded, audit = code_texts(texts, codebook)
    expected = reference_matches(texts.tolist(), codebook)
    rows = [(row, *m) for row, found in enumerate(expected) for m in found]
    assert list(audit.itertuples(index=False, name=None)) == rows
    for d in codebook.dimension_names:
        n = [sum(m.dimension == d and not m.vetoed_by for m in found) for found in expected]
        assert coded[f"n_{d}"].tolist() == n
        assert coded[d].tolist() == [int(k > 0) for k in n]
    assert coded.index.equals(texts.index)


def test_scanned_form_keeps_offsets() -> None:
    text = "Łukashenka’s ‘Union State’ – KGB, U.S. & NATO\U0001F600 sanctions\u00a0hit"
    form = scanned(text)
    assert len(form) == len(text)
    assert form.startswith("?ukashenka?s ?union state? ? kgb  u.s. & nato? sanctions?hit")


def test_spellings_cover_every_character_re_folds_together() -> None:
    # what re.IGNORECASE matches to "k" includes the Kelvin sign, to "s" the long s: the
    # scanned form shows them as "k" and "s"
    assert _spellings("k") == {"k"} and _spellings("s") == {"s"}
    assert _spellings("a") == {"a"} and _spellings("é") == {"?"}
    assert scanned("\u212aGB ſanctions İran ıraq") == "kgb sanctions iran iraq"
    # no character beyond the planes scanned has a case mapping
    assert all(chr(c).lower() == chr(c) == chr(c).upper()
               for c in range(_PLANES, 0x110000, 7))


# --- generated codebooks and texts ---------------------------------------------------------

LETTERS = "abceiknorstuKSIT"
WORDS = st.text(alphabet=LETTERS + "ſıİK’'-.é", min_size=1, max_size=9).filter(
    lambda w: not w.startswith(("-", ".")) and not w.endswith("-"))


@st.composite
def patterns(draw) -> str:
    """A valid pattern: words, ``word*`` prefixes, and ``*``/``**`` gaps inside."""
    n = draw(st.integers(1, 3))
    tokens = []
    for k in range(n):
        if 0 < k < n - 1 and draw(st.booleans()):
            tokens.append(draw(st.sampled_from(["*", "**"])))
            continue
        word = draw(WORDS)
        tokens.append(word + ("*" if draw(st.integers(0, 3)) == 0 else ""))
    return " ".join(tokens)


@st.composite
def codebooks(draw) -> dict:
    dims = {}
    for name in draw(st.lists(st.sampled_from(["alpha", "beta", "gamma"]), min_size=1,
                              max_size=3, unique=True)):
        def entries(kind: str, name: str = name) -> list[dict]:
            out = []
            for k in range(draw(st.integers(1 if kind == "terms" else 0, 5))):
                entry = {"id": f"{kind[0]}{k}",
                         "patterns": draw(st.lists(patterns(), min_size=1, max_size=3))}
                if draw(st.integers(0, 4)) == 0:
                    entry["case_sensitive"] = True
                out.append(entry)
            return out
        dims[name] = {"definition": "generated", "terms": entries("terms"),
                      "exclusions": entries("exclusions")}
    return {"name": "generated", "version": "1.0.0", "dimensions": dims}


SEPARATORS = st.sampled_from([" ", "  ", "-", " – ", "‐", "\n", ", ", ". ", "’", "'", "(",
                              "\u00a0", "", "/", "&"])


@st.composite
def texts_for(draw, book: dict) -> str:
    """Texts built mostly from the codebook's own words, in changed case, with noise."""
    vocab = [t.rstrip("*") for d in book["dimensions"].values()
             for e in d["terms"] + d["exclusions"] for p in e["patterns"]
             for t in p.split() if t not in ("*", "**")]
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        word = draw(st.sampled_from(vocab) | WORDS)
        case = draw(st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase]))
        pieces.append(case(word) + draw(st.sampled_from(["", "", "s", "ed", "’s", "é"])))
        pieces.append(draw(SEPARATORS))
    return "".join(pieces)


def load_generated(book: dict) -> Codebook:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
        return load_codebook(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_same_matches_as_the_reference_on_generated_codebooks(data) -> None:
    book = data.draw(codebooks())
    codebook = load_generated(book)
    texts = data.draw(st.lists(texts_for(book), min_size=1, max_size=6))
    assert compiled_matches(texts, codebook) == reference_matches(texts, codebook)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_same_matches_as_the_reference_on_any_text(text: str) -> None:
    codebook = load_codebook()
    noisy = re.sub(r"x", " sanctions ", text)
    assert compiled_matches([text, noisy], codebook) == reference_matches([text, noisy],
                                                                           codebook)


def test_long_openings_with_many_case_variants(tmp_path: Path) -> None:
    # s, i and k each have a non-ASCII case partner (ſ, ı/İ, the Kelvin sign), so these
    # openings have too many scanned spellings to list: the automaton holds their start
    book = {"name": "t", "version": "1.0.0", "dimensions": {"a": {
        "definition": "long words", "terms": [
            {"id": "t", "patterns": ["sissiskiss", "kissiskissi*", "sissiskiss kiss"]}]}}}
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(book), encoding="utf-8")
    codebook = load_codebook(path)
    texts = ["sissiskisa sissiskiss kissiskissing KISSISKISSa sissiskiss’ sissiskisS",
             "ſissiskiss  kiss, sıssiskiss KİSSİSKİSSİng", "sissiskiss-kiss sissiskissing"]
    expected = reference_matches(texts, codebook)
    assert sum(map(len, expected)) >= 6
    assert compiled_matches(texts, codebook) == expected


# --- how selective the scanner is (the matches stay the reference's) -----------------------

def _book(tmp_path: Path, patterns: list[str], exclusions: list[str] | None = None) -> Codebook:
    dim: dict = {"definition": "d", "terms": [{"id": "t", "patterns": patterns}]}
    if exclusions:
        dim["exclusions"] = [{"id": "x", "patterns": exclusions}]
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump({"name": "b", "version": "1.0.0",
                                    "dimensions": {"a": dim}}), encoding="utf-8")
    return load_codebook(path)


def _candidates(codebook: Codebook, text: str) -> int:
    coder = compiled(list(codebook.dimensions.values()))
    form = scanned_bytes(JOINER + text + JOINER * 2)  # as the coder joins a batch
    return len(coder.candidates.find(form, np.frombuffer(form, dtype=np.uint8))[0])


def test_a_phrase_with_a_one_letter_second_word_is_searched_by_its_first(tmp_path) -> None:
    # "i" starts half the words of a text: searched by it, every "in", "is", "it" would be
    # a candidate for "argumenty i fakty"
    codebook = _book(tmp_path, ["argumenty i fakty"])
    text = "It is in Argumenty i Fakty, and in  ARGUMENTY-i fakty too; it is."
    assert _candidates(codebook, text) == 2
    assert compiled_matches([text], codebook) == reference_matches([text], codebook)


def test_phrases_opening_with_a_function_word_are_found_by_their_first_two_words(
        tmp_path) -> None:
    codebook = _book(tmp_path, ["in the press"], ["in defence of ** rights"])
    text = ("In the press, in defence of their rights, in  the\u00a0press; in a way, in it, "
            "in theory, in-the press.")
    # candidates where "in" is followed by "the", "defence" or a longer separator run only
    assert _candidates(codebook, text) < 2 * 6
    assert compiled_matches([text], codebook) == reference_matches([text], codebook)
