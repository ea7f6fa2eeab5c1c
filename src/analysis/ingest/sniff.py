"""Which format a file is, from its bytes (the name's suffix only breaks ties).

``pdf`` by its ``%PDF-`` signature; ``html`` by its markup; ``markdown`` by front matter or
Markdown syntax; plain UTF-8 text is ``journal_pdf_text`` when its lines are wrapped the way
text copied out of a PDF is (paragraphs broken into lines of similar width, words hyphenated
across lines) and ``web_article`` otherwise (one line per paragraph).
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.core.errors import AnalysisError

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html"
                         rb"|<head|<body)", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|article|p|div|meta|title)\b[^>]*>", re.I)
_FRONT_MATTER = re.compile(r"^\ufeff?(?:---|\+\+\+)[ \t]*\n")
_MARKDOWN = {
    "heading": re.compile(r"^#{1,6}\s+\S", re.M),
    "link": re.compile(r"\[[^\]\n]+\]\((?:https?://|/|#)[^)\s]*\)"),
    "image": re.compile(r"!\[[^\]\n]*\]\([^)\s]+\)"),
    "emphasis": re.compile(r"(?<![\w*])\*\*[^*\n]+\*\*(?![\w*])"),
    "list": re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\S.*\[[^\]]+\]\(", re.M),
    "quote": re.compile(r"^>\s+\S", re.M),
}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MIN_MARKDOWN_MARKS = 3  # constructs a .txt needs to count as Markdown
WRAPPED_SHARE = 0.5  # share of the text in wrapped lines from which it counts as PDF text
WRAP_WIDTH = 130


def wrapped_share(text: str) -> float:
    """Share of the text's characters in short lines (≤ 130 characters) that continue on the
    next line: a paragraph broken into lines. PDF-extracted text scores near 1; text with one
    line per paragraph near 0, even with a list of short references at the end."""
    lines = text.replace("\r\n", "\n").split("\n")
    total = sum(len(line.strip()) for line in lines)
    if not total:
        return 0.0
    wrapped = sum(len(line.strip()) for i, line in enumerate(lines)
                  if line.strip() and len(line) <= WRAP_WIDTH and i + 1 < len(lines)
                  and lines[i + 1].strip())
    return wrapped / total


def markdown_marks(text: str) -> int:
    """How many Markdown constructs the text holds (headings, links, images, bold, quotes)."""
    return sum(len(pattern.findall(text)) for pattern in _MARKDOWN.values())


def sniff(data: bytes, path: Path) -> str:
    """The format of a file's bytes; an unknown or unreadable one is a one-line error."""
    suffix = path.suffix.lower()
    if not data.strip():
        raise AnalysisError(f"{path}: file is empty")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if _HTML_START.match(data[:4096]) or (suffix in HTML_SUFFIXES and _HTML_TAGS.search(data)):
        return "html"
    if b"\x00" in data[:8192]:
        raise AnalysisError(f"{path}: unknown format (binary, not PDF, HTML, Markdown or "
                            f"text); convert it to one of these or name it with --format")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnalysisError(f"{path}: unknown format (not UTF-8 text: byte 0x{data[exc.start]:02x}"
                            f" at offset {exc.start}); re-save it as UTF-8") from None
    if (_FRONT_MATTER.match(text) or suffix in MARKDOWN_SUFFIXES
            or markdown_marks(text) >= MIN_MARKDOWN_MARKS):
        return "markdown"
    return "journal_pdf_text" if wrapped_share(text) >= WRAPPED_SHARE else "web_article"
