"""One parser per source format, all returning a Document."""

from __future__ import annotations

from collections.abc import Callable

from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import Source
from analysis.ingest.document import MARKER_SENTINEL, Document, Repair
from analysis.ingest.parsers.furniture import OUTLET_FORMATS
from analysis.ingest.parsers.html import parse_html
from analysis.ingest.parsers.journal import parse_journal_pdf_text
from analysis.ingest.parsers.markdown import parse_markdown
from analysis.ingest.parsers.pdf import check_pdf, parse_pdf
from analysis.ingest.parsers.web import parse_web_article

PARSERS: dict[str, Callable[[str, Source], Document]] = {
    "web_article": parse_web_article,
    "journal_pdf_text": parse_journal_pdf_text,
    "markdown": parse_markdown,
    "html": parse_html,
}
# Formats whose raw file is binary: their parser gets the bytes.
BINARY_PARSERS: dict[str, Callable[[bytes, Source], Document]] = {
    "pdf": parse_pdf,
}
# Checks of a binary file a parser would otherwise fail halfway (encrypted, no text layer).
BINARY_CHECKS: dict[str, Callable[[bytes, Source], None]] = {
    "pdf": check_pdf,
}
OUTLET_PARSERS: dict[str, Callable[[str, Source, frozenset[str]], Document]] = {
    "web_article": parse_web_article, "markdown": parse_markdown, "html": parse_html,
}


def check_source(raw: str | bytes, source: Source) -> None:
    """Raise the one-line error a parser would meet later, before any source is parsed."""
    if isinstance(raw, bytes) and source.format in BINARY_CHECKS:
        BINARY_CHECKS[source.format](raw, source)


def require_parser(source: Source) -> Callable:
    """The parser for the source's format; a format without one is a one-line error."""
    parser = PARSERS.get(source.format) or BINARY_PARSERS.get(source.format)
    if parser is None:
        known = ", ".join([*PARSERS, *BINARY_PARSERS])
        raise AnalysisError(f"{source.path} (doc_id {source.doc_id}): no parser for format "
                            f"'{source.format}' in this version (parsers: {known})")
    return parser


def parse_source(raw: str | bytes, source: Source,
                 repeated: frozenset[str] = frozenset()) -> Document:
    """Parse one raw text (or a binary file's bytes) with the parser for its manifest format.

    ``repeated``: the lines the source shares with other sources of its outlet (web formats).
    """
    if isinstance(raw, bytes):
        return BINARY_PARSERS[source.format](raw, source)
    clashes = raw.count(MARKER_SENTINEL)
    if clashes:  # the parsers use this private-use character internally
        raw = raw.replace(MARKER_SENTINEL, "\ufffd")
    if repeated and source.format in OUTLET_FORMATS:
        doc = OUTLET_PARSERS[source.format](raw, source, repeated)
    else:
        doc = require_parser(source)(raw, source)
    doc.repairs.extend(Repair("private_use_character", MARKER_SENTINEL, "\ufffd")
                       for _ in range(clashes))
    return doc
