"""Language of a paragraph, by lingua (a detector built for short texts)."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Languages that occur in the corpus and its web furniture; a closed set keeps results stable.
CANDIDATES = (
    Language.ENGLISH, Language.POLISH, Language.RUSSIAN, Language.UKRAINIAN,
    Language.BELARUSIAN, Language.GERMAN, Language.FRENCH,
)
# Below this confidence a paragraph keeps the document's declared language.
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).build()


def detect(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's language, or ``default`` when the detector is unsure."""
    if not any(ch.isalpha() for ch in text):
        return default
    best = _detector().compute_language_confidence_values(text)[0]
    if best.value < MIN_CONFIDENCE:
        return default
    return best.language.iso_code_639_1.name.lower()
