"""`analysis add`: validate the new manifest as a whole, then write it all or nothing.

The new manifest is checked by ``load_manifest`` (checksums included) in a staging folder that
links to the raw files, before anything in ``data/raw`` changes. Then each new file is copied
byte for byte under a temporary name and linked into place (a link never replaces an existing
file), and the manifest is replaced atomically; if any step fails, the files copied so far are
removed again and the old manifest stays.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from analysis.core.atomic import write_text_atomic
from analysis.core.errors import AnalysisError
from analysis.ingest.add import Existing, Planned, rows_csv
from analysis.ingest.corpus import load_manifest


def new_manifest_text(planned: list[Planned], existing: Existing) -> str:
    """The manifest as it will be: the old text unchanged, the new rows appended."""
    text = existing.text
    if text and not text.endswith("\n"):
        text += existing.newline
    return text + rows_csv(planned, existing.columns, existing.newline)


def validate(planned: list[Planned], manifest: Path, text: str) -> None:
    """Load the new manifest from a staging folder that links every file it names."""
    files = {p.row["file"]: p.source.resolve() for p in planned}
    with tempfile.TemporaryDirectory(prefix="analysis-add-") as tmp:
        staged = Path(tmp) / manifest.name
        staged.write_text(text, encoding="utf-8", newline="")
        for entry in manifest.parent.iterdir() if manifest.parent.is_dir() else []:
            if entry.name != manifest.name and entry.name not in files:
                (Path(tmp) / entry.name).symlink_to(entry.resolve())
        for name, source in files.items():
            (Path(tmp) / name).symlink_to(source)
        try:
            load_manifest(staged)
        except AnalysisError as exc:
            raise AnalysisError(str(exc).replace(str(staged), str(manifest))
                                .replace(tmp, str(manifest.parent))) from None


def copy_exclusive(source: Path, target: Path, sha256: str) -> None:
    """Copy the bytes to ``target``, which must not exist; checked against the checksum."""
    data = source.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise AnalysisError(f"{source}: changed while being added; run analysis add again")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp_name, 0o666 & ~mask)
        try:
            os.link(tmp_name, target)  # fails rather than replace an existing file
        except FileExistsError:
            raise AnalysisError(f"{source}: {target} appeared while adding; nothing was "
                                f"written") from None
        except OSError:  # a file system without hard links: check, then rename
            if target.exists():
                raise AnalysisError(f"{source}: {target} appeared while adding; nothing was "
                                    f"written") from None
            os.replace(tmp_name, target)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def write_add(planned: list[Planned], manifest: Path, existing: Existing) -> None:
    """Copy the new files into the manifest's folder and write the manifest, all or nothing."""
    text = new_manifest_text(planned, existing)
    validate(planned, manifest, text)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    copied: list[Path] = []
    try:
        for item in planned:
            if item.copy:
                copy_exclusive(item.source, item.target, item.row["sha256"])
                copied.append(item.target)
        write_text_atomic(manifest, text)
    except BaseException as exc:
        for path in copied:
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise AnalysisError(f"{manifest.parent}: could not write ({exc.strerror or exc}); "
                                f"nothing was added") from None
        raise
