"""The reference matcher: each dimension's regular expression scanned with ``finditer``.

Slow (Python's ``re`` tries the alternatives at every position) but plain; the compiled
coder (``analysis.coding.compiled``) must give exactly its matches, and the tests compare
the two on the corpus and on generated texts and codebooks.
"""

from __future__ import annotations

from typing import NamedTuple

from analysis.coding.codebook import Codebook, Dimension


class Match(NamedTuple):
    """One matched term (or vetoed term) in one text."""

    dimension: str
    entry_id: str
    surface: str
    start: int
    end: int
    vetoed_by: str = ""  # exclusion id when an exclusion vetoed this term


def vetoed_terms(dim: Dimension, span: str, offset: int, exclusion_id: str) -> list[Match]:
    """The terms inside the span an exclusion matched (at ``offset``), each vetoed by it."""
    found = []
    for inner in dim.term_regex.finditer(span):
        vetoed, _ = dim.groups_terms[inner.lastgroup]  # type: ignore[index]
        found.append(Match(dim.name, vetoed.id, inner.group(0), offset + inner.start(),
                           offset + inner.end(), exclusion_id))
    return found


def dimension_matches(text: str, dim: Dimension) -> list[Match]:
    """Every term match and every vetoed term of one dimension in ``text``."""
    found: list[Match] = []
    for m in dim.regex.finditer(text):
        entry, _ = dim.groups[m.lastgroup]  # type: ignore[index]
        if entry.kind == "term":
            found.append(Match(dim.name, entry.id, m.group(0), m.start(), m.end()))
        else:
            found.extend(vetoed_terms(dim, m.group(0), m.start(), entry.id))
    return found


def find_matches(text: str, codebook: Codebook) -> list[Match]:
    """Every term match and every vetoed term in ``text``, dimension by dimension."""
    return [m for dim in codebook.dimensions.values() for m in dimension_matches(text, dim)]
