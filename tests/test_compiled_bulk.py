"""The pieces of the compiled coder that work on whole batches: the character table, the
UTF-8 surfaces, the columns (MatchTable) and the tables built from them, coding in pieces
and in threads. Each is compared with plain Python or with the reference matcher."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_compiled_coder import codebooks, load_generated, reference_matches, texts_for

from analysis.coding import compiled as compiled_module
from analysis.coding.blocks import code_block
from analysis.coding.charclass import RUN, SEP, WORDISH, bits, code_units, table
from analysis.coding.codebook import Codebook, load_codebook
from analysis.coding.compiled import compiled
from analysis.coding.matcher import code_texts
from analysis.coding.surfaces import cut
from analysis.coding.table import MatchTable

SETS = {RUN: r"[\w’'-]", SEP: r"[\s\-‐–]", WORDISH: r"[\w-]"}


def test_character_bits_are_what_re_sees_in_every_character_of_the_first_plane() -> None:
    bmp = table()
    for bit, chars in SETS.items():
        rx = re.compile(chars)
        expected = np.array([rx.fullmatch(chr(c)) is not None for c in range(0x10000)])
        assert ((bmp & bit) != 0).tolist() == expected.tolist(), chars


@given(st.text(alphabet=st.characters(min_codepoint=0x10000), min_size=1, max_size=5))
def test_character_bits_beyond_the_first_plane(text: str) -> None:
    units = code_units("a" + text)
    assert len(units) == len(text) + 1  # one unit per character, astral ones included
    got = bits(units, np.arange(1, len(units)))
    for char, value in zip(text, got.tolist(), strict=True):
        assert value == sum(bit for bit, chars in SETS.items() if re.fullmatch(chars, char))


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)),
                                      max_size=8))
def test_surfaces_are_the_slices_of_the_text(text: str, spans: list[tuple[int, int]]) -> None:
    spans = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in spans]
    start = np.array([a for a, _ in spans], dtype=np.int64)
    end = np.array([b for _, b in spans], dtype=np.int64)
    got = cut(text, code_units(text), start, end)
    got = got if isinstance(got, list) else got.to_pylist()
    assert got == [text[a:b] for a, b in spans]


def old_lists(found: list, vetoed: bool) -> list[str]:
    """The per-text strings as code_texts wrote them with one Python object per match."""
    if vetoed:
        return ["; ".join(f"{m.dimension}:{m.entry_id}={m.surface} (vetoed by {m.vetoed_by})"
                          for m in ms if m.vetoed_by) for ms in found]
    return ["; ".join(f"{m.dimension}:{m.entry_id}={m.surface}" for m in ms if not m.vetoed_by)
            for ms in found]


def check_tables(texts: list[str], codebook: Codebook) -> None:
    """code_texts, code_block and the columns agree with the reference matcher."""
    expected = reference_matches(texts, codebook)
    coded, audit = code_texts(pd.Series(texts, dtype=object), codebook)
    assert coded["matches"].tolist() == old_lists(expected, vetoed=False)
    assert coded["vetoed"].tolist() == old_lists(expected, vetoed=True)
    assert list(audit.itertuples(index=False, name=None)) == [
        (row, *m) for row, found in enumerate(expected) for m in found]
    codes, kept = code_block(texts, codebook)
    assert kept == old_lists(expected, vetoed=False)
    for d, column in zip(codebook.dimension_names, codes, strict=True):
        assert column == [int(any(m.dimension == d and not m.vetoed_by for m in ms))
                          for ms in expected]
    dims = codebook.dimension_names
    entries = [(k, e.id) for k, dim in enumerate(codebook.dimensions.values())
               for e in dim.entries]
    again = MatchTable.from_lists(expected, dims, entries)
    assert again.per_text() == expected
    halves = MatchTable.concat([MatchTable.from_lists(expected[:1], dims, entries),
                                MatchTable.from_lists(expected[1:], dims, entries)])
    assert halves.per_text() == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_tables_follow_the_reference_on_generated_codebooks(data) -> None:
    book = data.draw(codebooks())
    texts = data.draw(st.lists(texts_for(book), min_size=1, max_size=5))
    check_tables(texts, load_generated(book))


NOISE = st.sampled_from(["\x00", "?", " - ", "--", "’s", "‐", "\u00a0", "ſ", "\u212a", "é",
                         "\U0001F600", "\n\n", "'", "S-400", "u.s.", "-"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["sanctions", "military", "exercises", "security",
                                          "council", "gas", "war", "information", "the",
                                          "press", "Union", "State", "KGB"]) | NOISE,
                         max_size=12).map(" ".join), min_size=1, max_size=4))
def test_tables_follow_the_reference_on_noisy_sentences(texts: list[str]) -> None:
    check_tables(texts, load_codebook())


def test_a_large_batch_coded_in_pieces_gives_the_same_table(
        corpus_sentences: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    codebook = load_codebook()
    coder = compiled(list(codebook.dimensions.values()))
    whole = coder.match_many(corpus_sentences)
    monkeypatch.setattr(compiled_module, "PIECE", 997)
    assert coder.match_many(corpus_sentences) == whole
    assert whole == reference_matches(corpus_sentences, codebook)


def test_threads_sharing_one_coder_get_the_same_matches(corpus_sentences: list[str]) -> None:
    codebook = load_codebook()
    coder = compiled(list(codebook.dimensions.values()))
    chunks = [corpus_sentences[i::4] for i in range(4)]
    alone = [coder.match_many(chunk) for chunk in chunks]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(coder.match_many, chunks * 3)) == alone * 3


@pytest.fixture(scope="module")
def corpus_sentences(parsed: dict[str, tuple]) -> list[str]:
    return [row["text"] for _, rows in parsed.values() for row in rows["sentences"]]
