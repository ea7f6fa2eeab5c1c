"""The one structure every parser returns, whatever the source format."""

from __future__ import annotations

from dataclasses import dataclass, field

# Reasons a piece of raw text is set aside instead of analysed.
SET_ASIDE_REASONS = (
    "title",
    "byline",
    "boilerplate",
    "running_head",
    "page_number",
    "slug",
    "other_language",
    "note",
)

# Stands in for a removed note marker while the text is being repaired.
MARKER_SENTINEL = "\ue000"


@dataclass
class Repair:
    """One change made to the raw text, kept so a reviewer can judge the cleaning."""

    kind: str
    before: str
    after: str
    context: str = ""


@dataclass
class Marker:
    """A note marker removed from a body paragraph, at ``offset`` in the clean text."""

    number: int
    raw: str
    offset: int = -1


@dataclass
class Paragraph:
    """A body paragraph, an abstract or a section heading."""

    role: str  # "body" | "abstract" | "heading"
    text: str
    section: str
    lines: list[int]
    markers: list[Marker] = field(default_factory=list)
    language: str = ""


@dataclass
class Note:
    """A footnote, a reference-list entry, or a footnote fragment with no number."""

    number: int | None
    text: str
    kind: str  # "footnote" | "reference" | "fragment"
    lines: list[int]


@dataclass
class SetAside:
    """A piece of raw text kept out of the analysis, with the reason."""

    reason: str
    detail: str
    text: str
    lines: list[int]


@dataclass
class Document:
    """A parsed source: paragraphs in reading order, notes, set-aside parts and repairs."""

    doc_id: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def consumed_lines(self) -> list[int]:
        """Every raw line index some part of the document was built from (with repeats)."""
        parts: list[Paragraph | Note | SetAside] = [*self.paragraphs, *self.notes, *self.set_aside]
        return [i for part in parts for i in part.lines]
