"""Every pattern of a codebook as a small program of words, for checking many candidates at
once (``analysis.coding.bulk``).

A pattern qualifies when all its words are ASCII literals or ``word*`` prefixes (no ``*`` or
``**`` gap) and every word after the first starts with a letter or digit (so the separator
before it is exactly the run of separator characters). The rest — gaps, non-ASCII letters,
words opening with a mark — is confirmed by the pattern's regular expression; where the
words before a pattern's first gap qualify (``in defence of`` of ``in defence of ** rights``)
they are its *partial* program: a candidate whose words there do not match is no match, and
only the others go to the expression.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import takewhile

import numpy as np

from analysis.coding.codebook import GAPS, Entry


@dataclass
class Programs:
    """The words of every pattern, by pattern number (``pid``), in padded arrays."""

    qualifies: np.ndarray  # bool per pattern
    partial: np.ndarray  # bool per pattern: only the words before its first gap are checked
    n_words: np.ndarray  # words per pattern (0 where it does not qualify)
    first_word: np.ndarray  # index of the pattern's first word in the word arrays
    case_sensitive: np.ndarray  # bool per pattern
    chars: np.ndarray  # (words, widest word) code points, lower-cased unless case-sensitive
    flat_chars: np.ndarray  # the same, flattened (word * widest + position)
    initial: np.ndarray  # each word's first character, lower-cased (as scanned)
    length: np.ndarray  # characters per word (without the `*`)
    star: np.ndarray  # bool per word: a `word*` prefix
    most_words: int


def _qualifies(entry: Entry, words: list[str]) -> bool:
    return not any(w in GAPS for w in words) and _qualifies_words(words)


def _qualifies_words(words: list[str]) -> bool:
    if not all(w.isascii() for w in words):
        return False
    return all(w[0].isalnum() for w in words[1:]) and all(w.removesuffix("*") for w in words)


def _before_gap(tokens: list[str]) -> list[str]:
    """The words before a pattern's first gap, if two or more of them qualify."""
    words = list(takewhile(lambda t: t not in GAPS, tokens))
    return words if 2 <= len(words) < len(tokens) and _qualifies_words(words) else []


def compile_programs(patterns: Sequence[tuple[Entry, str]]) -> Programs:
    """The programs of ``patterns`` (each an entry and one of its patterns), in order."""
    qualifies, partial, n_words, first, cs = [], [], [], [], []
    words: list[tuple[str, bool]] = []
    for entry, pattern in patterns:
        tokens = pattern.split()
        ok = _qualifies(entry, tokens)
        checked = tokens if ok else _before_gap(tokens)
        qualifies.append(ok)
        partial.append(not ok and bool(checked))
        cs.append(entry.case_sensitive)
        first.append(len(words))
        n_words.append(len(checked))
        if checked:
            for token in checked:
                word = token.removesuffix("*")
                words.append((word if entry.case_sensitive else word.lower(),
                              token.endswith("*")))
    widest = max((len(w) for w, _ in words), default=1)
    chars = np.zeros((max(len(words), 1), widest), dtype=np.int64)
    for k, (word, _) in enumerate(words):
        chars[k, :len(word)] = [ord(c) for c in word]
    return Programs(np.array(qualifies, dtype=bool), np.array(partial, dtype=bool),
                    np.array(n_words, dtype=np.int64),
                    np.array(first, dtype=np.int64), np.array(cs, dtype=bool), chars, chars.ravel(),
                    np.array([ord(w[:1].lower() or ' ') for w, _ in words] or [0]),
                    np.array([len(w) for w, _ in words] or [0], dtype=np.int64),
                    np.array([s for _, s in words] or [False], dtype=bool),
                    max(n_words, default=0))
