"""Character accounting: every letter and digit of a raw file ends up somewhere on record."""

from __future__ import annotations

from collections import Counter

from analysis.ingest.document import Document


def alnum(text: str) -> Counter[str]:
    """Case-folded letters and digits of a text, counted."""
    return Counter(ch for ch in text.casefold() if ch.isalnum())


def unaccounted(raw: str, doc: Document) -> Counter[str]:
    """Characters of ``raw`` that no kept, noted, set-aside or logged part accounts for.

    Returns the difference in both directions (raw minus output, and output minus raw);
    both are empty when the parse lost nothing and invented nothing.
    """
    out: Counter[str] = Counter()
    for para in doc.paragraphs:
        out += alnum(para.text)
        for marker in para.markers:
            out += alnum(marker.raw)
    for note in doc.notes:
        out += alnum(note.text) + alnum(str(note.number) if note.number is not None else "")
    for part in doc.set_aside:
        out += alnum(part.text)
    for repair in doc.repairs:
        if repair.kind == "glued_marker":
            continue  # the marker digits are already counted with the marker
        out += alnum(repair.before)
        out -= alnum(repair.after)
    expected = alnum(raw)
    return (expected - out) + (out - expected)
