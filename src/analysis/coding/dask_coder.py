"""Code the blocks of a CSV on a Dask cluster: a local one of several worker processes, or a
running scheduler by address (``dask scheduler`` + ``dask worker``).

Workers need the ``analysis`` package but not the files: the codebook's bytes are sent to
every worker once, and each task carries one block's texts. Each worker compiles the
codebook once; blocks come back in order, so the output is the same as in one process
(tested).
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from analysis.coding.blocks import code_block
from analysis.coding.codebook import Codebook, load_codebook
from analysis.core.dask_client import dask_client
from analysis.core.errors import AnalysisError

WAIT_FOR_WORKERS = 120  # seconds a running scheduler may take to get its first worker


@lru_cache(maxsize=4)
def _codebook_from(data: bytes) -> Codebook:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codebook.yaml"
        path.write_bytes(data)
        return load_codebook(path)


def _code_remote(data: bytes, texts: list[str]) -> tuple[list[list[int]], list[str]]:
    return code_block(texts, _codebook_from(data))


def iter_coded(blocks: Iterator[dict[str, list[str]]], text_column: str, codebook_bytes: bytes,
               *, scheduler: str | None = None,
               workers: int | None = None) -> Iterator[tuple[dict[str, list[str]], tuple]]:
    """Each block with its codes, in input order, at most two blocks per worker in flight."""
    with dask_client(scheduler, workers) as client:
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            raise AnalysisError(f"--scheduler {scheduler}: no worker joined within "
                                f"{WAIT_FOR_WORKERS} s") from None
        data = client.scatter(codebook_bytes, broadcast=True)
        limit = 2 * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for block in blocks:
            pending.append((block, client.submit(_code_remote, data, block[text_column],
                                                 pure=False)))
            if len(pending) >= limit:
                first, future = pending.popleft()
                yield first, future.result()
        while pending:
            first, future = pending.popleft()
            yield first, future.result()
