"""Apply a compiled codebook to texts: multi-label codes plus a term-by-term audit trail."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .codebook import Codebook


@dataclass(frozen=True)
class Match:
    """One matched term (or vetoed term) in one text."""

    dimension: str
    entry_id: str
    surface: str
    start: int
    end: int
    vetoed_by: str = ""  # exclusion id when an exclusion vetoed this term


def find_matches(text: str, codebook: Codebook) -> list[Match]:
    """Every term match and every vetoed term in ``text``, dimension by dimension."""
    found: list[Match] = []
    for dim in codebook.dimensions.values():
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


def code_texts(texts: pd.Series, codebook: Codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
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
    for row, text in enumerate(texts.fillna("").astype(str)):
        matches = find_matches(text, codebook)
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
