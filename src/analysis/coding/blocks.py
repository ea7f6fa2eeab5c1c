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
    dims = codebook.dimension_names
    column = {d: k for k, d in enumerate(dims)}
    codes = [[0] * len(texts) for _ in dims]
    matches = [""] * len(texts)
    found = compiled(list(codebook.dimensions.values())).match_many(texts)
    for row, ms in enumerate(found):
        if ms:
            kept = [m for m in ms if not m.vetoed_by]
            for m in kept:
                codes[column[m.dimension]][row] = 1
            matches[row] = "; ".join(f"{m.dimension}:{m.entry_id}={m.surface}" for m in kept)
    return codes, matches
