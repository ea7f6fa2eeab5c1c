"""Is a string a word? wordfreq's English frequencies plus the document's own vocabulary."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from wordfreq import zipf_frequency

WORD_RE = re.compile(r"[^\W\d_]+")
_SINGLE_LETTER_WORDS = {"a", "i"}


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency of an English word (0 when unknown), case-insensitive."""
    return zipf_frequency(word.lower(), "en")


class Lexicon:
    """Word-validity judgements for one document, used to repair broken words."""

    def __init__(self, text: str) -> None:
        self.counts = Counter(map(str.lower, WORD_RE.findall(text)))
        self._fragments: dict[str, bool] = {}  # is_fragment's answers (a pure function)
        self.memo: dict[str, tuple] = {}  # per-token judgements callers keep for the document

    def count(self, word: str) -> int:
        """How often the word occurs in the document."""
        return self.counts[word.lower()]

    def is_word(self, word: str) -> bool:
        """A word English knows (even rarely) or that the document uses more than once."""
        return zipf(word) >= 1.5 or self.count(word) >= 2

    def is_common(self, word: str) -> bool:
        """A word frequent in English or repeated in the document."""
        return zipf(word) >= 3.0 or self.count(word) >= 2

    def is_fragment(self, piece: str) -> bool:
        """A piece that cannot stand alone: a stray letter or an unknown, unrepeated string."""
        known = self._fragments.get(piece)
        if known is None:
            if len(piece) == 1:
                known = piece.lower() not in _SINGLE_LETTER_WORDS
            else:
                known = zipf(piece) < 1.0 and self.count(piece) <= 1
            self._fragments[piece] = known
        return known
