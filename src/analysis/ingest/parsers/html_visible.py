"""The visible text of an HTML page, word by word with its source line and block."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from analysis.core.errors import AnalysisError

# Elements whose text a reader never sees.
INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "meta", "link",
             "svg", "math", "iframe", "object", "embed", "canvas", "select", "option",
             "datalist", "input", "textarea"}
# Elements that start a new block of text (everything else is inline).
BLOCK = {"address", "article", "aside", "blockquote", "body", "br", "dd", "details", "dialog",
         "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
         "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "menu", "nav", "ol", "p",
         "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
         "ul", "button", "caption"}


@dataclass
class Word:
    """A whitespace-delimited word of the visible text."""

    text: str
    line: int  # 0-based line of the HTML source
    block: int  # index of the visible block it belongs to

    @property
    def key(self) -> str:
        """Case-folded letters and digits, the form words are compared in."""
        return "".join(ch for ch in self.text.casefold() if ch.isalnum())


class _Collector:
    def __init__(self) -> None:
        self.words: list[Word] = []
        self.block = 0
        self.pending: list[tuple[str, int]] = []  # inline text pieces of the current block

    def text(self, piece: str | None, line: int) -> None:
        if piece:
            self.pending.append((piece, line))

    def flush(self) -> None:
        """Close the current block: split its concatenated inline text into words."""
        if not self.pending:
            return
        current = ""
        current_line = self.pending[0][1]
        for piece, line in self.pending:
            for ch in piece:
                if ch.isspace():
                    if current:
                        self.words.append(Word(current, current_line, self.block))
                        current = ""
                else:
                    if not current:
                        current_line = line
                    current += ch
        if current:
            self.words.append(Word(current, current_line, self.block))
        self.pending = []
        self.block += 1

    def walk(self, element: etree._Element, line: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        here = element.sourceline - 1 if element.sourceline else line
        visible = tag and tag.lower() not in INVISIBLE and element.get("hidden") is None
        if visible:
            is_block = tag.lower() in BLOCK
            if is_block:
                self.flush()
            self.text(element.text, here)
            for child in element:
                self.walk(child, here)
            if is_block:
                self.flush()
        self.text(element.tail, here)


def visible_words(raw: str, where: str) -> list[Word]:
    """Every word a reader of the page sees, in document order."""
    try:
        root = lxml_html.document_fromstring(
            raw.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise AnalysisError(f"{where}: not a readable HTML page ({exc})") from None
    collector = _Collector()
    collector.walk(root, 0)
    collector.flush()
    return collector.words
