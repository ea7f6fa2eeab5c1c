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
from analysis.ingest.textrepair import normalise_spaces

REFERENCE_LINE = re.compile(r"^\s*(\d{1,3})\.\s+\S")
BYLINE_MAX_WORDS = 12


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
    key = normalised_key(text)
    if position <= 2 and key and key == normalised_key(source.title):
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


def parse_web_article(raw: str, source: Source) -> Document:
    """Split a web article into headings, body paragraphs, references and furniture."""
    doc = Document(source.doc_id)
    _, blocks = split_blocks(raw)
    body_blocks: list[tuple[Block, str]] = []
    for position, block in enumerate(blocks):
        text = normalise_spaces(block.joined, [])
        if _is_reference_list(block):
            doc.notes.extend(_reference_notes(block, doc.repairs))
            continue
        furniture = _classify_furniture(text, source, position)
        if furniture:
            doc.set_aside.append(SetAside(*furniture, text, list(block.lines)))
            continue
        body_blocks.append((block, text))

    reference_numbers = {n.number for n in doc.notes if n.number is not None}
    cited = {int(n) for _, t in body_blocks for n in PAREN_MARKER.findall(t)} & reference_numbers
    missing = sorted(reference_numbers - cited)
    markers_re = marker_pattern(parentheses=bool(reference_numbers), glued=tuple(missing))

    section = ""
    for i, (block, text) in enumerate(body_blocks):
        is_last = i == len(body_blocks) - 1
        if not is_last and len(block.lines) == 1 and looks_like_heading(text):
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
