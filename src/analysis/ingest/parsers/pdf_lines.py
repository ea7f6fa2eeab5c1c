"""Text lines of a PDF with their positions and font sizes (PyMuPDF), in reading order."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.core.errors import AnalysisError
from analysis.ingest.document import MARKER_SENTINEL, Repair
from analysis.ingest.parsers.common import SUPERSCRIPT_DIGITS

if TYPE_CHECKING:  # imported when a PDF is read, not with every parser
    import pymupdf

SUPERSCRIPT_FLAG = 1
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
    rotated: bool = False

    def overlaps(self, other: PdfLine) -> bool:
        """Do the two lines share some horizontal extent?"""
        return self.x0 < other.x1 and other.x0 < self.x1


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
    bold = all(s["flags"] & BOLD_FLAG or "Bold" in s["font"] for s in spans if s["text"].strip())
    return PdfLine(page, x0, min(s["bbox"][1] for s in spans), max(s["bbox"][2] for s in spans),
                   max(s["bbox"][3] for s in spans), size, bold, text.rstrip(), rotated)


def _split_on_gaps(spans: list[dict]) -> list[list[dict]]:
    """Spans of one extracted line, cut where a wide gap shows two columns ran together."""
    groups: list[list[dict]] = []
    for span in spans:
        if groups and span["bbox"][0] - groups[-1][-1]["bbox"][2] < 3 * span["size"]:
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def page_lines(doc: pymupdf.Document, log: list[Repair]) -> list[PdfPage]:
    """Every page's text lines (ligatures kept as printed; the parser expands them)."""
    import pymupdf

    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
    pages = []
    for number, page in enumerate(doc):
        lines: list[PdfLine] = []
        content = page.get_text("dict", flags=flags)
        for block in content["blocks"]:
            for line in block.get("lines", []):
                rotated = abs(line["dir"][1]) > 0.01 or line["dir"][0] < 0
                for spans in _split_on_gaps([s for s in line["spans"] if s["text"]]):
                    made = _line_from_spans(number, spans, rotated, log)
                    if made is not None:
                        lines.append(made)
        pages.append(PdfPage(number, page.rect.width, page.rect.height, lines))
    return pages


def body_size(pages: list[PdfPage]) -> float:
    """The font size most characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if not line.rotated:
                sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0]


def reading_order(page: PdfPage, lines: list[PdfLine]) -> list[PdfLine]:
    """Top to bottom; on a two-column stretch, the left column before the right.

    Lines that cross the middle of the page (titles, full-width footnotes, single-column
    text) cut the page into bands; inside a band the columns are read one after the other.
    """
    mid = page.width / 2
    ordered = sorted(lines, key=lambda line: (round(line.y0, 1), line.x0))
    out: list[PdfLine] = []
    band: list[PdfLine] = []

    def flush() -> None:
        out.extend(sorted(band, key=lambda line: (line.x0 >= mid, line.y0, line.x0)))
        band.clear()

    for line in ordered:
        if line.x0 < mid < line.x1:
            flush()
            out.append(line)
        else:
            band.append(line)
    flush()
    return out
