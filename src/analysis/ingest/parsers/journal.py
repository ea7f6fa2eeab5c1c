"""Parser for journal articles extracted from a typeset PDF (footnotes, page furniture)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from analysis.ingest.corpus import Source
from analysis.ingest.document import Document, Marker, Note, Repair, SetAside
from analysis.ingest.language import detect
from analysis.ingest.lexicon import Lexicon
from analysis.ingest.parsers.common import (
    Block,
    ends_sentence,
    finish_paragraph,
    looks_like_heading,
    mark_note_markers,
    marker_pattern,
    normalised_key,
    small_caps_rules,
    split_blocks,
)
from analysis.ingest.textrepair import (
    close_hyphen_spaces,
    join_broken_words,
    join_lines_dehyphenating,
    normalise_spaces,
    restore_lost_ligatures,
    restore_small_caps,
)

SLUG = re.compile(r"\.indb\s+\d+")
PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
ROMAN_MONTH = r"(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)"
NOTE_START = re.compile(rf"^ ?(\d{{1,3}})\s+(?!{ROMAN_MONTH}\s+\d{{4}})(?=\S)")
CITATION = re.compile(
    r"https?://|www\.|<https?|\[accessed|\[online|\bvol\.\s*\d|\bp\.\s*\d|[\u0400-\u04ff]"
    r"|[a-z]/[a-z]|\bibidem\b",
    re.IGNORECASE,
)
HEAD_ZONE_MAX_LINES = 4
# How far past the expected number a footnote may start (notes lost in extraction).
NOTE_NUMBER_SLACK = 3


def looks_like_citation(line: str) -> bool:
    """Footnote material: URLs, access brackets, volume/page numbers, Cyrillic titles."""
    return bool(CITATION.search(line))


def _page_furniture(lines: list[str]) -> dict[int, tuple[str, str]]:
    """Line index → (reason, detail) for slugs, running heads and page numbers."""
    furniture: dict[int, tuple[str, str]] = {}
    heads: set[str] = set()
    for i, line in enumerate(lines):
        if not SLUG.search(line):
            continue
        furniture[i] = ("slug", "typesetting slug")
        seen = 0
        for j in range(i + 1, len(lines)):
            if not lines[j].strip():
                continue
            seen += 1
            if PAGE_NUMBER.match(lines[j]):
                furniture[j] = ("page_number", lines[j].strip())
                break
            if seen > HEAD_ZONE_MAX_LINES:
                break
            furniture[j] = ("running_head", "running head")
            heads.add(lines[j].strip())
    for i, line in enumerate(lines):
        if i not in furniture and line.strip() in heads:
            furniture[i] = ("running_head", "running head")
    return furniture


@dataclass
class BodyBlock:
    """Consecutive body lines; ``heading`` when the layout already tells (else the text does)."""

    lines: list[int] = field(default_factory=list)
    after_page_break: bool = False
    heading: bool | None = None


@dataclass
class _Routing:
    body: list[BodyBlock] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    note_lines: dict[int, list[int]] = field(default_factory=dict)


def _is_note_start(line: str, expected: int, slack: int) -> int | None:
    m = NOTE_START.match(line)
    if not m:
        return None
    number = int(m.group(1))
    return number if expected <= number <= expected + slack else None


def _route_lines(lines: list[str], start: int, furniture: dict[int, tuple[str, str]]) -> _Routing:
    """Send every body line to a body block and every footnote line to its note."""
    routing = _Routing()
    state = "body"
    expected = 1
    blank = page_break = False
    current_note: Note | None = None
    for i in range(start, len(lines)):
        line = lines[i]
        if i in furniture:
            page_break, state = True, "body"
            continue
        if not line.strip():
            blank = True
            continue
        leading_space = line.startswith(" ") and not line.startswith("  ")
        at_boundary = blank or page_break or leading_space
        slack = NOTE_NUMBER_SLACK if at_boundary else 0
        number = _is_note_start(line, expected, slack) if (at_boundary or state == "note") else None
        if number is not None:
            current_note = Note(number, "", "footnote", [i])
            routing.notes.append(current_note)
            expected, state = number + 1, "note"
        elif state == "note" and not (leading_space and not looks_like_citation(line)):
            assert current_note is not None
            current_note.lines.append(i)
        elif at_boundary and looks_like_citation(line) and routing.notes:
            if leading_space:  # a footnote fragment printed at the top of a page
                current_note = Note(None, "", "fragment", [i])
                routing.notes.append(current_note)
            else:  # the rest of the previous page's last footnote
                current_note = routing.notes[-1]
                current_note.lines.append(i)
            state = "note"
        else:
            state = "body"
            if at_boundary or not routing.body:
                routing.body.append(BodyBlock(after_page_break=page_break or leading_space))
            routing.body[-1].lines.append(i)
        blank = page_break = False
    return routing


def _join_note_lines(texts: list[str], log: list[Repair],
                     keep_hyphen: Callable[[str, str], bool] | None = None) -> str:
    """Join footnote lines; inside a ``<URL>`` lines are glued with no space, hyphens kept."""
    out = ""
    for text in texts:
        piece = text.strip()
        if out and out.count("<") > out.count(">"):
            out += piece
        elif out:
            out = join_lines_dehyphenating([out, piece], log, keep_hyphen)
        else:
            out = piece
    return out


class JournalParser:
    """State for parsing one PDF-extracted journal article."""

    # A block after one that ends mid-sentence continues it (a page break in the text).
    merge_unfinished = True

    def __init__(self, raw: str, source: Source) -> None:
        self.raw = raw
        self.source = source
        self.lines, self.blocks = split_blocks(raw)
        self.doc = Document(source.doc_id)
        self.lexicon = Lexicon(re.sub(r"-\n\s*", "", raw))
        self.markers_re = marker_pattern(brackets=False)

    def repair(self, text: str, *, body: bool) -> str:
        """The word-level repairs every paragraph and note gets."""
        log = self.doc.repairs
        text = normalise_spaces(text, log)
        text = close_hyphen_spaces(text, log)
        text = restore_lost_ligatures(text, self.lexicon, log)
        text = join_broken_words(text, self.lexicon, log)
        if body:
            text = restore_small_caps(text, list(small_caps_rules()), log)
        return text

    def keep_hyphen(self, left: str, right: str) -> bool:
        """Is ``left-⏎right`` a compound broken at its own hyphen? (Not known from text.)"""
        return False

    def join_lines(self, texts: list[str]) -> str:
        """A body paragraph's lines joined, end-of-line hyphenation undone."""
        return join_lines_dehyphenating(texts, self.doc.repairs, self.keep_hyphen)

    def parse(self) -> Document:
        """Run every step and return the document."""
        furniture = _page_furniture(self.lines)
        for i, (reason, detail) in sorted(furniture.items()):
            self.doc.set_aside.append(SetAside(reason, detail, self.lines[i].strip(), [i]))
        body_start = self._front_matter(furniture)
        routing = _route_lines(self.lines, body_start, furniture)
        self._notes(routing.notes)
        self._body(routing.body)
        return self.doc

    def _front_matter(self, furniture: dict[int, tuple[str, str]]) -> int:
        """Title, abstract and other-language abstract before the first page furniture."""
        first_furniture = min(furniture, default=None)
        end = 0
        for position, whole in enumerate(self.blocks):
            block = whole
            if first_furniture is not None:
                kept = [k for k, i in enumerate(whole.lines) if i < first_furniture]
                if not kept:
                    break
                block = Block([whole.lines[k] for k in kept], [whole.texts[k] for k in kept])
            elif position > 0:
                break
            end = block.lines[-1] + 1
            text = normalise_spaces(block.joined, [])
            language = detect(text, default=self.source.language)
            if position == 0 and normalised_key(text) == normalised_key(self.source.title):
                self.doc.set_aside.append(SetAside("title", "title as printed", text, block.lines))
            elif language != self.source.language:
                detail = f"{language}: title or abstract in another language"
                self.doc.set_aside.append(SetAside("other_language", detail, text, block.lines))
            else:
                joined = join_lines_dehyphenating(block.texts, self.doc.repairs)
                markers: list[Marker] = []
                marked = mark_note_markers(joined, self.markers_re, markers, self.doc.repairs)
                paragraph = finish_paragraph("abstract", self.repair(marked, body=True),
                                             "Abstract", list(block.lines), markers,
                                             self.doc.repairs)
                paragraph.language = language
                self.doc.paragraphs.append(paragraph)
        return end

    def _notes(self, notes: list[Note]) -> None:
        for note in notes:
            texts = [self.lines[i] for i in note.lines]
            if note.kind == "footnote":
                texts[0] = NOTE_START.sub("", texts[0], count=1)
            note.text = self.repair(_join_note_lines(texts, self.doc.repairs, self.keep_hyphen),
                                    body=False)
            self.doc.notes.append(note)

    def _body(self, blocks: list[BodyBlock]) -> None:
        """Group body blocks into headings and paragraphs rejoined across page breaks."""
        groups: list[list[int]] = []
        headings: set[int] = set()
        for index, block in enumerate(blocks):
            texts = [self.lines[i] for i in block.lines]
            previous_complete = not groups or ends_sentence(self.lines[groups[-1][-1]])
            if block.heading or (block.heading is None and previous_complete and len(
                texts) <= 2 and looks_like_heading(normalise_spaces(" ".join(texts), [])
            ) and index + 1 < len(blocks)):
                headings.add(len(groups))
                groups.append(list(block.lines))
            elif (groups and not previous_complete and len(groups) - 1 not in headings
                  and self.merge_unfinished):
                groups[-1].extend(block.lines)
            else:
                groups.append(list(block.lines))
        section = ""
        for index, group in enumerate(groups):
            logged = len(self.doc.repairs)
            joined = self.join_lines([self.lines[i] for i in group])
            markers: list[Marker] = []
            marked = mark_note_markers(joined, self.markers_re, markers, self.doc.repairs)
            text = self.repair(marked, body=True)
            role = "heading" if index in headings else "body"
            if role == "heading":
                section = normalise_spaces(text, self.doc.repairs)
            paragraph = finish_paragraph(role, text, section, group, markers, self.doc.repairs)
            if not paragraph.text.strip():  # nothing but note markers ("1 1")
                del self.doc.repairs[logged:]
                raw = normalise_spaces(" ".join(self.lines[i] for i in group), [])
                self.doc.set_aside.append(SetAside("boilerplate", "no words, only note markers",
                                                   raw, group))
                continue
            paragraph.language = detect(paragraph.text, default=self.source.language)
            if role == "body" and paragraph.language != self.source.language:
                del self.doc.repairs[logged:]  # set aside as printed, unrepaired
                raw = normalise_spaces(" ".join(self.lines[i] for i in group), [])
                self.doc.set_aside.append(SetAside("other_language", paragraph.language, raw,
                                                   group))
                continue
            self.doc.paragraphs.append(paragraph)


def parse_journal_pdf_text(raw: str, source: Source) -> Document:
    """Parse PDF-extracted journal text into the common Document structure."""
    return JournalParser(raw, source).parse()
