"""Metadata of a PDF by PyMuPDF: the document information (title, author, creation date) and
the first page (title in the largest font, a dated byline); refuses encrypted and image-only
PDFs, whose text the package could not read."""

from __future__ import annotations

import re
from typing import Any

from analysis.core.errors import AnalysisError
from analysis.ingest.metadata import Metadata, StatedDate
from analysis.ingest.metadata.dates import make_date, parse_date
from analysis.ingest.metadata.plaintext import (
    BYLINE_WINDOW,
    SHORT_LINE,
    byline_authors,
    byline_date,
    split_authors,
)

# A document-information title that is a file name or a placeholder says nothing.
_JUNK_TITLE = re.compile(r"(?i)^(?:untitled|microsoft word\b.*|.*\.(?:docx?|odt|rtf|indd|pdf|"
                         r"tex|txt|qxd|pages)|document\d*|slide\s*\d*|title)$")
MAX_PAGES_FOR_BODY = 10
# A journal's issue line on a first page ("Sprawy Międzynarodowe 2022, vol. 75, no. 2",
# "Journal of X, Vol. 12, No. 3 (2021)"): its one year is the year of publication.
_ISSUE_LINE = re.compile(r"(?i)\b(?:vol(?:ume)?\.?|no\.|nr\.?|issue)\s*\d")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
AUTHOR_LINES_AFTER_TITLE = 2


def _open(data: bytes, where: str) -> Any:
    import pymupdf  # slow to import (≈ 1.5 s); only when a PDF is added

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises its own types for every kind of damage
        detail = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise AnalysisError(f"{where}: not a readable PDF ({detail})") from None
    if doc.needs_pass:
        raise AnalysisError(f"{where}: encrypted PDF (it needs a password); save an unencrypted "
                            f"copy and add that")
    return doc


def largest_font_text(page: Any) -> str:
    """The text set in the largest font on a page (the title of a first page), in order."""
    spans = [(round(span["size"], 1), span["text"].strip())
             for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])
             for span in line["spans"] if span["text"].strip()]
    if not spans:
        return ""
    largest = max(size for size, _ in spans)
    return " ".join(" ".join(text for size, text in spans if size >= largest - 0.5).split())


def _title(info: dict[str, str], first_page: Any) -> str:
    stated = " ".join((info.get("title") or "").split())
    if stated and len(stated.split()) >= 2 and not _JUNK_TITLE.match(stated):
        return stated
    largest = largest_font_text(first_page)
    return largest if 2 <= len(largest.split()) <= 40 else ""


def names_under_title(first_lines: list[str], title: str) -> tuple[str, ...]:
    """Names on one of the lines right under the title ("Jane Doe, John Roe"), if any."""
    last = title.split()[-1:]
    if not last:
        return ()
    for index, line in enumerate(first_lines[:BYLINE_WINDOW]):
        if line.split()[-1:] == last:  # the title's last line
            for below in first_lines[index + 1:index + 1 + AUTHOR_LINES_AFTER_TITLE]:
                names = split_authors(below.strip())
                if names:
                    return names
            return ()
    return ()


def issue_year(first_lines: list[str]) -> StatedDate | None:
    """The year of a journal's issue line among the first lines (one year on the line)."""
    for line in [ln.strip() for ln in first_lines[:BYLINE_WINDOW]]:
        years = _YEAR.findall(line)
        if len(line) <= SHORT_LINE and _ISSUE_LINE.search(line) and len(set(years)) == 1:
            date = make_date(int(years[0]))
            if date is not None:
                return StatedDate(date, f"first page '{line}'")
    return None


def _authors(info: dict[str, str], first_lines: list[str], title: str) -> tuple[str, ...]:
    stated = (info.get("author") or "").strip()
    return (split_authors(stated) or byline_authors(first_lines)
            or names_under_title(first_lines, title)
            or ((stated,) if len(stated.split()) in (2, 3, 4) else ()))


def read_pdf(data: bytes, where: str) -> Metadata:
    """Metadata and text of a PDF; no text layer or a password is a one-line error."""
    with _open(data, where) as doc:
        texts = [doc[i].get_text() for i in range(min(doc.page_count, MAX_PAGES_FOR_BODY))]
        if not any(t.strip() for t in texts) and not any(
                doc[i].get_text().strip() for i in range(len(texts), doc.page_count)):
            raise AnalysisError(f"{where}: the PDF has no text layer (scanned or image-only "
                                f"pages); run OCR on it first (e.g. ocrmypdf) and add the result")
        info = {k: v or "" for k, v in (doc.metadata or {}).items()}
        first_lines = [ln for ln in texts[0].splitlines() if ln.strip()] if texts else []
        date = byline_date(first_lines, "first page") or issue_year(first_lines)
        if date is None:
            created = parse_date(info.get("creationDate", ""))
            date = StatedDate(created, "PDF metadata creationDate") if created else None
        title = _title(info, doc[0])
        return Metadata(body="\n".join(texts), title=title,
                        authors=_authors(info, first_lines, title), date=date)
