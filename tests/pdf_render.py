"""Render a parsed seed into a realistic PDF with reportlab, and score a parse against it.

The PDF has what typeset articles have: a title and byline, running heads that alternate
between odd and even pages, page numbers, footnotes at the foot of the page where their
marker stands (in a smaller size, under a short rule), one or two columns, and optionally
ligature glyphs, hyphenation (pyphen) and a journal header line above the title.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
import pymupdf
from conftest import CHROMIUM_FLAGS, chromium_path
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

from analysis.ingest.corpus import Source
from analysis.ingest.document import Document
from analysis.ingest.document import Paragraph as DocParagraph

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
LIGATURES = (("ffi", "\ufb03"), ("ffl", "\ufb04"), ("ff", "\ufb00"), ("fi", "\ufb01"),
             ("fl", "\ufb02"))
MARGIN, GUTTER, TITLE_BLOCK = 60.0, 18.0, 150.0


def _register_fonts() -> None:
    if "Serif" in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in (("Serif", "DejaVuSerif.ttf"), ("Serif-Bold", "DejaVuSerif-Bold.ttf"),
                       ("Serif-Italic", "DejaVuSerif-Italic.ttf"),
                       ("Serif-BoldItalic", "DejaVuSerif-BoldItalic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-Bold",
                                  italic="Serif-Italic", boldItalic="Serif-BoldItalic")


@dataclass
class Layout:
    """How the article is typeset."""

    columns: int = 1
    ligatures: bool = False
    hyphenate: bool = False
    first_page_number: int = 1
    journal_header: str = ""
    superscript_note_numbers: bool = True
    extra_paragraphs: list[str] = field(default_factory=list)  # printed after the first one
    leading: float = 13.0  # body line pitch in points (type is 10 pt: 13 single, 15 and 20 wider)


@dataclass
class Rendered:
    """The PDF bytes and every piece of furniture printed, for leak checks."""

    data: bytes
    running_heads: list[str]
    page_numbers: list[str]
    notes: dict[int, str]
    pages: int


def _typeset(text: str, layout: Layout) -> str:
    text = escape(text)
    if layout.ligatures:
        for letters, glyph in LIGATURES:
            text = text.replace(letters, glyph)
    return text


def _with_markers(text: str, markers: list[tuple[int, int]], layout: Layout) -> str:
    """The paragraph as reportlab markup, each marker a superscript that reports its page."""
    out, last = "", 0
    for offset, number in sorted(markers):
        out += _typeset(text[last:offset], layout)
        out += f'<super>{number}</super><onDraw name="note" label="{number}"/>'
        last = offset
    return out + _typeset(text[last:], layout)


def _styles(layout: Layout) -> dict[str, ParagraphStyle]:
    hyphen = {"hyphenationLang": "en_GB", "embeddedHyphenation": 1,
              "uriWasteReduce": 0.3} if layout.hyphenate else {}
    body = ParagraphStyle("body", fontName="Serif", fontSize=10, leading=layout.leading, alignment=4,
                          firstLineIndent=14 if layout.columns == 1 else 0,
                          spaceBefore=0 if layout.columns == 1 else 6, **hyphen)
    return {
        "title": ParagraphStyle("title", fontName="Serif-Bold", fontSize=16, leading=20,
                                spaceAfter=8),
        "byline": ParagraphStyle("byline", fontName="Serif-Italic", fontSize=11, leading=14,
                                 spaceAfter=14),
        "heading": ParagraphStyle("heading", fontName="Serif-Bold", fontSize=11, leading=14,
                                  spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "body": body,
        "note": ParagraphStyle("note", fontName="Serif", fontSize=8, leading=9.6),
        "header": ParagraphStyle("header", fontName="Serif-Italic", fontSize=8, leading=10),
    }


class _Article(BaseDocTemplate):
    def __init__(self, out: io.BytesIO, reserve: dict[int, float], layout: Layout) -> None:
        super().__init__(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN, bottomMargin=MARGIN, invariant=1)
        self.reserve, self.layout = reserve, layout
        self.placed: dict[int, list[int]] = defaultdict(list)
        self.addPageTemplates([PageTemplate("page", frames=self._frames(1),
                                            onPage=self._on_page)])

    def _frames(self, page: int) -> list[Frame]:
        bottom = MARGIN + self.reserve.get(page, 0.0)
        top = A4[1] - MARGIN
        frames = []
        if page == 1:
            frames.append(Frame(MARGIN, top - TITLE_BLOCK, self.width, TITLE_BLOCK, id="t"))
            top -= TITLE_BLOCK
        width = (self.width - GUTTER * (self.layout.columns - 1)) / self.layout.columns
        for k in range(self.layout.columns):
            frames.append(Frame(MARGIN + k * (width + GUTTER), bottom, width, top - bottom,
                                id=f"c{k}"))
        return frames

    def _on_page(self, canvas, doc) -> None:
        self.pageTemplate.frames = self._frames(doc.page)
        canvas.setNamedCB("note", lambda c, kind, label: self.placed[doc.page].append(int(label)))


def _note_paragraph(number: int, text: str, styles: dict, layout: Layout) -> Paragraph:
    label = f"<super>{number}</super>" if layout.superscript_note_numbers else f"{number} "
    return Paragraph(label + _typeset(text, layout), styles["note"])


def _authors(source: Source) -> str:
    """The byline: the authors, or the outlet when the piece is unsigned."""
    return ", ".join(a for a in source.authors if a != "unsigned") or source.outlet


def render_pdf(doc: Document, source: Source, layout: Layout) -> Rendered:
    """Typeset the document's title, byline, headings, abstract, body and footnotes."""
    _register_fonts()
    styles = _styles(layout)
    notes = {n.number: n.text for n in doc.notes if n.number is not None}
    short_title = source.title.split("?")[0].split(":")[0][:70].strip()
    authors = _authors(source)
    heads: list[str] = []
    numbers: list[str] = []

    def story() -> list:
        items: list = []
        if layout.journal_header:
            items.append(Paragraph(_typeset(layout.journal_header, layout), styles["header"]))
        items.append(Paragraph(_typeset(source.title, layout), styles["title"]))
        items.append(Paragraph(_typeset(authors, layout), styles["byline"]))
        items.append(FrameBreak())
        for k, para in enumerate(doc.paragraphs):
            style = styles["heading" if para.role == "heading" else "body"]
            markers = [(m.offset, m.number) for m in para.markers]
            items.append(Paragraph(_with_markers(para.text, markers, layout), style))
            if k == 0:
                items.extend(Paragraph(_typeset(t, layout), styles["body"])
                             for t in layout.extra_paragraphs)
        return items

    def page_end(canvas, article: _Article) -> None:
        page = article.page
        number = str(layout.first_page_number + page - 1)
        numbers.append(number)
        canvas.setFont("Serif", 9)
        canvas.drawCentredString(A4[0] / 2, MARGIN - 30, number)
        if page > 1:
            head = authors if page % 2 == 0 else short_title
            heads.append(head)
            canvas.setFont("Serif-Italic", 8.5)
            x = MARGIN if page % 2 == 0 else A4[0] - MARGIN - canvas.stringWidth(head)
            canvas.drawString(x, A4[1] - MARGIN + 18, head)
        y = MARGIN
        shown = [n for n in dict.fromkeys(article.placed[page]) if n in notes]
        paragraphs = [_note_paragraph(n, notes[n], styles, layout) for n in shown]
        for paragraph in reversed(paragraphs):
            _, height = paragraph.wrap(article.width, A4[1])
            paragraph.drawOn(canvas, MARGIN, y)
            y += height + 2
        if paragraphs:
            canvas.line(MARGIN, y + 2, MARGIN + 100, y + 2)

    reserve: dict[int, float] = {}
    for _ in range(12):
        heads.clear()
        numbers.clear()
        out = io.BytesIO()
        article = _Article(out, reserve, layout)
        article.pageTemplates[0].onPageEnd = lambda c, d: page_end(c, d)
        article.build(story())
        needed = {}
        for page, placed in article.placed.items():
            shown = [n for n in dict.fromkeys(placed) if n in notes]
            heights = [_note_paragraph(n, notes[n], styles, layout).wrap(article.width, A4[1])[1]
                       for n in shown]
            needed[page] = sum(h + 2 for h in heights) + 8 if heights else 0.0
        if all(needed[p] <= reserve.get(p, 0.0) + 0.01 for p in needed):
            break
        reserve = {p: max(reserve.get(p, 0.0), needed.get(p, 0.0))
                   for p in set(reserve) | set(needed)}
    else:
        raise RuntimeError("footnote layout did not settle")
    shown_notes = {n: notes[n] for placed in article.placed.values() for n in placed
                   if n in notes}
    return Rendered(out.getvalue(), heads, numbers, shown_notes, article.page)


CHROMIUM_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>@page {{ size: A4; margin: 2cm }}
body {{ font-family: "DejaVu Serif"; font-size: 10pt; line-height: 1.3 }}
main {{ columns: {columns}; column-gap: 1cm; text-align: justify; hyphens: auto }}
p {{ margin: 0 0 .5em }} h1 {{ font-size: 16pt }} h2 {{ font-size: 11pt; break-after: avoid }}
.notes {{ font-size: 8pt }}</style></head><body>
<h1>{title}</h1><p><i>{authors}</i></p><main>{body}</main>
<section class="notes"><h2>Notes</h2><ol>{notes}</ol></section></body></html>"""


def print_with_chromium(doc: Document, source: Source, columns: int, folder: Path) -> Rendered:
    """The article as a web page printed by headless Chromium: its own header (date, title)
    and footer (address, page k/n), CSS columns, and the notes as endnotes."""

    def marked(para: DocParagraph) -> str:
        out, last = "", 0
        for m in sorted(para.markers, key=lambda m: m.offset):
            out += html.escape(para.text[last:m.offset]) + f"<sup>{m.number}</sup>"
            last = m.offset
        return out + html.escape(para.text[last:])

    body = "".join(f"<h2>{html.escape(p.text)}</h2>" if p.role == "heading" else
                   f"<p>{marked(p)}</p>" for p in doc.paragraphs)
    notes = {n.number: n.text for n in doc.notes if n.number is not None}
    items = "".join(f'<li value="{k}">{html.escape(v)}</li>' for k, v in notes.items())
    page = folder / f"{source.doc_id}.html"
    page.write_text(CHROMIUM_PAGE.format(
        title=html.escape(source.title), columns=columns, body=body, notes=items,
        authors=html.escape(_authors(source))), encoding="utf-8")
    out = folder / f"{source.doc_id}.pdf"
    subprocess.run([chromium_path(), "--headless", *CHROMIUM_FLAGS,
                    f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={out}",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    data = out.read_bytes()
    pages = pymupdf.open(stream=data).page_count
    return Rendered(data, [source.title, page.as_uri()] * pages,
                    [f"{k}/{pages}" for k in range(1, pages + 1)], notes, pages)


def trigrams(text: str) -> Counter[tuple[str, str, str]]:
    """Word trigrams (case-folded words), counted."""
    words = re.findall(r"\w+", text.casefold())
    return Counter(zip(words, words[1:], words[2:], strict=False))


def overlap(reference: str, recovered: str) -> tuple[float, float]:
    """(coverage, precision) of the recovered text's word trigrams against the reference."""
    ref, rec = trigrams(reference), trigrams(recovered)
    common = sum((ref & rec).values())
    return common / max(1, sum(ref.values())), common / max(1, sum(rec.values()))


def furniture_sentences(sentences: list[str], reference: str, rendered: Rendered) -> list[str]:
    """Sentences holding a trigram that is not in the reference body but is in the furniture
    or the notes, or that holds a printed page number where the reference has none."""
    ref = trigrams(reference)
    furniture = Counter()
    for text in [*rendered.running_heads, *rendered.notes.values()]:
        furniture += trigrams(text)
    numbers = {n for text in rendered.page_numbers for n in re.findall(r"\d+", text)}
    out = []
    for sentence in sentences:
        novel = set(trigrams(sentence)) - set(ref)
        if any(t in furniture or numbers & set(t) for t in novel):
            out.append(sentence)
    return out
