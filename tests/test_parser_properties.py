"""Hypothesis: the parsers never crash and never lose a character without a record."""

from __future__ import annotations

import dataclasses
from collections import Counter

from accounting import unaccounted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest.parsers import parse_source

# Lines built from the pieces that trip parsers: numbers that look like footnotes,
# superscripts, hyphens at line ends, slugs, Cyrillic, ligature gaps, brackets, URLs.
PIECES = st.sampled_from([
    "1 ", "12 ", " ", "¹²", "⁴", "-", "–", "(3)", "[1]", "2021", "20214", "infl uence",
    "SM 2-2022.indb 146", "147", "Ibidem.", "<https://example.org/a-", "b>", "Лукашенко",
    "The", "the", "Kremlin", "said", ".", ",", "?", "“", "”", "\u00a0", "\ufffd", "\ue000",
    "Summary", "Photo: x", "aff airs", "us", "eu", "p. 3", "vol. 4", "ii", "4 iii 2022",
])
LINE = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join)
RAW = st.lists(LINE, max_size=40).map("\n".join)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _check(raw: str, source) -> None:
    doc = parse_source(raw, source)
    lines = raw.split("\n")
    used = Counter(doc.consumed_lines())
    assert all(used[i] for i, line in enumerate(lines) if line.strip())
    assert all(n == 1 for n in used.values())
    assert unaccounted(raw, doc) == Counter()


@SETTINGS
@given(raw=RAW)
def test_journal_parser_accounts_for_every_character(sources, raw: str) -> None:
    _check(raw, sources["003"])


@SETTINGS
@given(raw=RAW)
def test_web_parser_accounts_for_every_character(sources, raw: str) -> None:
    _check(raw, sources["001"])


@SETTINGS
@given(raw=st.text(max_size=400))
def test_parsers_survive_arbitrary_unicode(sources, raw: str) -> None:
    for doc_id in ("002", "003"):
        _check(raw, dataclasses.replace(sources[doc_id]))
