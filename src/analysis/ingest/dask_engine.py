"""Parse sources with Dask: a local cluster by default, or a running cluster by address.

Each task receives a source's manifest row *and* its raw text, so workers need the
``analysis`` package but not the files. Results come back in doc_id order, so the tables
are identical to a single-process parse (tested).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from analysis.core.dask_client import dask_client
from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import Source, read_source_text


def iter_parse_rows(tasks: Sequence[tuple[Source, frozenset[str]]], *, scheduler: str | None = None,
                    workers: int | None = None) -> Iterator[dict]:
    """Every (source, outlet repeats) task's table rows, on a Dask cluster, in input order.

    The client holds one partition's results at a time: each is released once consumed.
    """
    try:
        import dask.bag as db
        import distributed  # noqa: F401  (checked here, used by dask_client)
    except ImportError:
        raise AnalysisError("--engine dask needs dask and distributed: "
                            "pip install -e '.[dask]'") from None
    from analysis.ingest.rows import rows_of

    bag = db.from_sequence([(source, read_source_text(source), repeated)
                            for source, repeated in tasks],
                           npartitions=max(1, min(len(tasks), 4 * (os.cpu_count() or 1))))
    partitions = bag.starmap(rows_of).to_delayed()
    with dask_client(scheduler, workers) as client:
        futures = client.compute(partitions)
        for future in futures:
            yield from future.result()
            future.release()
