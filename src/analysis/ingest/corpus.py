"""Load and validate the manifest; read raw files strictly (UTF-8, checksummed)."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analysis.core.errors import AnalysisError

REQUIRED_COLUMNS = ("doc_id", "file", "title", "authors", "outlet", "published",
                    "date_precision", "date_basis", "url", "format", "language", "sha256")
KNOWN_FORMATS = ("html", "pdf", "markdown", "web_article", "journal_pdf_text")
BINARY_FORMATS = ("pdf",)  # read as bytes, not decoded
PRECISION_FORMATS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


@dataclass(frozen=True)
class Source:
    """One validated manifest row."""

    doc_id: str
    file: str
    title: str
    authors: tuple[str, ...]
    outlet: str
    published: str
    date_precision: str
    date_basis: str
    url: str
    format: str
    language: str
    sha256: str
    path: Path

    def published_start(self) -> dt.date:
        """First day of the publication period."""
        parts = [int(p) for p in self.published.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def published_end(self) -> dt.date:
        """Last day of the publication period."""
        parts = [int(p) for p in self.published.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return dt.date(parts[0], 12, 31)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise AnalysisError(f"{where}: file is empty")
    if b"\x00" in data:
        raise AnalysisError(f"{where}: binary file (NUL bytes), expected UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnalysisError(f"{where}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                            f"{exc.start}); re-save it as UTF-8") from None


class _RowChecker:
    def __init__(self, manifest: Path, number: int, row: dict[str, str]) -> None:
        self.row = row
        self.where = f"{manifest}: row {number} (doc_id {row.get('doc_id', '?') or '?'})"

    def fail(self, column: str, problem: str) -> None:
        raise AnalysisError(f"{self.where}, column {column}: {problem}")

    def value(self, column: str, *, required: bool = True) -> str:
        value = self.row.get(column) or ""
        if value != value.strip():
            self.fail(column, f"leading or trailing spaces in {value!r}")
        if required and not value:
            self.fail(column, "is empty")
        return value


def _check_row(manifest: Path, number: int, row: dict[str, str], verify: bool) -> Source:
    c = _RowChecker(manifest, number, row)
    doc_id = c.value("doc_id")
    if not re.fullmatch(r"[A-Za-z0-9_]+", doc_id):
        c.fail("doc_id", f"'{doc_id}' may hold only letters, digits and underscores")
    file = c.value("file")
    pure = PurePosixPath(file)
    if pure.is_absolute() or ".." in pure.parts or "\\" in file:
        c.fail("file", f"'{file}' must be a relative path inside {manifest.parent}")
    path = manifest.parent / file
    if not path.is_file():
        c.fail("file", f"{path} does not exist")
    precision = c.value("date_precision")
    if precision not in PRECISION_FORMATS:
        c.fail("date_precision", f"'{precision}' is not one of day, month, year")
    published = c.value("published")
    if not re.fullmatch(PRECISION_FORMATS[precision], published):
        c.fail("published", f"'{published}' does not match precision '{precision}'")
    try:
        parts = [int(p) for p in published.split("-")]
        dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        c.fail("published", f"'{published}' is not a real date")
    basis = c.value("date_basis")
    if not re.fullmatch(r"(stated|estimated):\s*\S.*", basis, flags=re.S):
        c.fail("date_basis", "must start with 'stated:' or 'estimated:' followed by the evidence")
    fmt = c.value("format")
    if fmt not in KNOWN_FORMATS:
        c.fail("format", f"unknown format '{fmt}' (known: {', '.join(KNOWN_FORMATS)})")
    language = c.value("language")
    if not re.fullmatch(r"[a-z]{2}", language):
        c.fail("language", f"'{language}' is not an ISO 639-1 code")
    url = c.value("url", required=False)
    if url and not re.match(r"https?://", url):
        c.fail("url", f"'{url}' must be empty or start with http:// or https://")
    digest = c.value("sha256")
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        c.fail("sha256", "must be 64 lower-case hex digits")
    if verify:
        actual = sha256_of(path)
        if actual != digest:
            c.fail("sha256", f"checksum mismatch for {path}: manifest {digest[:12]}…, "
                             f"file {actual[:12]}…")
    authors = tuple(a.strip() for a in c.value("authors").split(";") if a.strip())
    return Source(doc_id, file, c.value("title"), authors, c.value("outlet"), published,
                  precision, basis, url, fmt, language, digest, path)


def load_manifest(path: Path | str, *, verify_checksums: bool = True) -> list[Source]:
    """Load and validate the manifest; files are resolved relative to its folder."""
    manifest = Path(path)
    try:
        data = manifest.read_bytes()
    except FileNotFoundError:
        raise AnalysisError(f"{manifest}: manifest not found") from None
    except IsADirectoryError:
        raise AnalysisError(f"{manifest}: is a directory, expected the manifest CSV") from None
    text = _decode(data, str(manifest))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise AnalysisError(f"{manifest}: missing column(s) {', '.join(missing)}")
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise AnalysisError(f"{manifest}: not a well-formed CSV ({exc})") from None
    if not rows:
        raise AnalysisError(f"{manifest}: no sources listed (only a header)")
    sources: list[Source] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if None in row or any(v is None for v in row.values()):
            raise AnalysisError(f"{manifest}: row {number}: wrong number of fields")
        source = _check_row(manifest, number, row, verify_checksums)
        for seen, key, column in ((seen_ids, source.doc_id, "doc_id"),
                                  (seen_files, source.file, "file")):
            if key in seen:
                raise AnalysisError(f"{manifest}: row {number} (doc_id {source.doc_id}), column "
                                    f"{column}: '{key}' repeats row {seen[key]}")
            seen[key] = number
        sources.append(source)
    return sorted(sources, key=lambda s: s.doc_id)


def read_source_text(source: Source) -> str | bytes:
    """The raw text, strictly UTF-8, after checking it still matches its checksum.

    A binary format (``BINARY_FORMATS``: PDF) is returned as its bytes, undecoded.
    """
    where = f"{source.path} (doc_id {source.doc_id})"
    try:
        data = source.path.read_bytes()
    except FileNotFoundError:
        raise AnalysisError(f"{where}: file not found") from None
    if source.format in BINARY_FORMATS:
        if not data:
            raise AnalysisError(f"{where}: file is empty")
        text: str | bytes = data
    else:
        text = _decode(data, where)
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise AnalysisError(f"{where}: checksum mismatch with the manifest")
    return text
