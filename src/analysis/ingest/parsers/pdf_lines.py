"""Text lines of a PDF with their positions and font sizes (PyMuPDF), in reading order."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.core.errors import AnalysisError
from analysis.ingest.document import MARKER_SENTINEL, Repair
from analysis.ingest.parsers.common import SUPERSCRIPT_DIGITS

if TYPE_CHECKING:  # imported when a PDF is read, not with every parser
    import pymupdf

SUPERSCRIPT_FLAG = 1
ITALIC_FLAG = 2
BOLD_FLAG = 16
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_MARKER_TEXT = re.compile(r"\d{1,3}(?:[,–-]\d{1,3})*")


@dataclass
class PdfLine:
    """One text line of a page: its box, dominant font size, and text (markers superscript)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    text: str
    baseline: float = 0.0
    rotated: bool = False
    italic: bool = False

    def overlaps(self, other: PdfLine) -> bool:
        """Do the two lines share some horizontal extent?"""
        return self.x0 < other.x1 and other.x0 < self.x1

    def overlaps_vertically(self, other: PdfLine) -> bool:
        """Do the two lines share some vertical extent (side by side)?"""
        return self.y0 < other.y1 and other.y0 < self.y1


@dataclass
class PdfPage:
    """The lines of one page and its size."""

    number: int
    width: float
    height: float
    lines: list[PdfLine]


def open_pdf(data: bytes, where: str) -> pymupdf.Document:
    """The PyMuPDF document, or a one-line error for unreadable and encrypted files."""
    import pymupdf

    if b"%PDF-" not in data[:1024]:
        raise AnalysisError(f"{where}: not a PDF (no %PDF- header in its first bytes)")
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several types for damaged files
        raise AnalysisError(f"{where}: not a readable PDF ({exc})") from None
    if doc.needs_pass:
        raise AnalysisError(f"{where}: encrypted PDF (needs a password); "
                            "save an unencrypted copy and add that")
    if doc.page_count == 0:
        raise AnalysisError(f"{where}: PDF has no pages")
    return doc


def _is_marker_span(span: dict, line_size: float, baseline: float) -> bool:
    text = span["text"].strip()
    if not _MARKER_TEXT.fullmatch(text):
        return False
    if span["flags"] & SUPERSCRIPT_FLAG:
        return True
    raised = span["origin"][1] < baseline - 0.15 * line_size
    return span["size"] < 0.85 * line_size and raised


def _line_from_spans(page: int, spans: list[dict], rotated: bool,
                     log: list[Repair]) -> PdfLine | None:
    sizes: Counter[float] = Counter()
    for span in spans:
        sizes[round(span["size"], 1)] += len(span["text"].strip())
    if not sizes or sum(sizes.values()) == 0:
        return None
    size = sizes.most_common(1)[0][0]
    baseline = max((s["origin"][1] for s in spans if round(s["size"], 1) == size), default=0.0)
    text = ""
    previous_x1 = None
    for span in spans:
        piece = span["text"]
        if MARKER_SENTINEL in piece:
            log.extend(Repair("private_use_character", MARKER_SENTINEL, "\ufffd")
                       for _ in range(piece.count(MARKER_SENTINEL)))
            piece = piece.replace(MARKER_SENTINEL, "\ufffd")
        if _is_marker_span(span, size, baseline):
            piece = piece.strip().translate(_TO_SUPERSCRIPT)
        elif (previous_x1 is not None and span["bbox"][0] - previous_x1 > 0.25 * size
              and text and not text.endswith(" ") and not piece.startswith(" ")):
            piece = " " + piece  # a gap on the page with no space character in the text
        text += piece
        previous_x1 = span["bbox"][2]
    if not text.strip():
        return None
    x0 = min(s["bbox"][0] for s in spans)
    printed = [s for s in spans if s["text"].strip()]
    bold = all(s["flags"] & BOLD_FLAG or "Bold" in s["font"] for s in printed)
    italic = all(s["flags"] & ITALIC_FLAG or "Italic" in s["font"] or "Oblique" in s["font"]
                 for s in printed)
    return PdfLine(page, x0, min(s["bbox"][1] for s in spans), max(s["bbox"][2] for s in spans),
                   max(s["bbox"][3] for s in spans), size, bold, text.rstrip(), baseline, rotated,
                   italic)


def _same_line(left_x1: float, right_x0: float, size: float, mid: float) -> bool:
    """May two pieces on one baseline be one line, or does a column gutter part them?

    Justified narrow columns stretch word spaces (PyMuPDF then cuts the line into pieces);
    a gutter is wider, or a smaller gap that spans the middle of the page.
    """
    gap = right_x0 - left_x1
    if gap < -0.5 * size or gap > 2.5 * size:
        return False
    return not (gap > 0.8 * size and left_x1 <= mid <= right_x0)


def _split_on_gaps(spans: list[dict], mid: float) -> list[list[dict]]:
    """Spans of one extracted line, cut where a gutter shows two columns ran together."""
    groups: list[list[dict]] = []
    for span in spans:
        if groups and _same_line(groups[-1][-1]["bbox"][2], span["bbox"][0], span["size"], mid):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _merge_pieces(lines: list[PdfLine], mid: float) -> list[PdfLine]:
    """Join the pieces PyMuPDF made of one printed line (same baseline, word-space apart)."""
    out: list[PdfLine] = []
    for line in sorted(lines, key=lambda ln: (ln.baseline, ln.x0)):
        last = out[-1] if out else None
        if (last is not None and not line.rotated and not last.rotated
                and abs(last.baseline - line.baseline) < 0.25 * last.size
                and abs(last.size - line.size) < 0.1 * last.size
                and _same_line(last.x1, line.x0, last.size, mid)):
            joiner = "" if last.text.endswith(" ") or line.text.startswith(" ") else " "
            out[-1] = PdfLine(last.page, last.x0, min(last.y0, line.y0), line.x1,
                              max(last.y1, line.y1), last.size, last.bold and line.bold,
                              last.text + joiner + line.text, last.baseline,
                              italic=last.italic and line.italic)
        else:
            out.append(line)
    return out


def page_lines(doc: pymupdf.Document, log: list[Repair]) -> list[PdfPage]:
    """Every page's text lines (ligatures kept as printed; the parser expands them)."""
    import pymupdf

    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
    pages = []
    for number in range(doc.page_count):
        page = doc[number]
        lines: list[PdfLine] = []
        mid = page.rect.width / 2
        content = page.get_text("dict", flags=flags)
        for block in content["blocks"]:
            for line in block.get("lines", []):
                rotated = abs(line["dir"][1]) > 0.01 or line["dir"][0] < 0
                for spans in _split_on_gaps([s for s in line["spans"] if s["text"]], mid):
                    made = _line_from_spans(number, spans, rotated, log)
                    if made is not None:
                        lines.append(made)
        pages.append(PdfPage(number, page.rect.width, page.rect.height, _merge_pieces(lines, mid)))
    return pages


def body_size(pages: list[PdfPage]) -> float:
    """The font size most characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if not line.rotated:
                sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0]


def line_gap(pages: list[PdfPage], size: float) -> float:
    """The usual white space between two lines of one body paragraph (median over
    consecutive body-size lines of one column; 0 when there are none).

    Paragraph breaks are gaps clearly wider than this: a document set with 1.5 or double
    line spacing has wide gaps between all its lines, not only between paragraphs.
    """
    gaps: list[float] = []
    for page in pages:
        body = sorted((line for line in page.lines if not line.rotated
                       and abs(line.size - size) <= 0.03 * size), key=lambda ln: ln.y0)
        for column in (False, True):
            same = [line for line in body if (line.x0 >= page.width / 2) == column]
            gaps.extend(b.y0 - a.y1 for a, b in itertools.pairwise(same)
                        if b.y0 > a.y0 and -0.5 * size < b.y0 - a.y1 < 3 * size)
    return float(statistics.median(gaps)) if gaps else 0.0


def reading_order(page: PdfPage, lines: list[PdfLine]) -> list[PdfLine]:
    """Top to bottom; on a two-column stretch, the left column before the right.

    Lines that cross the middle of the page (titles, full-width footnotes, single-column
    text) cut the page into bands; inside a band the columns are read one after the other.
    """
    mid = page.width / 2
    ordered = sorted(lines, key=lambda line: (round(line.baseline, 1), line.x0))
    out: list[PdfLine] = []
    band: list[PdfLine] = []

    def flush() -> None:
        out.extend(sorted(band, key=lambda line: (line.x0 >= mid, line.baseline, line.x0)))
        band.clear()

    for line in ordered:
        if line.x0 < mid < line.x1:
            flush()
            out.append(line)
        else:
            band.append(line)
    flush()
    return out
