"""Parser for saved web pages: main content by trafilatura, the rest set aside with a reason."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

import trafilatura
from lxml import etree

from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import Source
from analysis.ingest.document import Document
from analysis.ingest.parsers.common import Block
from analysis.ingest.parsers.html_visible import Word, visible_words
from analysis.ingest.parsers.markdown import NOTES_HEADING
from analysis.ingest.parsers.web import assemble

# Fixed settings: no comments, precision over recall, no links or images, formatting kept
# (to see superscript note numbers), no deduplication across calls (which would make one
# page's result depend on the pages parsed before it).
EXTRACT_OPTIONS: dict[str, Any] = {
    "output_format": "xml", "include_comments": False, "favor_precision": True,
    "include_tables": True, "include_images": False, "include_links": False,
    "include_formatting": True, "deduplicate": False, "with_metadata": False,
}
DROPPED = "html: dropped by main-content extraction"
# Elements of trafilatura's XML that start a block of their own; the rest (hi, ref, lb, …) are
# inline, so a quote holding only inline elements is one paragraph, not one per element.
BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "div", "table", "code"})
# A block that stops inside a sentence, and one that can only be the rest of a sentence.
CONTINUES = re.compile(r"(?:,|\b(?:the|a|an|of|to|that|which|who|whose|by|and|or|but|with|for|in|"
                       r"on|from|as|at|into|than|its|their|his|her|our|including|such)) *$")
CONTINUATION = re.compile(r"[a-z,.;:)]")
# Regions a site marks as not its content for search engines (<!--googleoff: all--> … on).
OFF_REGION = re.compile(r"<!--\s*googleoff:\s*all\s*-->.*?(?:<!--\s*googleon:\s*all\s*-->|$)",
                        re.S | re.I)


def _text(element: etree._Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _extracted(raw: str, where: str) -> list[tuple[str, str, int | None]]:
    """(kind, text, note number) for every block trafilatura keeps, in reading order."""
    try:
        xml = trafilatura.extract(OFF_REGION.sub(" ", raw), **EXTRACT_OPTIONS)
    except (ValueError, etree.LxmlError) as exc:
        raise AnalysisError(f"{where}: not a readable HTML page ({exc})") from None
    main = etree.fromstring(xml.encode("utf-8")).find("main") if xml else None
    if main is None or not _text(main):
        raise AnalysisError(f"{where}: no article body found in the HTML page")
    for lb in main.iter("lb"):
        lb.tail = " " + (lb.tail or "")
    for sup in main.iter("hi"):  # a superscript note number becomes a bracket marker, in place
        if "sup" in (sup.get("rend") or "") and re.fullmatch(r"\d{1,3}", (sup.text or "").strip()):
            sup.text = f"[{(sup.text or '').strip()}]"
    out: list[tuple[str, str, int | None]] = []
    section = ""

    def visit(element: etree._Element) -> None:
        nonlocal section
        if element.text and element.text.strip():
            out.append(("body", re.sub(r"\s+", " ", element.text).strip(), None))
        for child in element:
            tag, text = child.tag, _text(child)
            if tag == "head":
                section = text
                out.append(("heading", text, None))
            elif tag == "list":
                notes = NOTES_HEADING.match(section)
                for number, item in enumerate(child.findall("item"), start=1):
                    if _text(item):
                        out.append(("note" if notes else "body", _text(item),
                                    number if notes else None))
            elif tag == "table":
                out.append(("aside", text, None))
            elif tag in ("quote", "div") and any(c.tag in BLOCK_TAGS for c in child):
                visit(child)
            elif text:
                out.append(("body", text, None))
            if child.tail and child.tail.strip():
                out.append(("body", re.sub(r"\s+", " ", child.tail).strip(), None))

    visit(main)
    return _join_broken([item for item in out if item[1]])


def _join_broken(items: list[tuple[str, str, int | None]]) -> list[tuple[str, str, int | None]]:
    """Join body blocks the extractor cut inside a sentence (pages laid out with ``<br>``).

    A block ending in a comma or a function word ("… told the paper that") continues in the
    next body block, and so does a block before one that starts with a lower-case letter or
    with punctuation (", were failing to go through.").
    """
    out: list[tuple[str, str, int | None]] = []
    for kind, text, number in items:
        if out and kind == "body" and out[-1][0] == "body" and (
                CONTINUES.search(out[-1][1]) or CONTINUATION.match(text)):
            glue = "" if text[0] in ",.;:)" else " "
            out[-1] = ("body", f"{out[-1][1]}{glue}{text}", None)
        else:
            out.append((kind, text, number))
    return out


def _align(kept: list[list[str]], words: list[Word]) -> tuple[list[list[int]], set[int]]:
    """Source lines of each kept block, and the indices of the visible words it matched."""
    flat = [(i, w) for i, block in enumerate(kept) for w in block]
    keys_kept = ["".join(ch for ch in w.casefold() if ch.isalnum()) for _, w in flat]
    keys_seen = [w.key for w in words]
    matcher = SequenceMatcher(None, keys_kept, keys_seen, autojunk=False)
    lines: list[set[int]] = [set() for _ in kept]
    used: set[int] = set()
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            lines[flat[a + k][0]].add(words[b + k].line)
            used.add(b + k)
    out: list[list[int]] = []
    previous = 0
    for found in lines:
        out.append(sorted(found) or [previous])
        previous = out[-1][-1]
    return out, used


def _dropped_blocks(words: list[Word], used: set[int]) -> list[Block]:
    """Runs of visible words no kept block matched, one Block per run within a page block."""
    blocks: list[Block] = []
    run: list[Word] = []
    for index, word in enumerate([*words, None]):
        ends = word is None or index in used or (run and word.block != run[-1].block)
        if ends and run:
            text = " ".join(w.text for w in run)
            if any(ch.isalnum() for ch in text):
                blocks.append(Block(sorted({w.line for w in run}), [text], "aside", DROPPED))
            run = []
        if word is not None and index not in used:
            run.append(word)
    return blocks


def parse_html(raw: str, source: Source, repeated: frozenset[str] = frozenset()) -> Document:
    """Headings, body paragraphs, reference notes, and every dropped visible word set aside."""
    where = f"{source.path} (doc_id {source.doc_id})"
    extracted = _extracted(raw, where)
    words = visible_words(raw, where)
    lines, used = _align([text.split() for _, text, _ in extracted], words)
    blocks: list[Block] = []
    for (kind, text, number), found in zip(extracted, lines, strict=True):
        detail = "html: table (not analysed)" if kind == "aside" else ""
        blocks.append(Block(found, [text] + [""] * (len(found) - 1), kind, detail, number))
    blocks.extend(_dropped_blocks(words, used))
    doc = assemble(Document(source.doc_id), blocks, source, repeated)
    if not any(p.role == "body" for p in doc.paragraphs):
        raise AnalysisError(f"{where}: no article body found in the HTML page "
                            "(only site furniture)")
    return doc
