"""Parser for web articles saved as plain text (one paragraph per block)."""

from __future__ import annotations

import re

from analysis.ingest.corpus import Source
from analysis.ingest.document import Document, Marker, Note, Paragraph, Repair, SetAside
from analysis.ingest.language import detect
from analysis.ingest.parsers.common import (
    PAREN_MARKER,
    Block,
    finish_paragraph,
    looks_like_heading,
    mark_note_markers,
    marker_pattern,
    match_boilerplate,
    normalised_key,
    split_blocks,
)
from analysis.ingest.parsers.furniture import block_rule, is_edge_line, line_rule
from analysis.ingest.textrepair import normalise_spaces

REFERENCE_LINE = re.compile(r"^\s*(\d{1,3})\.\s+\S")
BYLINE_MAX_WORDS = 12
TEASER = "teaser (truncated excerpt of another article)"
TEASER_HEADLINE_WORDS = 25
EDGE_RULE = "short line without sentence punctuation at the edge of the text"


def _is_reference_list(block: Block) -> bool:
    """A block whose lines are numbered 1., 2., … in order."""
    numbers = [int(m.group(1)) for t in block.texts if (m := REFERENCE_LINE.match(t))]
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _reference_notes(block: Block, log: list[Repair]) -> list[Note]:
    notes: list[Note] = []
    for index, text in zip(block.lines, block.texts, strict=True):
        m = REFERENCE_LINE.match(text)
        if m:
            body = text[m.end() - 1 :]
            notes.append(Note(int(m.group(1)), normalise_spaces(body, log), "reference", [index]))
        elif notes:
            notes[-1].text = normalise_spaces(f"{notes[-1].text} {text}", log)
            notes[-1].lines.append(index)
    return notes


def _author_pattern(source: Source) -> re.Pattern[str] | None:
    names = [re.escape(a) for a in source.authors if a and a != "unsigned"]
    return re.compile(rf"^(?:{'|'.join(names)})\b") if names else None


def _classify_furniture(text: str, source: Source, position: int) -> tuple[str, str] | None:
    """(reason, detail) when a block is title, byline, author bio or site furniture."""
    if position <= 2 and (key := normalised_key(text)) and key == normalised_key(source.title):
        return "title", "title as printed"
    detail = match_boilerplate(text)
    if detail:
        return "boilerplate", detail
    authors = _author_pattern(source)
    if authors and authors.match(text):
        if re.match(rf"{authors.pattern}\s+is\s", text):
            return "boilerplate", "author bio"
        if len(text.split()) <= BYLINE_MAX_WORDS:
            return "byline", "author and affiliation"
    return None


def parse_web_article(raw: str, source: Source,
                      repeated: frozenset[str] = frozenset()) -> Document:
    """Split a web article into headings, body paragraphs, references and furniture.

    ``repeated`` holds the normalised lines this source shares with other sources of its
    outlet (see :func:`analysis.ingest.parsers.furniture.outlet_repeats`).
    """
    _, blocks = split_blocks(raw)
    return assemble(Document(source.doc_id), blocks, source, repeated)


def _peel(block: Block, doc: Document, repeated: frozenset[str]) -> Block | None:
    """Set aside the lines of a block that a generic rule calls furniture; the rest or None."""
    keep_lines: list[int] = []
    keep_texts: list[str] = []
    for index, text in zip(block.lines, block.texts, strict=True):
        rule = line_rule(text, repeated)
        if rule:
            reason = "byline" if rule == "byline" else "boilerplate"
            doc.set_aside.append(SetAside(reason, f"rule: {rule}", normalise_spaces(text, None),
                                          [index]))
        else:
            keep_lines.append(index)
            keep_texts.append(text)
    if not any(t.strip() for t in keep_texts):
        return None
    if len(keep_lines) == len(block.lines):
        return block
    return Block(keep_lines, keep_texts, block.kind, block.detail, block.number)


def _sort_out(doc: Document, blocks: list[Block], source: Source,
              repeated: frozenset[str]) -> list[tuple[Block, str]]:
    """Notes and furniture into ``doc``; the blocks that may hold body text, in order."""
    kept: list[tuple[Block, str]] = []
    position = 0
    for block in blocks:
        text = normalise_spaces(block.joined, None)
        if block.kind == "aside":
            doc.set_aside.append(SetAside("boilerplate", block.detail, text, list(block.lines)))
            continue
        if block.kind == "note":
            doc.notes.append(Note(block.number, normalise_spaces(block.joined, doc.repairs),
                                  "reference", list(block.lines)))
            continue
        position += 1
        if block.kind == "" and _is_reference_list(block):
            doc.notes.extend(_reference_notes(block, doc.repairs))
            continue
        furniture = _classify_furniture(text, source, position - 1 if kept else 0)
        if furniture:
            doc.set_aside.append(SetAside(*furniture, text, list(block.lines)))
            continue
        peeled = _peel(block, doc, repeated)
        if peeled is None:
            continue
        text = normalise_spaces(peeled.joined, None)
        rule = block_rule(text, repeated)
        if rule:
            doc.set_aside.append(SetAside("boilerplate", f"rule: {rule}", text,
                                          list(peeled.lines)))
            continue
        kept.append((peeled, text))
    return kept


def _trim_edges(kept: list[tuple[Block, str]], doc: Document) -> list[tuple[Block, str]]:
    """Set aside short unpunctuated lines at the start and the end of the text."""
    start, end = 0, len(kept)
    while start < end and is_edge_line(kept[start][1]):
        start += 1
    while end > start and is_edge_line(kept[end - 1][1]):
        end -= 1
    for block, text in kept[:start] + kept[end:]:
        doc.set_aside.append(SetAside("boilerplate", f"rule: {EDGE_RULE}", text,
                                      list(block.lines)))
    return kept[start:end]


def _teaser_headlines(kept: list[tuple[Block, str]], doc: Document) -> list[tuple[Block, str]]:
    """Set aside the short line just above each teaser of another article (its headline)."""
    teasers = sorted(s.lines[0] for s in doc.set_aside if s.detail == f"rule: {TEASER}")
    drop: set[int] = set()
    for line in teasers:
        before = [i for i, (block, _) in enumerate(kept) if block.lines[-1] < line]
        if before and len(kept[before[-1]][1].split()) <= TEASER_HEADLINE_WORDS:
            drop.add(before[-1])
    for i in sorted(drop):
        block, text = kept[i]
        doc.set_aside.append(SetAside("boilerplate", "rule: teaser headline", text,
                                      list(block.lines)))
    return [item for i, item in enumerate(kept) if i not in drop]


def assemble(doc: Document, blocks: list[Block], source: Source,
             repeated: frozenset[str] = frozenset()) -> Document:
    """Blocks of plain text (with optional kinds from a markup parser) into ``doc``."""
    body_blocks = _trim_edges(_teaser_headlines(_sort_out(doc, blocks, source, repeated), doc),
                              doc)

    reference_numbers = {n.number for n in doc.notes if n.number is not None}
    cited = {int(n) for _, t in body_blocks for n in PAREN_MARKER.findall(t)} & reference_numbers
    missing = sorted(reference_numbers - cited)
    markers_re = marker_pattern(parentheses=bool(reference_numbers), glued=tuple(missing))

    section = ""
    for i, (block, text) in enumerate(body_blocks):
        is_last = i == len(body_blocks) - 1
        if block.kind == "heading" or (
                not block.kind and not is_last and len(block.lines) == 1
                and looks_like_heading(text)):
            section = normalise_spaces(text, doc.repairs)
            doc.paragraphs.append(Paragraph("heading", section, section, list(block.lines)))
            continue
        language = detect(text, default=source.language)
        if language != source.language:
            doc.set_aside.append(SetAside("other_language", language, text, list(block.lines)))
            continue
        markers: list[Marker] = []
        marked = mark_note_markers(block.joined, markers_re, markers, doc.repairs)
        paragraph = finish_paragraph("body", marked, section, list(block.lines), markers,
                                     doc.repairs)
        paragraph.language = language
        doc.paragraphs.append(paragraph)
    return doc
