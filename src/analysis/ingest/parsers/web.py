"""Parser for web articles saved as plain text (one paragraph per block)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
from analysis.ingest.parsers.furniture import BIO, block_rule, is_edge_line, line_rule
from analysis.ingest.parsers.furniture_runs import (
    RELATED_LABEL,
    RELATED_RULE,
    REPEATED_RULE,
    closing_related,
    comment_sections,
    menu_runs,
    related_lists,
    repeated_lines,
    run_rules,
    video_items,
)
from analysis.ingest.textrepair import normalise_spaces

REFERENCE_LINE = re.compile(r"^\s*(\d{1,3})\.\s+\S")
BYLINE_MAX_WORDS = 12
TEASER = "teaser (truncated excerpt of another article)"
TEASER_HEADLINE_WORDS = 25
EDGE_RULE = "short line without sentence punctuation at the edge of the text"
START_BLOCKS = 8  # blocks counted as the start of the text (where the title may be printed)
CLOSING_BIO_WORDS = 150


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


def parse_web_article(raw: str, source: Source,
                      repeated: frozenset[str] = frozenset()) -> Document:
    """Split a web article into headings, body paragraphs, references and furniture.

    ``repeated`` holds the normalised lines this source shares with other sources of its
    outlet (see :func:`analysis.ingest.parsers.furniture.outlet_repeats`).
    """
    _, blocks = split_blocks(raw)
    return assemble(Document(source.doc_id), blocks, source, repeated)


def _line_furniture(text: str, source: Source, near_start: bool) -> tuple[str, str] | None:
    """(reason, detail) for the title or a byline printed as one line of a longer block."""
    key = normalised_key(text)
    if near_start and key and key == normalised_key(source.title):
        return "title", "title as printed"
    authors = _author_pattern(source)
    if authors and authors.match(text.strip()) and len(text.split()) <= BYLINE_MAX_WORDS:
        return "byline", "author and affiliation"
    return None


def _peel(block: Block, doc: Document, repeated: frozenset[str], source: Source,
          context: _Context) -> Block | None:
    """Set aside the lines of a block that a generic rule calls furniture; the rest or None."""
    keep_lines: list[int] = []
    keep_texts: list[str] = []
    runs = run_rules(block.texts) if len(block.texts) > 1 else {}
    for offset, (index, text) in enumerate(zip(block.lines, block.texts, strict=True)):
        rule = line_rule(text, repeated) or runs.get(offset)
        if rule is None and text.strip() and normalised_key(text) in context.own:
            rule = REPEATED_RULE
        found = (None if rule or len(block.texts) == 1 else
                 _line_furniture(text, source, context.near_start))
        if found:
            doc.set_aside.append(SetAside(*found, normalise_spaces(text, []), [index]))
        elif rule:
            reason = "byline" if rule == "byline" else "boilerplate"
            doc.set_aside.append(SetAside(reason, f"rule: {rule}", normalise_spaces(text, []),
                                          [index]))
        else:
            keep_lines.append(index)
            keep_texts.append(text)
    if not any(t.strip() for t in keep_texts):
        return None
    if len(keep_lines) == len(block.lines):
        return block
    return Block(keep_lines, keep_texts, block.kind, block.detail, block.number)


@dataclass(frozen=True)
class _Context:
    """What a block's lines are judged against besides the line itself."""

    own: frozenset[str]  # lines the page itself prints more than once (not sentences)
    near_start: bool  # the block is among the first of the text


def _closing_list_start(blocks: list[Block]) -> int | None:
    """Position in ``blocks`` of a list of other articles that closes the text, or None.

    Judged on the text's blocks with the lines other rules call furniture left out (a
    copyright line under the list does not hide it), its label kept.
    """
    candidates = [i for i, b in enumerate(blocks) if b.kind not in ("aside", "note")]
    labels = [n for n, i in enumerate(candidates) if n >= len(candidates) // 2
              and RELATED_LABEL.match(next((t for t in blocks[i].texts if t.strip()), ""))]
    if not labels:  # no label in the second half: nothing to judge (and no rule to run)
        return None
    texts = ["\n".join(t for t in blocks[i].texts if t.strip() and (
        n < labels[0] or RELATED_LABEL.match(t) or line_rule(t) is None))
        for n, i in enumerate(candidates)]
    index = closing_related(texts)
    return candidates[index] if index is not None else None


def _sort_out(doc: Document, blocks: list[Block], source: Source,
              repeated: frozenset[str]) -> list[tuple[Block, str]]:
    """Notes and furniture into ``doc``; the blocks that may hold body text, in order."""
    kept: list[tuple[Block, str]] = []
    position = 0
    own = repeated_lines([t for b in blocks if b.kind not in ("aside", "note") for t in b.texts])
    closing = _closing_list_start(blocks)
    for order, block in enumerate(blocks):
        text = normalise_spaces(block.joined, [])
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
        if closing is not None and order >= closing:
            doc.set_aside.append(SetAside("boilerplate", f"rule: {RELATED_RULE}", text,
                                          list(block.lines)))
            continue
        peeled = _peel(block, doc, repeated, source, _Context(own, position <= START_BLOCKS))
        if peeled is None:
            continue
        text = normalise_spaces(peeled.joined, [])
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


def _block_runs(kept: list[tuple[Block, str]], doc: Document) -> list[tuple[Block, str]]:
    """Set aside runs of blocks that are menus, lists of other articles or a comment section.

    A comment section is looked for only in the second half of the text.
    """
    texts = [text for _, text in kept]
    found = {**menu_runs(texts), **related_lists(texts), **video_items(texts)}
    half = len(texts) // 2
    for index, name in comment_sections(texts[half:]).items():
        found.setdefault(half + index, name)
    for i in sorted(found):
        block, text = kept[i]
        doc.set_aside.append(SetAside("boilerplate", f"rule: {found[i]}", text,
                                      list(block.lines)))
    return [item for i, item in enumerate(kept) if i not in found]


def _closing_bio(kept: list[tuple[Block, str]], doc: Document,
                 ) -> list[tuple[Block, str]]:
    """Set aside a long author bio that closes the text (shorter ones go by line rule)."""
    if kept and len(kept[-1][1].split()) <= CLOSING_BIO_WORDS and BIO.match(kept[-1][1]):
        block, text = kept[-1]
        doc.set_aside.append(SetAside("boilerplate", "rule: author bio", text, list(block.lines)))
        return kept[:-1]
    return kept


def assemble(doc: Document, blocks: list[Block], source: Source,
             repeated: frozenset[str] = frozenset()) -> Document:
    """Blocks of plain text (with optional kinds from a markup parser) into ``doc``."""
    kept = _teaser_headlines(_sort_out(doc, blocks, source, repeated), doc)
    body_blocks = _closing_bio(_block_runs(_trim_edges(kept, doc), doc), doc)

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
