"""One parser per source format, all returning a Document."""

from __future__ import annotations

from collections.abc import Callable

from analysis.ingest.corpus import Source
from analysis.ingest.document import MARKER_SENTINEL, Document, Repair
from analysis.ingest.parsers.journal import parse_journal_pdf_text
from analysis.ingest.parsers.pdf import parse_pdf
from analysis.ingest.parsers.web import parse_web_article

PARSERS: dict[str, Callable[[str, Source], Document]] = {
    "web_article": parse_web_article,
    "journal_pdf_text": parse_journal_pdf_text,
}
# Formats whose raw file is binary: their parser gets the bytes.
BINARY_PARSERS: dict[str, Callable[[bytes, Source], Document]] = {
    "pdf": parse_pdf,
}


def parse_source(raw: str | bytes, source: Source) -> Document:
    """Parse one raw text (or a binary file's bytes) with the parser for its format."""
    if isinstance(raw, bytes):
        return BINARY_PARSERS[source.format](raw, source)
    clashes = raw.count(MARKER_SENTINEL)
    if clashes:  # the parsers use this private-use character internally
        raw = raw.replace(MARKER_SENTINEL, "\ufffd")
    doc = PARSERS[source.format](raw, source)
    doc.repairs.extend(Repair("private_use_character", MARKER_SENTINEL, "\ufffd")
                       for _ in range(clashes))
    return doc
