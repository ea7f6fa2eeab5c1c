"""Generic furniture rules for plain-text web articles: each decision logged with its rule."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest.build import parse_corpus
from analysis.ingest.parsers import parse_source
from analysis.ingest.parsers.furniture import outlet_repeats

FURNITURE_LINES = {
    "Published: 19 May 2021": "rule: metadata line",
    "Tags: Belarus, Russia, Union State": "rule: metadata line",
    "Reading time: 6 min": "rule: metadata line",
    "https://www.example.org/belarus/dialog-of-dictators": "rule: link-only line",
    "[Related: Minsk and the gas price](https://example.org/gas)": "rule: link-only line",
    "![Putin and Lukashenka in Sochi](https://example.org/sochi.jpg)": "rule: image markup",
    "[Image: Putin and Lukashenka in Sochi]": "rule: image markup",
    "Photo credit: Sputnik/Mikhail Klimentyev": "rule: credit or caption",
    "© Kremlin press service": "rule: credit or caption",
    "Share this article on Facebook": "rule: share, subscribe, donate or cookie line",
    "Subscribe to our weekly newsletter": "rule: share, subscribe, donate or cookie line",
    "Donate now to support independent journalism.": "rule: share, subscribe, donate or cookie line",
    "We use cookies to give you the best experience on our website.":
        "rule: share, subscribe, donate or cookie line",
    "Privacy policy": "rule: share, subscribe, donate or cookie line",
    "By Jane Example and Piotr Nowak": "rule: byline",
}


@pytest.fixture(scope="module")
def body(parsed) -> list[str]:
    """Body paragraphs of seed 004 (a real article with no furniture left in its body)."""
    return [p.text for p in parsed["004"][0].paragraphs if p.role == "body"]


def _aside(doc) -> dict[str, str]:
    return {s.text: s.detail for s in doc.set_aside}


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(sorted(FURNITURE_LINES)), min_size=1, max_size=6,
                      unique=True),
       slots=st.lists(st.integers(0, 17), min_size=6, max_size=6),
       own_block=st.booleans())
def test_furniture_lines_anywhere_are_set_aside_with_their_rule(
        sources, body, lines: list[str], slots: list[int], own_block: bool) -> None:
    blocks = list(body)
    for line, slot in zip(lines, slots, strict=False):
        at = min(slot, len(blocks))
        if own_block or at == 0:
            blocks.insert(at, line)
        else:  # stuck to the paragraph above it, with no blank line between
            blocks[at - 1] = f"{blocks[at - 1]}\n{line}"
    doc = parse_source("\n\n".join(blocks), sources["004"])
    assert [p.text for p in doc.paragraphs if p.role == "body"] == body
    aside = _aside(doc)
    for line in lines:
        assert aside[line] == FURNITURE_LINES[line]


def test_short_unpunctuated_lines_only_at_the_edges(sources, body) -> None:
    text = "\n\n".join(["Analysis", "Eastern Europe desk", *body[:3], "Why it matters",
                        *body[3:], "More on this topic", "Belarus"])
    doc = parse_source(text, sources["004"])
    edge = "rule: short line without sentence punctuation at the edge of the text"
    assert [s.text for s in doc.set_aside if s.detail == edge] == [
        "Analysis", "Eastern Europe desk", "More on this topic", "Belarus"]
    assert [p.text for p in doc.paragraphs if p.role == "heading"] == ["Why it matters"]
    assert [p.text for p in doc.paragraphs if p.role == "body"] == body


def test_an_outlets_repeated_lines_are_found_but_not_in_copies_or_versions(body) -> None:
    footer = "Our reporting is made possible by readers in Vilnius and Warsaw since 2009."
    one = "\n\n".join([*body[:6], footer])
    two = "\n\n".join([*body[10:], footer])
    version = "\n\n".join([*body[:6], "A correction was added on 20 May.", footer])
    repeats = outlet_repeats({"a": one, "b": two, "c": one, "d": version})
    key = "".join(ch for ch in footer.casefold() if ch.isalnum())
    assert repeats["a"] == repeats["b"] == frozenset({key})
    assert "c" in repeats  # c is a copy of a, but it still shares the footer with b
    assert outlet_repeats({"a": one, "c": one, "d": version}) == {}


def _outlet_corpus(folder, seed, documents: list[tuple[str, str, str]]):
    """A manifest of (doc_id, format, text) sources, all of the seed's outlet."""
    rows = []
    for doc_id, fmt, text in documents:
        data = text.encode("utf-8")
        (folder / f"{doc_id}.txt").write_bytes(data)
        row = {k: str(v) for k, v in dataclasses.asdict(seed).items() if k != "path"}
        row.update(doc_id=doc_id, file=f"{doc_id}.txt", sha256=hashlib.sha256(data).hexdigest(),
                   authors="; ".join(seed.authors), format=fmt)
        rows.append(row)
    shutil.copy(seed.path, folder / "lone.txt")  # another outlet: its lines are not compared
    rows.append({**rows[0], "doc_id": "x3", "file": "lone.txt", "outlet": "Another outlet",
                 "format": "web_article", "sha256": seed.sha256})
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return parse_corpus(folder / "manifest.csv", verbose=False).tables


FOOTER = "Our reporting is made possible by readers in Vilnius and Warsaw since 2009."
REPEATED = "rule: repeated in other sources of the outlet"


def test_parse_sets_aside_lines_repeated_in_the_outlets_other_sources(tmp_path, sources,
                                                                       body) -> None:
    tables = _outlet_corpus(tmp_path, sources["004"], [
        ("x1", "web_article", "\n\n".join([*body[:9], FOOTER])),
        ("x2", "web_article", "\n\n".join([*body[9:], FOOTER]))])
    aside = tables["set_aside"]
    repeated = aside[aside["detail"] == REPEATED]
    assert sorted(repeated["doc_id"]) == ["x1", "x2"]
    assert set(repeated["text"]) == {FOOTER}
    assert not tables["sentences"]["text"].str.contains("Vilnius and Warsaw").any()


def test_web_pages_of_one_outlet_compare_their_visible_text(tmp_path, sources, body) -> None:
    def page(paragraphs: list[str]) -> str:
        inner = "".join(f"<p>{p}</p>" for p in [*paragraphs, FOOTER])
        return f"<html><body><article><h1>Dialog</h1>{inner}</article></body></html>"

    tables = _outlet_corpus(tmp_path, sources["004"], [
        ("x1", "html", page(body[:9])), ("x2", "html", page(body[9:]))])
    aside = tables["set_aside"]
    footer = aside[aside["text"] == FOOTER]
    assert sorted(footer["doc_id"]) == ["x1", "x2"] and set(footer["detail"]) == {REPEATED}
    kept = tables["paragraphs"]
    assert not kept["text"].str.contains("Vilnius and Warsaw").any()
    assert set(kept.loc[kept["role"] == "body", "doc_id"]) == {"x1", "x2", "x3"}
