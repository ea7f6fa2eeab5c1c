"""What a source says about itself: title, authors, outlet, URL, date with its evidence."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.ingest.metadata.dates import Date


@dataclass(frozen=True)
class StatedDate:
    """A publication date and where the source states it (becomes ``stated: <evidence>``)."""

    date: Date
    evidence: str


@dataclass(frozen=True)
class Metadata:
    """The metadata found in one file, and its body text (for the language check)."""

    body: str
    title: str = ""
    authors: tuple[str, ...] = ()
    outlet: str = ""
    url: str = ""
    date: StatedDate | None = None
