"""Parse sources with Dask: a local cluster by default, or a running cluster by address.

Each task receives a source's manifest row *and* its raw text, so workers need the
``analysis`` package but not the files. Results come back in doc_id order, so the tables
are identical to a single-process parse (tested).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from .corpus import Source
from .errors import AnalysisError


def parse_rows(sources: Sequence[Source], raw_texts: Sequence[str], *,
               scheduler: str | None = None, workers: int | None = None) -> list[dict]:
    """Every source's table rows, computed on a Dask cluster, in input order."""
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise AnalysisError("--engine dask needs dask and distributed: "
                            "pip install -e '.[dask]'") from None
    from .build import rows_of

    bag = db.from_sequence(list(zip(sources, raw_texts, strict=True)),
                           npartitions=max(1, min(len(sources), 4 * (os.cpu_count() or 1))))
    rows = bag.starmap(rows_of)
    if scheduler:
        try:
            with Client(scheduler, timeout="5s") as client:
                return list(client.compute(rows, sync=True))
        except OSError as exc:
            raise AnalysisError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                      processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        return list(client.compute(rows, sync=True))
