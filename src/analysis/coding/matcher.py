"""Apply a compiled codebook to texts: multi-label codes plus a term-by-term audit trail."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from analysis.coding.codebook import Codebook, Dimension
from analysis.coding.compiled import compiled
from analysis.coding.reference import Match
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
    return texts.fillna("").astype(str).tolist()


def _match_chunk(texts: list[str], codebook: Codebook) -> list[list[Match]]:
    return compiled(list(codebook.dimensions.values())).match_many(texts)


def matches_per_text(texts: pd.Series, codebook: Codebook, *, cache: Cache | None = None,
                     groups: pd.Series | None = None, jobs: int = 1) -> list[list[Match]]:
    """The matches of every text, dimension by dimension.

    With a ``cache``, each dimension's matches are stored per group of texts (``groups``,
    e.g. the source of each sentence): a changed term recodes only its own dimension, a
    changed source only its own texts. With ``jobs`` > 1 (and no cache) the texts are coded
    in that many processes, in chunks, and reassembled in order.
    """
    values = _texts(texts)
    if cache is None and jobs > 1 and len(values) >= 2 * CHUNK:
        chunks = [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]
        with ProcessPoolExecutor(jobs) as pool:
            parts = pool.map(_match_chunk, chunks, [codebook] * len(chunks))
            return [matches for part in parts for matches in part]
    if cache is None:
        return _match_chunk(values, codebook)
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
    return result


def code_texts(texts: pd.Series, codebook: Codebook, *, cache: Cache | None = None,
               groups: pd.Series | None = None,
               jobs: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Codes per text (0/1 and term counts per dimension, matched terms) and the audit rows.

    The first frame has one row per text, in the input order and with its index; the second
    has one row per matched or vetoed term with the position of its text (``row``).
    """
    dims = codebook.dimension_names
    column = {d: k for k, d in enumerate(dims)}
    per_text = matches_per_text(texts, codebook, cache=cache, groups=groups, jobs=jobs)
    counts = np.zeros((len(per_text), len(dims)), dtype=np.int64)
    matched_lists = [""] * len(per_text)
    vetoed_lists = [""] * len(per_text)
    audit: dict[str, list] = {k: [] for k in AUDIT_COLUMNS}
    for row, matches in enumerate(per_text):
        if not matches:
            continue
        kept = [m for m in matches if not m.vetoed_by]
        for m in kept:
            counts[row, column[m.dimension]] += 1
        matched_lists[row] = "; ".join(f"{m.dimension}:{m.entry_id}={m.surface}" for m in kept)
        if len(kept) < len(matches):
            vetoed_lists[row] = "; ".join(f"{m.dimension}:{m.entry_id}={m.surface} (vetoed by "
                                          f"{m.vetoed_by})" for m in matches if m.vetoed_by)
        audit["row"].extend([row] * len(matches))
        for name, values in zip(AUDIT_COLUMNS[1:], zip(*matches, strict=True), strict=True):
            audit[name].extend(values)
    as_column = (lambda a: a) if len(per_text) else (lambda a: [])  # as before when empty
    coded = pd.DataFrame({**{d: as_column((counts[:, k] > 0).astype(np.int64))
                             for k, d in enumerate(dims)},
                          **{f"n_{d}": as_column(counts[:, k]) for k, d in enumerate(dims)},
                          "matches": matched_lists, "vetoed": vetoed_lists}, index=texts.index)
    audit_frame = (pd.DataFrame(audit) if audit["row"]
                   else pd.DataFrame([], columns=list(AUDIT_COLUMNS)))
    return coded, audit_frame
