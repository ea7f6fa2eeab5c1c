"""What the codebook's regular expressions see in each character, as bits in a table.

The compiled coder checks boundaries, separators and ``word*`` runs for many candidates
at once with numpy; these bits say, for every character, which of the sets the codebook's
expressions use it belongs to (``\\w``, ``[\\w’'-]``, ``[\\s\\-‐–]``, ``[\\w-]``). The
tests check the table against ``re``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

RUN = 1  # [\w’'-]: a word character, an apostrophe or a hyphen (what `word*` extends over)
SEP = 2  # [\s\-‐–]: what separates the words of a phrase
WORDISH = 4  # [\w-]: what may not follow a match
_BMP = 0x10000


def bits_of(char: str) -> int:
    """The bits of one character (slow; the tables below hold them)."""
    word = char.isalnum() or char == "_"
    out = RUN if word or char in "’'-" else 0
    out |= SEP if char.isspace() or char in "-‐–" else 0
    return out | (WORDISH if word or char == "-" else 0)


@cache
def table() -> np.ndarray:
    """The bits of every character of Unicode's first plane, indexed by code point."""
    return np.fromiter((bits_of(chr(c)) for c in range(_BMP)), dtype=np.uint8, count=_BMP)


def code_units(text: str) -> np.ndarray:
    """The code points of ``text``, one per character (UTF-16 units when none lies beyond
    the first plane, else UTF-32)."""
    encoded = text.encode("utf-16-le", "surrogatepass")
    if len(encoded) == 2 * len(text):
        return np.frombuffer(encoded, dtype=np.uint16)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def bits(units: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The bits of the characters at the indices ``at`` of ``units`` (from ``code_units``)."""
    codes = units[at]
    if units.dtype == np.uint16:
        return table()[codes]
    out = table()[np.minimum(codes, _BMP - 1)]
    beyond = codes >= _BMP
    if beyond.any():
        out[beyond] = [bits_of(chr(c)) for c in codes[beyond].tolist()]
    return out
