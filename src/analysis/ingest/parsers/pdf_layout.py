"""Roles of PDF lines: page furniture by repetition, footnotes by size and position."""

from __future__ import annotations

import math
import re
from collections import defaultdict

from analysis.ingest.parsers.pdf_lines import PdfLine, PdfPage

# Running heads and page numbers live in these top and bottom shares of the page.
EDGE_ZONE = 0.12
NUMBER_ZONE = 0.08
PAGE_NUMBER_TEXT = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:/|of)\s*\d{1,4})?"
    r"(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
DOT_LEADER = re.compile(r"(?:\.\s?){5,}\s*(?:\d{1,4}|[ivxlc]{1,7})\s*$", re.IGNORECASE)
NOTE_SIZE_RATIO = 0.92
HEAD_SIZE_RATIO, HEAD_GAP = 0.95, 0.8
NOTE_START = re.compile(r"^\s*(?:\d{1,3}\.?\s|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*\S")


def _edge(line: PdfLine, page: PdfPage, share: float) -> bool:
    return line.y0 < share * page.height or line.y1 > (1 - share) * page.height


def _furniture_key(line: PdfLine) -> tuple[str, int]:
    text = re.sub(r"[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+", "#", " ".join(line.text.casefold().split()))
    return text, round(line.y0 / 4)


def page_furniture(pages: list[PdfPage], size: float) -> dict[int, tuple[str, str]]:
    """``id(line)`` → (reason, detail) for running heads and page numbers.

    A line at the top or bottom edge is furniture when the same text (numbers aside) stands
    at the same height on several pages; a bare number at the very edge is a page number
    even on its own (first pages often carry theirs at the foot, the others at the head).
    Heads that alternate between even and odd pages repeat too seldom in a short article:
    there, the top line of a later page set in smaller type and apart from the text is one.
    Table-of-contents lines (dot leaders to a page number) are set aside as boilerplate.
    """
    pages_of: dict[tuple[str, int], set[int]] = defaultdict(set)
    for page in pages:
        for line in page.lines:
            if _edge(line, page, EDGE_ZONE):
                pages_of[_furniture_key(line)].add(page.number)
    needed = max(2, math.ceil(0.25 * len(pages)))
    out: dict[int, tuple[str, str]] = {}
    for page in pages:
        for line in page.lines:
            where = f"page {page.number + 1}"
            number_like = bool(PAGE_NUMBER_TEXT.match(line.text))
            if line.rotated:
                out[id(line)] = ("boilerplate", f"rotated text, {where}")
            elif _edge(line, page, EDGE_ZONE) and len(pages_of[_furniture_key(line)]) >= needed:
                reason = "page_number" if number_like else "running_head"
                out[id(line)] = (reason, f"repeated on {len(pages_of[_furniture_key(line)])} "
                                         f"pages, {where}")
            elif number_like and _edge(line, page, NUMBER_ZONE):
                out[id(line)] = ("page_number", f"number at the page edge, {where}")
            elif DOT_LEADER.search(line.text):
                out[id(line)] = ("boilerplate", f"table of contents (dot leader), {where}")
        _lone_head(page, size, out)
    return out


def _lone_head(page: PdfPage, size: float, out: dict[int, tuple[str, str]]) -> None:
    """The top line of a page after the first, in small type, set apart from the text."""
    rest = sorted((line for line in page.lines if id(line) not in out),
                  key=lambda line: line.baseline)
    if page.number == 0 or len(rest) < 2:
        return
    top, below = rest[0], rest[1]
    if (top.y1 < EDGE_ZONE * page.height and top.size < HEAD_SIZE_RATIO * size
            and below.y0 - top.y1 >= HEAD_GAP * size and not top.overlaps_vertically(below)):
        out[id(top)] = ("running_head", f"top line in small type, page {page.number + 1}")


def note_lines(pages: list[PdfPage], furniture: dict[int, tuple[str, str]],
               size: float) -> set[int]:
    """``id(line)`` of footnote lines: smaller than the body and below all body text.

    A page's notes are the small lines with no body-size line under them in the same
    column; they must open with a note number, unless they carry on the previous page's
    last note (then the previous page must have had notes).
    """
    out: set[int] = set()
    had_notes = False
    for page in pages:
        content = [line for line in page.lines if id(line) not in furniture]
        body = [line for line in content if line.size >= NOTE_SIZE_RATIO * size]
        zone = [line for line in content if line.size < NOTE_SIZE_RATIO * size
                and not any(b.y0 > line.y0 and b.overlaps(line) for b in body)]
        zone.sort(key=lambda line: (line.y0, line.x0))
        opens = bool(zone) and bool(NOTE_START.match(zone[0].text))
        if zone and (opens or had_notes):
            out.update(id(line) for line in zone)
        had_notes = bool(zone) and (opens or had_notes)
    return out


def column_edges(lines: list[PdfLine], page: PdfPage) -> dict[bool, tuple[float, float]]:
    """Left and right edge of the text in each half of the page (key: right column?)."""
    mid = page.width / 2
    edges: dict[bool, tuple[float, float]] = {}
    for right in (False, True):
        members = [line for line in lines if (line.x0 >= mid) == right]
        if members:
            lefts = sorted(line.x0 for line in members)
            rights = sorted(line.x1 for line in members)
            # the commonest edges: the 20th percentile of left, the 80th of right
            edges[right] = (lefts[len(lefts) // 5], rights[(4 * len(rights)) // 5])
    return edges
