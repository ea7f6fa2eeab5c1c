"""Apply a compiled codebook to texts: multi-label codes plus a term-by-term audit trail."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pandas as pd

from analysis.coding.codebook import Codebook, Dimension
from analysis.core.cache import Cache, code_key

CHUNK = 2000  # texts per task when coding in several processes


@dataclass(frozen=True)
class Match:
    """One matched term (or vetoed term) in one text."""

    dimension: str
    entry_id: str
    surface: str
    start: int
    end: int
    vetoed_by: str = ""  # exclusion id when an exclusion vetoed this term


def dimension_matches(text: str, dim: Dimension) -> list[Match]:
    """Every term match and every vetoed term of one dimension in ``text``."""
    found: list[Match] = []
    for m in dim.regex.finditer(text):
        entry, _ = dim.groups[m.lastgroup]  # type: ignore[index]
        if entry.kind == "term":
            found.append(Match(dim.name, entry.id, m.group(0), m.start(), m.end()))
            continue
        for inner in dim.term_regex.finditer(m.group(0)):
            vetoed, _ = dim.groups_terms[inner.lastgroup]  # type: ignore[index]
            found.append(Match(dim.name, vetoed.id, inner.group(0),
                               m.start() + inner.start(), m.start() + inner.end(),
                               vetoed_by=entry.id))
    return found


def find_matches(text: str, codebook: Codebook) -> list[Match]:
    """Every term match and every vetoed term in ``text``, dimension by dimension."""
    return [m for dim in codebook.dimensions.values() for m in dimension_matches(text, dim)]


def dimension_spec(dim: Dimension) -> str:
    """Everything about a dimension that decides its matches (for cache keys)."""
    return repr((dim.name, dim.entries))


def _texts(texts: pd.Series) -> list[str]:
    return texts.fillna("").astype(str).tolist()


def _match_chunk(texts: list[str], codebook: Codebook) -> list[list[Match]]:
    return [find_matches(text, codebook) for text in texts]


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
                found = [dimension_matches(text, dim) for text in chunk]
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
    codes: dict[str, list] = {d: [] for d in dims}
    counts: dict[str, list] = {f"n_{d}": [] for d in dims}
    matched_lists: list[str] = []
    vetoed_lists: list[str] = []
    audit: list[dict] = []
    for row, matches in enumerate(matches_per_text(texts, codebook, cache=cache,
                                                   groups=groups, jobs=jobs)):
        kept = [m for m in matches if not m.vetoed_by]
        for d in dims:
            n = sum(m.dimension == d for m in kept)
            codes[d].append(int(n > 0))
            counts[f"n_{d}"].append(n)
        matched_lists.append("; ".join(f"{m.dimension}:{m.entry_id}={m.surface}" for m in kept))
        vetoed_lists.append("; ".join(f"{m.dimension}:{m.entry_id}={m.surface} (vetoed by "
                                      f"{m.vetoed_by})" for m in matches if m.vetoed_by))
        audit.extend({"row": row, "dimension": m.dimension, "entry_id": m.entry_id,
                      "surface": m.surface, "start": m.start, "end": m.end,
                      "vetoed_by": m.vetoed_by} for m in matches)
    coded = pd.DataFrame({**codes, **counts, "matches": matched_lists, "vetoed": vetoed_lists},
                         index=texts.index)
    audit_frame = pd.DataFrame(audit, columns=["row", "dimension", "entry_id", "surface",
                                               "start", "end", "vetoed_by"])
    return coded, audit_frame
