"""A Dask client for the ``--engine dask`` options: a running scheduler, or a local cluster."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from analysis.core.errors import AnalysisError


@contextmanager
def dask_client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A client of ``scheduler`` (``tcp://host:8786``), or of a local cluster of ``workers``
    single-threaded processes (default: one per core); one-line errors when impossible."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise AnalysisError("--engine dask needs dask and distributed: "
                            "pip install -e '.[dask]'") from None
    with ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout="5s"))
            except OSError as exc:
                raise AnalysisError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                processes=True, dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        yield client
