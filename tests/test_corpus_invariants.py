"""Properties every source must have after parsing."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from accounting import unaccounted

from analysis.ingest.lexicon import zipf

DOC_IDS = ["000", "001", "002", "003", "004"]
URL = re.compile(r"https?://|www\.|\w\.(?:com|org|ru|by|io|pl)\b")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
SLUG = re.compile(r"\.indb|\d{2}:\d{2}:\d{2}")
SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]")
GAP = re.compile(r"\b([^\W\d_]*(?:ff|fi|fl)) ([a-z]+)\b")


def _kept_sentences(parsed) -> list[dict]:
    return [s for _, rows in parsed.values() for s in rows["sentences"]]


def test_no_kept_sentence_carries_extraction_debris(parsed) -> None:
    running_heads = {s.text for doc, _ in parsed.values() for s in doc.set_aside
                     if s.reason == "running_head"}
    for sentence in _kept_sentences(parsed):
        text = sentence["text"]
        where = sentence["sentence_id"]
        assert not URL.search(text), where
        assert not CYRILLIC.search(text), where
        assert not SLUG.search(text), where
        assert not SUPERSCRIPT.search(text), where
        assert "\ufffd" not in text and "\ue000" not in text, where
        assert not any(head in text for head in running_heads), where


def test_no_kept_sentence_has_a_ligature_gap(parsed) -> None:
    for sentence in _kept_sentences(parsed):
        for m in GAP.finditer(sentence["text"]):
            joined = m.group(1) + m.group(2)
            assert not (zipf(joined) >= 3 and zipf(joined) > zipf(m.group(2))), (
                sentence["sentence_id"], m.group(0))


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_raw_line_is_used_exactly_once(parsed, raw_texts, doc_id) -> None:
    doc, _ = parsed[doc_id]
    used = Counter(doc.consumed_lines())
    lines = raw_texts[doc_id].split("\n")
    lost = [i + 1 for i, line in enumerate(lines) if line.strip() and not used[i]]
    twice = sorted(i + 1 for i, n in used.items() if n > 1)
    assert lost == [] and twice == []


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_letter_and_digit_is_accounted_for(parsed, raw_texts, doc_id) -> None:
    doc, _ = parsed[doc_id]
    assert unaccounted(raw_texts[doc_id], doc) == Counter()


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_kept_word_traces_back_to_the_raw_file(parsed, raw_texts, doc_id) -> None:
    doc, _ = parsed[doc_id]
    raw = raw_texts[doc_id]
    for repair in doc.repairs:
        if repair.kind == "lost_ligature":
            raw = raw.replace(repair.before, repair.after)
    flat = re.sub(r"[\s\-­⁰¹²³⁴⁵⁶⁷⁸⁹]", "", raw).casefold()
    for para in doc.paragraphs:
        for word in re.findall(r"\w+", para.text):
            assert word.casefold() in flat, (para.text[:60], word)


def test_notes_are_numbered_without_gaps_or_gaps_are_reported(parsed) -> None:
    for doc, rows in parsed.values():
        numbers = [n.number for n in doc.notes if n.number is not None]
        gaps = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
        assert numbers == sorted(numbers)
        assert rows["parse_report"][0]["note_number_gaps"] == ", ".join(map(str, gaps))


def test_sentence_ids_are_unique_and_well_formed(parsed) -> None:
    ids = [s["sentence_id"] for s in _kept_sentences(parsed)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"\d{3}-p\d{3}-s\d{2}", i) for i in ids)


def test_every_source_keeps_its_body(parsed) -> None:
    for doc_id, (_, rows) in parsed.items():
        report = rows["parse_report"][0]
        assert report["sentences"] >= 25, doc_id
        assert report["words_kept"] > report["words_set_aside_boilerplate"], doc_id
