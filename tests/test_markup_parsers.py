"""The html and markdown parsers on pages built around real seed paragraphs."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from accounting import unaccounted
from fixtures_render import Furniture, render_html, seed_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.errors import AnalysisError
from analysis.ingest.parsers import parse_source
from analysis.ingest.parsers.html_visible import visible_words


@pytest.fixture(scope="module")
def seed004(parsed) -> list[str]:
    """The first three body paragraphs of seed 004."""
    return [p.text for p in parsed["004"][0].paragraphs if p.role == "body"][:3]


def _as(source, fmt: str):
    return dataclasses.replace(source, format=fmt)


def _aside(doc) -> dict[str, str]:
    return {s.text: f"{s.reason}/{s.detail}" for s in doc.set_aside}


def test_markdown_structure(sources, seed004) -> None:
    first, second, third = seed004
    linked = second.replace("Kommersant", "[Kommersant](https://www.kommersant.ru/)", 1)
    text = "\n".join([
        "---", "title: Dialog of dictators", "date: 2021-05-19", "---", "",
        f"# {sources['004'].title}", "", first + "[^1]", "",
        "![Putin and Lukashenka in Sochi](https://example.org/sochi.jpg)",
        "*Putin and Lukashenka in Sochi, February 2021.*", "",
        "**What they discussed**", "", f"> {linked}", "", f"- {third}", "",
        "[Read more](https://example.org/more) · [Share](https://example.org/share)", "",
        "[^1]: Kommersant, 14 May 2021.", "", "[7]: https://example.org/seven", ""])
    doc = parse_source(text, _as(sources["004"], "markdown"))
    assert [(p.role, p.text) for p in doc.paragraphs] == [
        ("body", first), ("heading", "What they discussed"), ("body", second),
        ("body", third)]
    assert doc.paragraphs[2].section == "What they discussed"
    assert [m.number for m in doc.paragraphs[0].markers] == [1]
    assert [(n.number, n.text) for n in doc.notes] == [
        (1, "Kommersant, 14 May 2021."), (7, "[7]: https://example.org/seven")]
    aside = _aside(doc)
    assert aside["--- title: Dialog of dictators date: 2021-05-19 ---"] == \
        "boilerplate/rule: front matter (YAML metadata)"
    assert aside["Putin and Lukashenka in Sochi"] == "boilerplate/rule: image markup"
    assert aside["Putin and Lukashenka in Sochi, February 2021."] == \
        "boilerplate/rule: caption after an image"
    assert aside["Read more · Share"] == "boilerplate/rule: link-only line"
    assert aside[sources["004"].title] == "title/title as printed"


def test_markdown_front_matter_that_never_closes_is_text(sources, seed004) -> None:
    doc = parse_source(f"---\n{seed004[0]}\n", _as(sources["004"], "markdown"))
    assert [p.text for p in doc.paragraphs] == [seed004[0]]


MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "> ", "- ", "1. ", "2) ", "* ", "**", "_", "`", "```", "---", "+++", "***",
    "![a](b.png)", "[l](http://u)", "[^1]", "[^1]: ", "[2]: http://x", "<div>", "</div>",
    "| a | b |", "|---|---|", "\\", "Photo: x", "Share this", "Tags: a", "The Kremlin said.",
    "Лукашенко", " ", "  ", "\t", "title: x", "=", "(3)", "[1]",
])
MD_LINE = st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=6)), max_size=8).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(MD_LINE, max_size=30).map("\n".join))
def test_markdown_parser_invents_nothing(sources, raw: str) -> None:
    doc = parse_source(raw, _as(sources["004"], "markdown"))
    lines = raw.split("\n")
    assert all(0 <= i < len(lines) for i in doc.consumed_lines())
    raw_chars = Counter(ch for ch in raw.casefold() if ch.isalnum())
    kept = Counter(ch for p in doc.paragraphs for ch in p.text.casefold() if ch.isalnum())
    assert not kept - raw_chars


@pytest.fixture(scope="module")
def page(parsed, sources) -> str:
    furniture = Furniture(top=[("nav", 0), ("cookie", 1), ("share", 0)],
                          middle=[("image", 0), ("newsletter", 1)],
                          bottom=[("related", 0), ("donate", 1), ("footer", 0)])
    return render_html(seed_body(parsed["001"][0], sources["001"]), furniture)


def test_html_keeps_body_headings_and_reference_notes(parsed, sources, page) -> None:
    seed = parsed["001"][0]
    doc = parse_source(page, _as(sources["001"], "html"))
    assert [(p.role, p.text) for p in doc.paragraphs] == [(p.role, p.text) for p in seed.paragraphs]
    assert [(n.number, n.text) for n in doc.notes] == [(n.number, n.text) for n in seed.notes]
    assert [[m.number for m in p.markers] for p in doc.paragraphs] == \
        [[m.number for m in p.markers] for p in seed.paragraphs]


def test_html_sets_aside_every_visible_word_it_does_not_keep(sources, page) -> None:
    doc = parse_source(page, _as(sources["001"], "html"))
    # what a reader sees: the visible text, and the numbers a browser puts before list items
    visible = " ".join([w.text for w in visible_words(page, "page")]
                       + [str(n.number) for n in doc.notes])
    assert unaccounted(visible, doc) == Counter()
    aside = _aside(doc)
    dropped = "boilerplate/html: dropped by main-content extraction"
    assert aside["This website uses cookies. By continuing to browse you agree to our "
                 "cookie policy."] == dropped
    assert all(aside[item] == dropped for item in ("Home", "News", "About us", "Share on Facebook",
                                                   "Privacy policy", "By Maria Avdeeva | 2021-12"))
    assert aside["Maria Avdeeva is a senior fellow at the Example Institute and writes about "
                 "Eastern Europe."] == dropped
    assert not any("headline" in t or "dataLayer" in t for t in aside)  # scripts are not text


def test_html_is_deterministic_whatever_was_parsed_before(sources, page, parsed) -> None:
    first = parse_source(page, _as(sources["001"], "html"))
    other = render_html(seed_body(parsed["004"][0], sources["004"]), Furniture())
    parse_source(other, _as(sources["004"], "html"))
    assert parse_source(page, _as(sources["001"], "html")) == first


@pytest.mark.parametrize("page_text", [
    "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    "<html><head><title>x</title></head><body></body></html>",
    "<html><body><div class='cookie'>We use cookies.</div><script>var a = 1;</script>"
    "<footer><p>© 2021 Example. All rights reserved.</p></footer></body></html>",
])
def test_html_without_an_article_body_is_one_line_error(sources, page_text: str) -> None:
    with pytest.raises(AnalysisError) as error:
        parse_source(page_text, _as(sources["004"], "html"))
    message = str(error.value)
    assert "\n" not in message and "doc_id 004" in message and "no article body" in message
