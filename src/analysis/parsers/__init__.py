"""One parser per source format, all returning a Document."""

from __future__ import annotations

from collections.abc import Callable

from ..corpus import Source
from ..document import Document
from .journal import parse_journal_pdf_text
from .web import parse_web_article

PARSERS: dict[str, Callable[[str, Source], Document]] = {
    "web_article": parse_web_article,
    "journal_pdf_text": parse_journal_pdf_text,
}


def parse_source(raw: str, source: Source) -> Document:
    """Parse one raw text with the parser for its manifest format."""
    return PARSERS[source.format](raw, source)
