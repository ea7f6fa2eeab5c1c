"""Codes computed once: ``codes.parquet`` and ``matches.parquet`` beside the processed corpus.

One row per sentence in ``codes.parquet`` (0/1 and the number of matched terms per
dimension, plus the codebook's name, version and sha256), one row per matched or vetoed
term in ``matches.parquet`` (the audit trail). The files carry the sha256 of the codebook
and of the sentences they were computed from, so they are rewritten only when either
changes, and a reader can tell stale codes from current ones. Every notebook reads them
through :func:`load_codes`; a notebook that needs another codebook (the version diff)
asks the same function, which codes in memory when no file matches.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.coding.codebook import Codebook, load_codebook
from analysis.coding.corpus_coding import code_sentences
from analysis.core.atomic import write_with
from analysis.core.cache import Cache
from analysis.core.errors import AnalysisError
from analysis.core.parquet import WRITER_OPTIONS

CODES_FILE = "codes.parquet"
MATCHES_FILE = "matches.parquet"
SENTENCE_KEYS = ["doc_id", "paragraph_id", "sentence_id"]
AUDIT_COLUMNS = ["dimension", "entry_id", "surface", "start", "end", "vetoed_by",
                 "sentence_id", "doc_id"]  # in sentence order, then each text's match order


@dataclass
class CorpusCodes:
    """Sentence codes and the audit trail of one codebook over one processed corpus."""

    codebook: Codebook
    codes: pd.DataFrame
    matches: pd.DataFrame

    def coded_sentences(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """The sentences table with the code columns beside it (the coder's usual view)."""
        dims = self.codebook.dimension_names
        columns = [*dims, *(f"n_{d}" for d in dims), "matches", "vetoed"]
        joined = sentences.merge(self.codes[["sentence_id", *columns]], on="sentence_id",
                                 how="left", validate="one_to_one")
        return joined


def sentences_sha256(sentences: pd.DataFrame) -> str:
    """A hash of the sentence ids and texts the codes are computed from."""
    digest = hashlib.sha256()
    for sentence_id, text in zip(sentences["sentence_id"], sentences["text"], strict=True):
        digest.update(f"{sentence_id}\t{text}\n".encode())
    return digest.hexdigest()


def _key(codebook: Codebook, sentences: pd.DataFrame) -> dict[bytes, bytes]:
    return {b"codebook_sha256": codebook.sha256.encode(),
            b"sentences_sha256": sentences_sha256(sentences).encode()}


def compute_codes(sentences: pd.DataFrame, codebook: Codebook, *,
                  cache: Cache | None = None) -> CorpusCodes:
    """Code every sentence with ``codebook`` (in memory)."""
    coded, audit = code_sentences(sentences, codebook, cache=cache)
    dims = codebook.dimension_names
    codes = coded[[*SENTENCE_KEYS, *dims, *(f"n_{d}" for d in dims), "matches", "vetoed"]].copy()
    for column in ("codebook_name", "codebook_version", "codebook_sha256"):
        codes[column] = getattr(codebook, column.removeprefix("codebook_"))
    matches = audit[AUDIT_COLUMNS].reset_index(drop=True)
    matches["codebook_sha256"] = codebook.sha256
    return CorpusCodes(codebook, codes.reset_index(drop=True), matches)


def _write(frame: pd.DataFrame, path: Path, key: dict[bytes, bytes]) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata(key)  # no pandas metadata: same data, same bytes

    def _to(tmp: Path) -> None:
        pq.write_table(table, tmp, **WRITER_OPTIONS)

    write_with(path, _to)


def _files_match(paths: list[Path], key: dict[bytes, bytes]) -> bool:
    """Whether every file exists and was computed from the codebook and sentences of ``key``."""
    for path in paths:
        try:
            metadata = pq.read_schema(path).metadata or {}
        except (OSError, pa.ArrowInvalid):
            return False
        if any(metadata.get(name) != value for name, value in key.items()):
            return False
    return True


def write_codes(processed_dir: Path | str, codebook_path: Path | str | None = None, *,
                cache: Cache | None = None) -> tuple[list[Path], bool]:
    """Code the processed corpus into codes.parquet and matches.parquet.

    Returns the two paths and whether they were (re)written: files already computed from the
    same codebook and sentences are left as they are.
    """
    processed = Path(processed_dir)
    sentences = read_sentences(processed)
    codebook = load_codebook(codebook_path)
    key = _key(codebook, sentences)
    paths = [processed / CODES_FILE, processed / MATCHES_FILE]
    if _files_match(paths, key):
        return paths, False
    result = compute_codes(sentences, codebook, cache=cache)
    _write(result.matches, paths[1], key)
    _write(result.codes, paths[0], key)
    return paths, True


def read_sentences(processed: Path) -> pd.DataFrame:
    """The processed sentences; a one-line error when ``analysis parse`` has not run."""
    path = processed / "sentences.parquet"
    if not path.is_file():
        raise AnalysisError(f"{path}: not found (run `analysis parse` first)")
    return pd.read_parquet(path)


def load_codes(processed_dir: Path | str | None, codebook: Codebook | Path | str | None = None,
               sentences: pd.DataFrame | None = None) -> CorpusCodes:
    """The corpus codes for ``codebook``: read from the files written by ``write_codes`` when
    they were computed from this codebook and these sentences, else coded in memory."""
    if processed_dir is None and sentences is None:
        raise ValueError("load_codes needs the processed folder or the sentences")
    book = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    if sentences is None:
        sentences = read_sentences(Path(processed_dir))  # type: ignore[arg-type]
    paths = [] if processed_dir is None else [Path(processed_dir) / CODES_FILE,
                                              Path(processed_dir) / MATCHES_FILE]
    if paths and _files_match(paths, _key(book, sentences)):
        codes = pd.read_parquet(paths[0])
        matches = pd.read_parquet(paths[1]).drop(columns="codebook_sha256")
        return CorpusCodes(book, codes, matches)
    result = compute_codes(sentences, book)
    result.matches = result.matches.drop(columns="codebook_sha256")
    return result
