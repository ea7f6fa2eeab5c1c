"""Parse sources with Dask: a local cluster by default, or a running cluster by address.

Each task receives a source's manifest row *and* its raw text, so workers need the
``analysis`` package but not the files. Results come back in doc_id order, so the tables
are identical to a single-process parse (tested).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack

from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import Source, read_source_text


def iter_parse_rows(tasks: Sequence[tuple[Source, frozenset[str]]], *, scheduler: str | None = None,
                    workers: int | None = None) -> Iterator[dict]:
    """Every (source, outlet repeats) task's table rows, on a Dask cluster, in input order.

    The client holds one partition's results at a time: each is released once consumed.
    """
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise AnalysisError("--engine dask needs dask and distributed: "
                            "pip install -e '.[dask]'") from None
    from analysis.ingest.rows import rows_of

    bag = db.from_sequence([(source, read_source_text(source), repeated)
                            for source, repeated in tasks],
                           npartitions=max(1, min(len(tasks), 4 * (os.cpu_count() or 1))))
    partitions = bag.starmap(rows_of).to_delayed()
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
        futures = client.compute(partitions)
        for future in futures:
            yield from future.result()
            future.release()
