"""Code one block of texts: 0/1 per dimension and the kept matches (shared by the process
pool and the Dask workers of ``analysis code``)."""

from __future__ import annotations

from pathlib import Path

from analysis.coding.codebook import Codebook, load_codebook
from analysis.coding.compiled import compiled

_WORKER: list[Codebook] = []


def _load_in_worker(codebook_path: Path | None) -> None:
    _WORKER.append(load_codebook(codebook_path))


def code_block(texts: list[str], codebook: Codebook | None = None) -> tuple[list[list[int]],
                                                                             list[str]]:
    """Per dimension the 0/1 code of every text, and every text's kept matches."""
    codebook = codebook or _WORKER[0]
    table = compiled(list(codebook.dimensions.values())).table(texts)
    coded = (table.counts() > 0).astype(int).T
    return coded.tolist(), table.kept_lists().to_pylist()
