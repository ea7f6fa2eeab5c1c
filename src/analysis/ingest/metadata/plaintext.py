"""Metadata of a plain text: a leading ``Title:``/``Date:``/``Author:`` block, or a byline.

Also used on the first lines of Markdown without front matter, of an HTML page and of a PDF's
first page: a *dated byline* is a short line that is a date alone, a date after a cue word
("Published", "Posted", "Date"), or a "By …" line ending in a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.ingest.metadata import Metadata, StatedDate
from analysis.ingest.metadata.dates import find_dates, parse_date

# Header keys (case-insensitive) and the field each one fills.
HEADER_KEYS = {
    "title": "title", "headline": "title",
    "author": "authors", "authors": "authors", "by": "authors", "byline": "authors",
    "date": "date", "published": "date", "publication date": "date", "date published": "date",
    "pubdate": "date",
    "url": "url", "source url": "url", "link": "url", "source": "source",
    "outlet": "outlet", "site": "outlet", "publication": "outlet", "publisher": "outlet",
    "site name": "outlet", "website": "outlet",
}
# Labels of furniture lines that are not titles ("Photo: …"), besides the header keys.
LABELS = {*HEADER_KEYS, "photo", "foto", "image", "picture", "credit", "credits", "caption",
          "illustration", "tags", "category", "categories", "read more", "see also", "share"}
_KEY_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z ]{0,20}?)\s*:\s+(?P<value>\S.*)")
_CUE = re.compile(r"^(?:first\s+)?(?:published|posted|dated?|released|issued)(?:\s+on)?"
                  r"\s*[:\-–—]?\s*$", re.I)
_NOT_PUBLICATION = re.compile(r"\b(?:updated|modified|revised|accessed|retrieved|downloaded|"
                              r"printed|clipped|saved)\b", re.I)
_BY = re.compile(r"^\s*(?:written\s+)?by\s+(?P<names>.+)$", re.I)
_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'.-]*(?:\s+(?:de|van|von|der|da|di|la|le|bin|al-)?\s*"
                   r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'.-]*){1,3}")
_TIME = re.compile(r"^\s*,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
                   r"(?:\s*[A-Z]{2,5}\b)?", re.I)
SEPARATORS = ("|", "·", "•")
SHORT_LINE = 120
BYLINE_WINDOW = 15  # a dated byline is looked for among the first lines only


# A web address in an author field: the site, not a person ("Deutsche Welle (www.dw.com)").
WEB_ADDRESS = re.compile(r"www\.|https?://|\.(?:com|org|net|de|fr|ru|by|pl|ua|co\.uk)\b",
                         re.IGNORECASE)


def split_authors(value: str) -> tuple[str, ...]:
    """Names from ``A; B``, ``A, B and C`` or ``A & B``; empty when any part is not a name."""
    parts = re.split(r"\s*(?:;|,|&|\band\b)\s*", value.strip().rstrip("."))
    names = tuple(p.strip() for p in parts if p.strip())
    if not names or not all(_NAME.fullmatch(n) for n in names):
        return ()
    return names


def header_block(lines: Sequence[str]) -> tuple[dict[str, tuple[str, str]], int]:
    """The leading ``Key: value`` lines: field → (key as written, value); and how many lines
    the block takes (0 when the text does not start with one)."""
    fields: dict[str, tuple[str, str]] = {}
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    start = index
    while index < len(lines) and lines[index].strip():
        m = _KEY_LINE.fullmatch(lines[index].strip())
        field = HEADER_KEYS.get(m.group("key").strip().lower()) if m else None
        if m is None or field is None:
            return ({}, 0) if index == start else (fields, index)
        fields.setdefault(field, (m.group("key").strip(), m.group("value").strip()))
        index += 1
    return fields, index


def byline_date(lines: Sequence[str], where: str = "byline") -> StatedDate | None:
    """The first dated byline among the first lines, with the line quoted as evidence."""
    for line in [ln.strip() for ln in lines if ln.strip()][:BYLINE_WINDOW]:
        if len(line) > SHORT_LINE or _NOT_PUBLICATION.search(line):
            continue
        found = find_dates(line)
        if len(found) != 1:
            continue
        hit = found[0]
        before = line[:hit.start].strip(" |·•,;–—-")
        after = _TIME.sub("", line[hit.start + len(hit.surface):]).strip()
        if after[:1] in SEPARATORS:  # "19 May 2021 | categories: …": the rest is other data
            after = ""
        after = after.strip(" ,.;–—-")
        if after and not _BY.match(after):
            continue
        by = _BY.match(before)
        if not before or _CUE.match(before) or split_authors(by["names"] if by else before):
            return StatedDate(hit.date, f"{where} '{line}'")
    return None


def byline_authors(lines: Sequence[str]) -> tuple[str, ...]:
    """Names of a ``By …`` line among the first lines (a trailing date is dropped)."""
    for line in [ln.strip() for ln in lines if ln.strip()][:BYLINE_WINDOW]:
        m = _BY.match(line)
        if not m or len(line) > SHORT_LINE:
            continue
        names = m["names"]
        for hit in find_dates(names):
            names = names[:hit.start]
        names = re.split(r"\s*[|·•–—]\s*", names)[0].strip(" ,;")
        found = split_authors(names)
        if found:
            return found
    return ()


def _furniture_like(lines: list[str]) -> bool:
    """Lines no title is made of: site furniture, menu items, a name in capitals.

    A page copied with select-all starts with menus and log-in prompts; better no title
    (the user is asked for one) than one of those.
    """
    from analysis.ingest.parsers.furniture import line_rule  # the parsers' generic rules

    tiny = [ln for ln in lines if len(ln.split()) <= 2]
    text = " ".join(lines)
    return (any(line_rule(ln) for ln in lines) or (len(lines) >= 2 and len(tiny) >= 2)
            or len(set(lines)) < len(lines) or (text.isupper() and len(text.split()) <= 4))


def guess_title(blocks: Sequence[str]) -> str:
    """The longest heading-like block (≤ 30 words, ≤ 3 lines, no closing full stop, not a
    ``Label: value``, ``By …`` or date line) among the first three blocks."""
    candidates = []
    for block in blocks[:3]:
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        text = " ".join(" ".join(lines).split())  # no-break spaces become spaces
        key = _KEY_LINE.fullmatch(text)
        if (not lines or len(lines) > 3 or len(text.split()) > 30 or text[-1] in ".!;:,"
                or (key and key["key"].strip().lower() in LABELS) or _BY.match(text)
                or parse_date(text) or _furniture_like(lines)):
            continue
        candidates.append(text)
    return max(candidates, key=lambda t: len(t.split()), default="")


def blocks_of(text: str) -> list[str]:
    """Blocks of lines separated by blank lines."""
    return [b for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]


def read_plain_text(text: str) -> Metadata:
    """Metadata of a plain text (web article or PDF-extracted text)."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    fields, used = header_block(lines)
    body = "\n".join(lines[used:])
    head = lines[used:used + 40]
    title = fields["title"][1] if "title" in fields else guess_title(blocks_of(body))
    authors = split_authors(fields["authors"][1]) if "authors" in fields else ()
    date = None
    if "date" in fields:
        key, value = fields["date"]
        parsed = parse_date(value)
        date = StatedDate(parsed, f"'{key}:' line of the header") if parsed else None
    url = fields.get("url", ("", ""))[1]
    source = fields.get("source", ("", ""))[1]
    if not url and re.match(r"https?://", source):
        url = source
    outlet = fields.get("outlet", ("", ""))[1] or ("" if url == source else source)
    return Metadata(body=body, title=title, authors=authors or byline_authors(head),
                    outlet=outlet, url=url if re.match(r"https?://\S+$", url) else "",
                    date=date or byline_date(head))
