"""`analysis add`: plan the manifest rows of new sources (nothing is written here).

Every file is checked and its row made before anything is written (see ``add_write``): a
file already in the manifest or in ``data/raw`` with other content, an unknown format, a body
in another language, or a missing title, author, outlet or date stops the whole batch with one
line naming the file, the manifest column and the flag that sets it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import KNOWN_FORMATS, REQUIRED_COLUMNS, load_manifest
from analysis.ingest.language import document_language
from analysis.ingest.metadata import Metadata, StatedDate
from analysis.ingest.metadata.dates import check_given
from analysis.ingest.metadata.frontmatter import read_markdown
from analysis.ingest.metadata.plaintext import read_plain_text
from analysis.ingest.sniff import sniff

ENGLISH = "en"
GIVEN_BY_USER = "given by user"
EXAMPLES = {"title": "--title 'Title of the piece'",
            "authors": "--authors 'First Last; Other Name' (or --authors unsigned)",
            "outlet": "--outlet 'Name of the site or journal'",
            "published": "--published 2021-05"}
WHAT = {"title": "no title", "authors": "no author", "outlet": "no outlet",
        "published": "no publication date"}


@dataclass(frozen=True)
class Given:
    """What the user set on the command line; None means: read it from the file."""

    url: str | None = None
    format: str | None = None
    doc_id: str | None = None
    title: str | None = None
    authors: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Planned:
    """One source to add: its file, where it goes, and its manifest row."""

    source: Path
    target: Path
    copy: bool  # False when the identical file already sits in data/raw
    row: dict[str, str]


@dataclass(frozen=True)
class Existing:
    """What the manifest already holds."""

    text: str
    newline: str
    columns: tuple[str, ...]
    doc_ids: tuple[str, ...]
    by_sha: dict[str, str]
    by_file: dict[str, str]


def read_existing(manifest: Path) -> Existing:
    """The current manifest, validated as ``analysis parse`` does (a header alone is an empty
    corpus; a missing manifest is a new one)."""
    header = ",".join(REQUIRED_COLUMNS) + "\n"
    if not manifest.exists():
        return Existing(header, "\n", REQUIRED_COLUMNS, (), {}, {})
    data = manifest.read_bytes()
    first = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    if not first.strip():
        return Existing(header, "\n", REQUIRED_COLUMNS, (), {}, {})
    lines = [ln for ln in first.splitlines() if ln.strip()]
    columns = tuple(next(csv.reader(lines)))
    if len(lines) == 1 and set(REQUIRED_COLUMNS) <= set(columns):
        return Existing(lines[0] + "\n", "\n", columns, (), {}, {})
    sources = load_manifest(manifest)  # validates; so the text is UTF-8
    text = data.decode("utf-8")
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    return Existing(text, newline, columns, tuple(s.doc_id for s in sources),
                    {s.sha256: s.doc_id for s in sources}, {s.file: s.doc_id for s in sources})


def files_to_add(path: Path) -> list[Path]:
    """The file, or every visible regular file directly in the directory, sorted by name."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise AnalysisError(f"{path}: directory holds no files to add")
        return files
    if not path.exists():
        raise AnalysisError(f"{path}: no such file or directory")
    if not path.is_file():
        raise AnalysisError(f"{path}: not a regular file")
    return [path]


def next_doc_id(taken: list[str]) -> str:
    """The next free id in the style of the existing ones (``004`` → ``005``, ``src_09`` →
    ``src_10``); ``000`` for an empty manifest."""
    styles: dict[tuple[str, int], int] = {}
    for doc_id in taken:
        m = re.fullmatch(r"(.*?)(\d+)", doc_id)
        if m:
            key = (m.group(1), len(m.group(2)))
            styles[key] = max(styles.get(key, -1), int(m.group(2)))
    if not styles:
        prefix, width, number = "", 3, 0
    else:
        counts = {k: sum(1 for t in taken if re.fullmatch(rf"{re.escape(k[0])}\d{{{k[1]}}}", t))
                  for k in styles}
        (prefix, width) = max(styles, key=lambda k: (counts[k], styles[k], k))
        number = styles[(prefix, width)] + 1
    while f"{prefix}{number:0{width}d}" in taken:
        number += 1
    return f"{prefix}{number:0{width}d}"


def read_metadata(data: bytes, fmt: str, path: Path) -> Metadata:
    """The metadata a file of this format states about itself."""
    where = str(path)
    if fmt == "html":
        from analysis.ingest.metadata.html import read_html

        return read_html(data, where)
    if fmt == "pdf":
        from analysis.ingest.metadata.pdf import read_pdf

        return read_pdf(data, where)
    if b"%PDF-" in data[:1024] or b"\x00" in data[:8192]:
        raise AnalysisError(f"{where}: binary file, not the text format '{fmt}' given")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnalysisError(f"{where}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                            f"{exc.start}); re-save it as UTF-8") from None
    return read_markdown(text, where) if fmt == "markdown" else read_plain_text(text)


def _language(meta: Metadata, given: Given, where: str) -> str:
    if given.language is not None:
        return given.language
    found = document_language(meta.body)
    if found is None:
        raise AnalysisError(f"{where}: could not tell the language of the text (column "
                            f"language); set it with --language en")
    code, name = found
    if code != ENGLISH:
        raise AnalysisError(f"{where}: the text is in {name} ({code}), not English, and the "
                            f"codebook is English; add it anyway with --language {code}")
    return code


def _date(meta: Metadata, given: Given) -> StatedDate | None:
    if given.published is None:
        return meta.date
    date = check_given(given.published)
    return StatedDate(date, GIVEN_BY_USER) if date else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def make_row(path: Path, data: bytes, fmt: str, doc_id: str, given: Given) -> dict[str, str]:
    """The manifest row of one file; everything it cannot find is named in one error line."""
    where = str(path)
    meta = read_metadata(data, fmt, path)
    language = _language(meta, given, where)
    url = given.url if given.url is not None else meta.url
    host = urlsplit(url).hostname or "" if url else ""
    date = _date(meta, given)
    authors = (tuple(a.strip() for a in given.authors.split(";") if a.strip())
               if given.authors is not None else meta.authors)
    fields = {"title": _one_line(given.title if given.title is not None else meta.title),
              "authors": "; ".join(_one_line(a) for a in authors),
              "outlet": _one_line(given.outlet if given.outlet is not None
                                  else meta.outlet or host.removeprefix("www.")),
              "published": date.date.published if date else ""}
    missing = [f"{WHAT[c]} found (column {c}); set it with {EXAMPLES[c]}"
               for c in ("title", "authors", "outlet", "published") if not fields[c]]
    if missing or date is None:
        raise AnalysisError(f"{where}: " + "; ".join(missing))
    return {"doc_id": doc_id, "file": path.name, **fields,
            "date_precision": date.date.precision,
            "date_basis": f"stated: {_one_line(date.evidence)}", "url": url or "",
            "format": fmt, "language": language,
            "sha256": hashlib.sha256(data).hexdigest()}


def _check_given(given: Given, files: list[Path], existing: Existing) -> None:
    if given.format is not None and given.format not in KNOWN_FORMATS:
        raise AnalysisError(f"--format {given.format}: unknown format (known: "
                            f"{', '.join(KNOWN_FORMATS)})")
    if len(files) > 1:
        for flag, value in (("--doc-id", given.doc_id), ("--title", given.title),
                            ("--url", given.url), ("--published", given.published)):
            if value is not None:
                raise AnalysisError(f"{flag} names one source, but {files[0].parent} holds "
                                    f"{len(files)} files; add them one by one")
    if given.language is not None and not re.fullmatch(r"[a-z]{2}", given.language):
        raise AnalysisError(f"--language {given.language}: not an ISO 639-1 code (two "
                            f"lower-case letters, e.g. en)")
    if given.url is not None and not re.fullmatch(r"https?://\S+", given.url):
        raise AnalysisError(f"--url {given.url}: must start with http:// or https://")
    if given.published is not None and check_given(given.published) is None:
        raise AnalysisError(f"--published {given.published}: not a date (write YYYY, YYYY-MM "
                            f"or YYYY-MM-DD)")
    if given.doc_id is not None:
        if not re.fullmatch(r"[A-Za-z0-9_]+", given.doc_id):
            raise AnalysisError(f"--doc-id {given.doc_id}: may hold only letters, digits and "
                                f"underscores")
        if given.doc_id in existing.doc_ids:
            raise AnalysisError(f"--doc-id {given.doc_id}: already in the manifest")


def plan_add(path: Path, manifest: Path, given: Given) -> tuple[list[Planned], Existing]:
    """The rows to add for a file or a directory, every file checked; nothing is written."""
    files = files_to_add(path)
    existing = read_existing(manifest)
    _check_given(given, files, existing)
    raw_dir = manifest.parent
    planned: list[Planned] = []
    batch_sha: dict[str, Path] = {}
    for file in files:
        data = file.read_bytes()
        if not data.strip():
            raise AnalysisError(f"{file}: file is empty")
        digest = hashlib.sha256(data).hexdigest()
        if digest in existing.by_sha:
            raise AnalysisError(f"{file}: already in the manifest as doc_id "
                                f"{existing.by_sha[digest]} (same sha256)")
        if digest in batch_sha:
            raise AnalysisError(f"{file}: same content as {batch_sha[digest]}")
        batch_sha[digest] = file
        target = raw_dir / file.name
        if file.name == manifest.name:
            raise AnalysisError(f"{file}: has the manifest's own name; rename the file to add it")
        if file.name in existing.by_file:
            raise AnalysisError(f"{file}: {target} is already in the manifest as doc_id "
                                f"{existing.by_file[file.name]} with other content; rename the "
                                f"file to add it")
        same = target.exists() and target.read_bytes() == data
        if target.exists() and not same:
            raise AnalysisError(f"{file}: {target} exists with other content; rename the file "
                                f"to add it")
        fmt = given.format or sniff(data, file)
        taken = [*existing.doc_ids, *(p.row["doc_id"] for p in planned)]
        doc_id = given.doc_id or next_doc_id(taken)
        row = make_row(file, data, fmt, doc_id, given)
        planned.append(Planned(file, target, not same, row))
    return planned, existing


def rows_csv(planned: list[Planned], columns: tuple[str, ...] = REQUIRED_COLUMNS,
             newline: str = "\n", *, header: bool = False) -> str:
    """The rows as CSV text in the manifest's column order (with the header line if asked);
    columns the manifest has beyond the required ones are left empty."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator=newline, restval="")
    if header:
        writer.writeheader()
    writer.writerows(p.row for p in planned)
    return out.getvalue()
