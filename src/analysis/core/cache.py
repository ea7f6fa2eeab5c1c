"""A content-addressed cache for incremental rebuilds.

Entries are keyed by a SHA-256 of everything the result depends on: for a parsed source, its
raw bytes' checksum, its manifest row, ``PARSER_VERSION`` and the source code of the parsing
modules; for the codes of one dimension in one source, the texts of its sentences, the
dimension's codebook entries and the coder's source code. Changing one source reparses only
that source; changing one term recodes only that term's dimension. A damaged entry counts
as a miss and is rewritten.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, field
from functools import cache as memoize
from pathlib import Path
from typing import Any

from analysis import PARSER_VERSION
from analysis.core.atomic import write_with

PACKAGE = Path(__file__).resolve().parents[1]
PARSING_CODE = ("ingest",)
CODING_CODE = ("coding/codebook.py", "coding/matcher.py", "coding/compiled.py",
               "coding/reference.py", "coding/scanning.py", "coding/candidates.py",
               "coding/bulk.py", "coding/charclass.py", "coding/programs.py",
               "coding/selection.py", "coding/table.py", "coding/surfaces.py")


@memoize
def code_fingerprint(parts: tuple[str, ...]) -> str:
    """SHA-256 over the package files (or folders) a result is computed by."""
    digest = hashlib.sha256()
    for part in parts:
        path = PACKAGE / part
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".py", ".yaml"):
                digest.update(file.relative_to(PACKAGE).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def key_of(*parts: Any) -> str:
    """A stable key for JSON-serialisable parts."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Cache:
    """Pickled results in ``folder``, one file per key; counts hits and misses per kind."""

    folder: Path
    hits: dict[str, int] = field(default_factory=dict)
    misses: dict[str, int] = field(default_factory=dict)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def has(self, kind: str, key: str) -> bool:
        """Whether a result is stored (without loading or counting it)."""
        return self._path(kind, key).is_file()

    def count_miss(self, kind: str) -> None:
        """Record a result that had to be computed."""
        self.misses[kind] = self.misses.get(kind, 0) + 1

    def get(self, kind: str, key: str) -> Any | None:
        """The stored result, or None (a miss) if absent or unreadable."""
        path = self._path(kind, key)
        try:
            with path.open("rb") as handle:
                value = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.count_miss(kind)
            return None
        self.hits[kind] = self.hits.get(kind, 0) + 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store a result atomically."""
        def _write(tmp: Path) -> None:
            tmp.write_bytes(pickle.dumps(value, protocol=5))

        write_with(self._path(kind, key), _write)

    def summary(self) -> str:
        """``parse 4 reused, 1 redone; code 20 reused`` style counts."""
        kinds = sorted(set(self.hits) | set(self.misses))
        return "; ".join(f"{k} {self.hits.get(k, 0)} reused, {self.misses.get(k, 0)} redone"
                         for k in kinds) or "cache unused"


def parse_key(source_fields: dict[str, Any]) -> str:
    """The key of one parsed source (its manifest row includes the raw file's checksum)."""
    return key_of("parse", PARSER_VERSION, code_fingerprint(PARSING_CODE), source_fields)


def code_key(texts: list[str], dimension_spec: str) -> str:
    """The key of one dimension's matches in one group of texts."""
    return key_of("code", code_fingerprint(CODING_CODE), dimension_spec, texts)
