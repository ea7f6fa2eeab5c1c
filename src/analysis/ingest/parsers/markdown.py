"""Parser for Markdown sources (clippings, static-site posts), with markdown-it-py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from analysis.ingest.corpus import Source
from analysis.ingest.document import Document
from analysis.ingest.parsers.common import Block
from analysis.ingest.parsers.furniture import CREDIT_LINE
from analysis.ingest.parsers.web import assemble

FENCES = {"---": "YAML", "+++": "TOML"}
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*(\S.*)$")
UNRESOLVED_FOOTNOTE = re.compile(r"\[\^(\d{1,3})\]")  # a footnote reference with no definition
NOTES_HEADING = re.compile(
    r"^(?:references|notes|endnotes|footnotes|sources|bibliography|works cited|literature)$",
    re.IGNORECASE)
CAPTION_WORDS = 30  # a plain line under an image, this short and with no full stop: its caption
ASIDE_BLOCKS = {"fence": "markdown: code block", "code_block": "markdown: code block",
                "html_block": "markdown: raw HTML block"}


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(footnote_plugin).enable("table")


def split_front_matter(raw: str) -> tuple[list[int], str]:
    """Line indices of a YAML (``---``) or TOML (``+++``) front matter, and the text without it.

    The front matter's lines are blanked, not removed, so line numbers stay those of the file.
    """
    lines = raw.split("\n")
    fence = lines[0].strip() if lines else ""
    if fence not in FENCES:
        return [], raw
    for end in range(1, len(lines)):
        if lines[end].strip() in (fence, "..." if fence == "---" else fence):
            span = list(range(end + 1))
            return span, "\n".join([""] * (end + 1) + lines[end + 1 :])
    return [], raw


@dataclass
class _Line:
    """One source line of an inline run: its plain text, images, and whether all emphasised."""

    index: int
    text: str = ""
    images: list[str] = field(default_factory=list)
    emphasis_only: bool = True
    link_only: bool = True


def _inline_lines(token: Token, footnote_numbers: dict[int, int]) -> list[_Line]:
    """Plain text of an inline token, line by line: links as their text, images apart."""
    first = token.map[0] if token.map else 0
    lines = [_Line(first)]
    depth = link = 0
    for child in token.children or []:
        line = lines[-1]
        if child.type in ("softbreak", "hardbreak"):
            lines.append(_Line(line.index + 1))
        elif child.type in ("link_open", "link_close"):
            link += 1 if child.type == "link_open" else -1
        elif child.type in ("em_open", "strong_open"):
            depth += 1
        elif child.type in ("em_close", "strong_close"):
            depth -= 1
        elif child.type == "image":
            line.images.append(child.content)
        elif child.type == "footnote_ref":
            line.text += f" [{footnote_numbers.get(child.meta['id'], child.meta['id'] + 1)}]"
        elif child.type in ("text", "code_inline"):
            line.text += UNRESOLVED_FOOTNOTE.sub(r" [\1]", child.content)
            if child.content.strip() and depth == 0:
                line.emphasis_only = False
            if link == 0 and re.search(r"\w", child.content):
                line.link_only = False
    return lines


def _caption_like(text: str) -> bool:
    """A line that can be the caption under an image: short, and not a finished sentence."""
    return len(text.split()) <= CAPTION_WORDS and not re.search(r"[.!?:;]\s*$", text)


def _footnote_numbers(tokens: list[Token]) -> dict[int, int]:
    """Footnote id → number shown (its label when numeric, else its order)."""
    out: dict[int, int] = {}
    for token in tokens:
        if token.type == "footnote_open":
            label = str(token.meta.get("label", ""))
            out[token.meta["id"]] = int(label) if label.isdigit() else token.meta["id"] + 1
    return out


class _Walker:
    """Turns the token stream into Blocks of plain text with kinds."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.numbers = _footnote_numbers(tokens)
        self.blocks: list[Block] = []
        self.covered: set[int] = set()
        self.after_image = False
        self.in_table = False

    def run(self) -> list[Block]:
        lists: list[tuple[bool, int]] = []  # (ordered, next number) per open list
        footnote: int | None = None
        heading_level = 0
        section = ""
        for token in self.tokens:
            if token.map:
                self.covered.update(range(token.map[0], token.map[1]))
            kind = token.type
            if kind in ("table_open", "table_close"):
                self.in_table = kind == "table_open"
            elif kind == "heading_open":
                heading_level = int(token.tag[1])
            elif kind == "heading_close":
                heading_level = 0
            elif kind in ("ordered_list_open", "bullet_list_open"):
                lists.append((kind == "ordered_list_open", int(token.attrGet("start") or 1)))
            elif kind in ("ordered_list_close", "bullet_list_close") and lists:
                lists.pop()
            elif kind == "footnote_open":
                footnote = self.numbers[token.meta["id"]]
            elif kind == "footnote_close":
                footnote = None
            elif kind in ASIDE_BLOCKS and token.map:
                self._aside(token, ASIDE_BLOCKS[kind])
            elif kind == "inline" and token.map:
                if heading_level:
                    section = " ".join(line.text for line in _inline_lines(token, self.numbers))
                self._inline(token, heading_level, footnote, lists, section)
            if kind == "list_item_close" and lists:
                ordered, number = lists[-1]
                lists[-1] = (ordered, number + 1)
        return self.blocks

    def _aside(self, token: Token, detail: str) -> None:
        start, end = token.map or (0, 0)
        lines = list(range(start, end))
        texts = token.content.rstrip("\n").split("\n")
        self.blocks.append(Block(lines[: len(texts)], texts, "aside", detail))

    def _inline(self, token: Token, heading_level: int, footnote: int | None,
                lists: list[tuple[bool, int]], section: str) -> None:
        if token.map is None:
            return
        lines = _inline_lines(token, self.numbers)
        texts: list[_Line] = []
        credit = False  # the line just set aside under an image was its credit ("© Agency")
        for line in lines:
            for alt in line.images:
                self.blocks.append(Block([line.index], [alt or "(image)"], "aside",
                                         "rule: image markup"))
            if line.images and not line.text.strip():
                self.after_image = True
                continue
            if self.after_image and line.text.strip() and (
                    line.emphasis_only or _caption_like(line.text)):
                self.blocks.append(Block([line.index], [line.text], "aside",
                                         "rule: caption after an image"))
                credit = bool(CREDIT_LINE.match(line.text)) and not credit
                self.after_image = credit  # a caption may follow its credit, in the same paragraph
                continue
            self.after_image = False
            if line.link_only and line.text.strip() and not heading_level:
                self.blocks.append(Block([line.index], [line.text], "aside",
                                         "rule: link-only line"))
                continue
            if line.text.strip():
                texts.append(line)
        if not texts:
            return
        block = Block([t.index for t in texts], [t.text for t in texts])
        if self.in_table:
            block.kind, block.detail = "aside", "markdown: table (not analysed)"
        elif footnote is not None:
            block.kind, block.number = "note", footnote
        elif heading_level:
            block.kind = "heading"
        elif lists and lists[-1][0] and NOTES_HEADING.match(section.strip()):
            block.kind, block.number = "note", lists[-1][1]
        elif all(t.emphasis_only for t in texts) and len(texts) == 1:
            block.kind = ""  # a bold or italic line alone: maybe a heading, decided later
        else:
            block.kind = "body"
        self.blocks.append(block)


def _leftover_blocks(lines: list[str], covered: set[int], front: list[int]) -> list[Block]:
    """Lines no token accounts for: link reference definitions (notes) and anything else."""
    out: list[Block] = []
    for index, text in enumerate(lines):
        if index in covered or index in front or not text.strip():
            continue
        m = REFERENCE_DEFINITION.match(text)
        if m:
            label = m.group(1).strip()
            number = int(label) if label.isdigit() else None
            out.append(Block([index], [text.strip()], "note", number=number))
        else:
            out.append(Block([index], [text], "aside", "markdown: line outside any block"))
    return out


def parse_markdown(raw: str, source: Source,
                   repeated: frozenset[str] = frozenset()) -> Document:
    """Headings, body paragraphs (quotes and lists included), notes and furniture."""
    raw = raw.replace("\r\n", "\n").replace("\r", " ")  # lines are counted by "\n" only
    front, text = split_front_matter(raw)
    raw_lines = raw.split("\n")
    blocks: list[Block] = []
    if front:
        kind = FENCES[raw_lines[0].strip()]
        blocks.append(Block(front, [raw_lines[i] for i in front], "aside",
                            f"rule: front matter ({kind} metadata)"))
    walker = _Walker(_parser().parse(text))
    blocks.extend(walker.run())
    blocks.extend(_leftover_blocks(raw_lines, walker.covered, front))
    blocks.sort(key=lambda b: b.lines[0])
    return assemble(Document(source.doc_id), blocks, source, repeated)
