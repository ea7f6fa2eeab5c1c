"""Apply a compiled codebook to texts: multi-label codes plus a term-by-term audit trail."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.coding.codebook import Codebook, Dimension
from analysis.coding.compiled import compiled
from analysis.coding.reference import Match
from analysis.coding.surfaces import as_arrow
from analysis.coding.table import MatchTable
from analysis.core.cache import Cache, code_key

CHUNK = 2000  # texts per task when coding in several processes
AUDIT_COLUMNS = ("row", "dimension", "entry_id", "surface", "start", "end", "vetoed_by")


def dimension_matches(text: str, dim: Dimension) -> list[Match]:
    """Every term match and every vetoed term of one dimension in ``text``."""
    return compiled([dim]).match_many([text])[0]


def find_matches(text: str, codebook: Codebook) -> list[Match]:
    """Every term match and every vetoed term in ``text``, dimension by dimension."""
    return compiled(list(codebook.dimensions.values())).match_many([text])[0]


def dimension_spec(dim: Dimension) -> str:
    """Everything about a dimension that decides its matches (for cache keys)."""
    return repr((dim.name, dim.entries))


def _texts(texts: pd.Series) -> list[str]:
    values = texts.tolist()
    if all(type(v) is str for v in values):
        return values  # already strings: nothing to fill or convert
    return texts.fillna("").astype(str).tolist()


def _table_of(texts: list[str], codebook: Codebook) -> MatchTable:
    return compiled(list(codebook.dimensions.values())).table(texts)


def match_table(texts: pd.Series, codebook: Codebook, *, cache: Cache | None = None,
                groups: pd.Series | None = None, jobs: int = 1) -> MatchTable:
    """The matches of every text, as columns (see ``MatchTable``).

    With a ``cache``, each dimension's matches are stored per group of texts (``groups``,
    e.g. the source of each sentence): a changed term recodes only its own dimension, a
    changed source only its own texts. With ``jobs`` > 1 (and no cache) the texts are coded
    in that many processes, in chunks, and reassembled in order.
    """
    values = _texts(texts)
    if cache is None and jobs > 1 and len(values) >= 2 * CHUNK:
        chunks = [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]
        with ProcessPoolExecutor(jobs) as pool:
            return MatchTable.concat(list(pool.map(_table_of, chunks,
                                                   [codebook] * len(chunks))))
    if cache is None:
        return _table_of(values, codebook)
    labels = (groups if groups is not None else pd.Series("all", index=texts.index)).tolist()
    positions: dict[object, list[int]] = {}
    for i, label in enumerate(labels):
        positions.setdefault(label, []).append(i)
    result: list[list[Match]] = [[] for _ in values]
    for dim in codebook.dimensions.values():
        spec = dimension_spec(dim)
        for rows in positions.values():
            chunk = [values[i] for i in rows]
            key = code_key(chunk, spec)
            found = cache.get("code", key)
            if found is None:
                found = compiled([dim]).match_many(chunk)
                cache.put("code", key, found)
            for i, matches in zip(rows, found, strict=True):
                result[i].extend(matches)
    return MatchTable.from_lists(result, codebook.dimension_names,
                                 [(d, e.id) for d, dim in enumerate(codebook.dimensions.values())
                                  for e in dim.entries])


def code_texts(texts: pd.Series, codebook: Codebook, *, cache: Cache | None = None,
               groups: pd.Series | None = None,
               jobs: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Codes per text (0/1 and term counts per dimension, matched terms) and the audit rows.

    The first frame has one row per text, in the input order and with its index; the second
    has one row per matched or vetoed term with the position of its text (``row``).
    """
    dims = codebook.dimension_names
    table = match_table(texts, codebook, cache=cache, groups=groups, jobs=jobs)
    counts = table.counts()
    as_column = (lambda a: a) if len(texts) else (lambda a: [])  # as before when empty
    coded = pd.DataFrame({**{d: as_column((counts[:, k] > 0).astype(np.int64))
                             for k, d in enumerate(dims)},
                          **{f"n_{d}": as_column(counts[:, k]) for k, d in enumerate(dims)},
                          "matches": _strings(table.kept_lists()),
                          "vetoed": _strings(table.vetoed_lists())}, index=texts.index)
    if not len(table.text):
        return coded, pd.DataFrame([], columns=list(AUDIT_COLUMNS))
    names, ids, vetoes = table.names()
    audit = pd.DataFrame({"row": table.text, "dimension": _strings(names),
                          "entry_id": _strings(ids), "surface": _strings(as_arrow(table.surfaces)),
                          "start": table.start, "end": table.end,
                          "vetoed_by": _strings(vetoes)})
    return coded, audit


def _strings(values: pa.Array) -> pd.arrays.ArrowStringArray:
    """An Arrow string array as pandas' ``str`` column, without a copy."""
    return pd.arrays.ArrowStringArray(pa.chunked_array([values]))
