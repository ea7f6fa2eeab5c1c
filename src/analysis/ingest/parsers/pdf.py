"""Parser for PDF files: lines with roles from the page layout, then the journal steps.

The PDF is read with PyMuPDF into text lines with positions and font sizes. Running heads
and page numbers are found by repetition across pages, footnotes by size and position,
columns by x-position (see ``pdf_layout``); paragraph breaks by vertical gaps, first-line
indents, short last lines and changes of style. The body lines and the notes then go
through the same steps as PDF-extracted journal text (``JournalParser``): headings,
paragraphs rejoined across pages and columns, note markers, hyphenation, ligatures,
small capitals, other-language passages. ``lines`` of every part index the extracted
lines in reading order.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter

from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import Source
from analysis.ingest.document import Document, Note, Repair, SetAside
from analysis.ingest.lexicon import zipf
from analysis.ingest.parsers.common import (
    SUPERSCRIPT_DIGITS,
    ends_sentence,
    looks_like_heading,
    normalised_key,
    superscript_number,
)
from analysis.ingest.parsers.journal import (
    NOTE_NUMBER_SLACK,
    ROMAN_MONTH,
    BodyBlock,
    JournalParser,
)
from analysis.ingest.parsers.pdf_layout import column_edges, note_lines, page_furniture
from analysis.ingest.parsers.pdf_lines import (
    PdfLine,
    body_size,
    line_gap,
    open_pdf,
    page_lines,
    reading_order,
)
from analysis.ingest.textrepair import expand_ligatures

# "12 Text", "12. Text" or "¹²Text"; not "8 xi 2021" (a date carried over from the last line)
NOTE_NUMBER = re.compile(rf"^\s*(?:(\d{{1,3}})\.?\s+(?!{ROMAN_MONTH}\s+\d{{4}})"
                         rf"|([{SUPERSCRIPT_DIGITS}]{{1,3}})\s*)(?=\S)")
COMPOUND = re.compile(r"[^\W\d_]+-[^\W\d_]+")
# Word endings that are also words: ``fraternal-⏎ism`` is hyphenation, not a compound.
SUFFIXES = frozenset({"ism", "isms", "ist", "ists", "ness", "ment", "ments", "ity", "ship",
                      "hood", "ful", "less", "able", "ible", "ally", "ising", "izing", "ation"})
LINE_END_PART = re.compile(r"([^\W\d_]+)-\s*$")
LINE_START_PART = re.compile(r"\s*([^\W\d_A-Z]+)")
COMMON = 2.5  # Zipf frequency of a common English word
LIST_ITEM = re.compile(r"^\s*(?:[•◦▪‣∙·*–]|\d{1,2}[.)]|\(?[a-z]\))\s")  # a hanging indent follows
SECTION_NUMBER = re.compile(r"^(?:\d{1,2}|[A-Z])(?:\.\d{1,2})*\.?\s+(?=\S)")  # "2.1. Naming"
NO_TEXT = "{where}: PDF has no text layer (scanned or image-only); run OCR on it first"
HEADING_SIZE_RATIO = 1.05
HEADING_MAX_LINES, HEADING_MAX_WORDS = 4, 25
BYLINE_MAX_LINES = 3  # lines under the title that may name the authors
TITLE_SIZE_RATIO = 1.15


def _title_matches(text: str, title: str) -> bool:
    printed, wanted = normalised_key(text), normalised_key(title)
    if not printed or not wanted:
        return False
    shorter, longer = sorted((printed, wanted), key=len)
    return shorter in longer and len(shorter) >= 0.6 * len(longer)


def _syllable_breaks(texts: list[str]) -> int:
    """Line ends that split a common word where a half is no word (``expec-⏎ted``): the
    evidence that the typesetter hyphenated automatically."""
    count = 0
    for line, following in itertools.pairwise(texts):
        left, right = LINE_END_PART.search(line), LINE_START_PART.match(following)
        if left and right:
            a, b = left.group(1), right.group(1)
            count += zipf(a + b) >= COMMON and min(zipf(a), zipf(b)) < COMMON
    return count


class PdfParser(JournalParser):
    """State for parsing one PDF: the extracted lines, their roles, then the journal steps."""

    merge_unfinished = False  # the layout already told continued paragraphs from new ones

    def __init__(self, data: bytes, source: Source) -> None:
        log: list[Repair] = []
        pages = page_lines(open_pdf(data, _where(source)), log)
        if not any(ch.isalnum() for page in pages for line in page.lines for ch in line.text):
            raise AnalysisError(NO_TEXT.format(where=_where(source)))
        self.size = body_size(pages)
        self.line_gap = max(0.0, line_gap(pages, self.size))
        self.furniture = page_furniture(pages, self.size)
        notes = note_lines(pages, self.furniture, self.size)
        self.ordered: list[PdfLine] = []
        self.edges: dict[tuple[int, bool], tuple[float, float]] = {}
        self.mid: dict[int, float] = {}
        for page in pages:
            self.ordered.extend(reading_order(page, page.lines))
            body = [line for line in page.lines
                    if id(line) not in self.furniture and id(line) not in notes]
            for right, edge in column_edges(body, page).items():
                self.edges[page.number, right] = edge
            self.mid[page.number] = page.width / 2
        self.note_index = [i for i, line in enumerate(self.ordered) if id(line) in notes]
        texts = [expand_ligatures(line.text.replace("\n", " "), log) for line in self.ordered]
        self.starts: dict[int, int] = {}
        for i in self.note_index:
            m = NOTE_NUMBER.match(texts[i])
            if m:  # "¹² Text" and "12. Text" both become "12 Text"
                number = int(m.group(1)) if m.group(1) else superscript_number(m.group(2))
                self.starts[i] = number
                texts[i] = f"{number} {texts[i][m.end():]}"
        super().__init__("\n".join(texts), source)
        self.doc.repairs.extend(log)
        self.compounds = Counter(m.casefold() for text in texts
                                 for m in COMPOUND.findall(text.rstrip("-")))
        self.hyphenated = _syllable_breaks(texts) > 0

    def keep_hyphen(self, left: str, right: str) -> bool:
        """Is ``left-⏎right`` a compound broken at its hyphen rather than a hyphenated word?

        Yes when the document prints ``left-right`` inside a line elsewhere, when its lines
        show no automatic hyphenation at all (no ``expec-⏎ted``), when the word is
        not in Latin script (``пресс-конференции``), or when the two halves are words and the
        joined form is not (``wait-and-see``, not ``expec-ted``).
        """
        if self.compounds[f"{left}-{right}".casefold()] or not self.hyphenated:
            return True
        if not all(unicodedata.name(ch, "").startswith("LATIN") for ch in left + right):
            return True  # automatic hyphenation follows the document's (Latin) language
        if self.lexicon.is_word(left + right) or right.casefold() in SUFFIXES:
            return False
        return zipf(left) >= 3.0 and zipf(right) >= 3.0

    def parse(self) -> Document:
        """Set aside furniture and front matter, route notes, then build the body."""
        for i, line in enumerate(self.ordered):
            if id(line) in self.furniture:
                reason, detail = self.furniture[id(line)]
                self.doc.set_aside.append(SetAside(reason, detail, line.text.strip(), [i]))
        taken = self._front_matter_lines()
        self._notes(self._route_notes())
        noted = set(self.note_index)
        body = [i for i, line in enumerate(self.ordered)
                if id(line) not in self.furniture and i not in noted and i not in taken]
        self._body(self._blocks(body))
        return self.doc

    def _front_matter_lines(self) -> set[int]:
        """Title (larger type at the top of page 1) and byline; their line indices."""
        first = [i for i, line in enumerate(self.ordered)
                 if line.page == 0 and id(line) not in self.furniture]
        lead: list[int] = []
        for i in first:
            if abs(self.ordered[i].size - self.size) <= 0.03 * self.size and lead:
                break
            lead.append(i)
        largest = max((self.ordered[i].size for i in lead), default=0.0)
        if largest < TITLE_SIZE_RATIO * self.size:
            return set()
        start = next(k for k, i in enumerate(lead) if self.ordered[i].size == largest)
        run: list[int] = []
        for i in lead[start:]:
            if self.ordered[i].size != largest:
                break
            run.append(i)
        text = " ".join(self.lines[i].strip() for i in run)
        if not _title_matches(text, self.source.title):
            return set()
        self.doc.set_aside.append(SetAside("title", "title as printed", text, run))
        taken = set(run)
        for i in lead[:start]:  # a journal's header line above the title
            self.doc.set_aside.append(SetAside("boilerplate", "first-page header above the title",
                                               self.lines[i].strip(), [i]))
            taken.add(i)
        surnames = [a.split()[-1].casefold() for a in self.source.authors
                    if a != "unsigned" and a.split()]
        for i in first[first.index(run[-1]) + 1:][:BYLINE_MAX_LINES]:
            line = self.lines[i]
            if surnames and any(s in line.casefold() for s in surnames):
                self.doc.set_aside.append(SetAside("byline", "authors as printed",
                                                   line.strip(), [i]))
                taken.add(i)
        return taken

    def _route_notes(self) -> list[Note]:
        """Footnote lines → notes; a zone opening without its number continues the last."""
        notes: list[Note] = []
        expected = 1
        previous: PdfLine | None = None
        for i in self.note_index:
            line = self.ordered[i]
            aligned = previous is None or previous.page != line.page or (
                line.x0 <= previous.x0 + 1)  # a zone's first line, or not indented under one
            number = self.starts.get(i)
            slack = NOTE_NUMBER_SLACK if aligned else 0
            if number is not None and expected <= number <= expected + slack:
                notes.append(Note(number, "", "footnote", [i]))
                expected = number + 1
            elif notes:
                notes[-1].lines.append(i)
            else:
                notes.append(Note(None, "", "fragment", [i]))
            previous = line
        return notes

    def _heading_like(self, line: PdfLine) -> bool:
        return line.bold or line.size > HEADING_SIZE_RATIO * self.size

    def _starts_paragraph(self, prev: PdfLine, line: PdfLine) -> bool:
        """Does ``line`` open a new block after ``prev`` (gap, indent, short line, style, list
        item)? Lines under a list item's first line hang indented without opening one."""
        if self._heading_like(prev) != self._heading_like(line) or LIST_ITEM.match(line.text):
            return True
        prev_right = prev.x0 >= self.mid[prev.page]
        right = line.x0 >= self.mid[line.page]
        _, prev_edge = self.edges.get((prev.page, prev_right), (prev.x0, prev.x1))
        short = prev.x1 < prev_edge - 2 * self.size and ends_sentence(prev.text)
        if prev.page == line.page and prev_right == right and line.y0 > prev.y0:
            gap = line.y0 - prev.y1
            indent = line.x0 - prev.x0 > 0.8 * self.size and not LIST_ITEM.match(prev.text)
            return short or gap > self.line_gap + 0.45 * self.size or indent
        left_edge, _ = self.edges.get((line.page, right), (line.x0, line.x1))
        return short or line.x0 - left_edge > 0.8 * self.size

    def _blocks(self, body: list[int]) -> list[BodyBlock]:
        """Body lines cut into paragraphs; a heading is a short block in bold, italic or larger
        type that reads like one (the type decides first, then the words)."""
        blocks: list[BodyBlock] = []
        for i in body:
            line = self.ordered[i]
            prev = self.ordered[blocks[-1].lines[-1]] if blocks else None
            if prev is None or self._starts_paragraph(prev, line):
                blocks.append(BodyBlock(after_page_break=prev is not None
                                        and prev.page != line.page))
            blocks[-1].lines.append(i)
        for block in blocks:
            text = " ".join(self.lines[i] for i in block.lines)
            block.heading = (all(self._heading_like(self.ordered[i]) or self.ordered[i].italic
                                 for i in block.lines)
                             and len(block.lines) <= HEADING_MAX_LINES
                             and looks_like_heading(SECTION_NUMBER.sub("", text),
                                                    HEADING_MAX_WORDS))
        return blocks


def _where(source: Source) -> str:
    return f"{source.path} (doc_id {source.doc_id})"


def check_pdf(data: bytes, source: Source) -> None:
    """The errors a parse would meet, found quickly: unreadable, encrypted, no text layer."""
    doc = open_pdf(data, _where(source))
    if not any(any(ch.isalnum() for ch in doc[i].get_text()) for i in range(doc.page_count)):
        raise AnalysisError(NO_TEXT.format(where=_where(source)))


def parse_pdf(data: bytes, source: Source) -> Document:
    """Parse a PDF file into the common Document structure."""
    return PdfParser(data, source).parse()
