"""Language of a paragraph, by lingua (a detector built for short texts)."""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# Languages that occur in the corpus and its web furniture; a closed set keeps results stable.
# A source declared in another language adds its own to the set (see ``detect``), so its
# paragraphs are not forced into the nearest of these.
CANDIDATES = (
    Language.ENGLISH, Language.POLISH, Language.RUSSIAN, Language.UKRAINIAN,
    Language.BELARUSIAN, Language.GERMAN, Language.FRENCH,
)
# Below this confidence a paragraph keeps the document's declared language.
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=8)
def _detector(extra: Language | None = None) -> LanguageDetector:
    languages = CANDIDATES if extra is None or extra in CANDIDATES else (*CANDIDATES, extra)
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _language_of(code: str) -> Language | None:
    """lingua's language for an ISO 639-1 code, or None when it knows none."""
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
    except ValueError:
        return None


def detect(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's language, or ``default`` when the detector is unsure.

    The candidates are CANDIDATES plus the ``default`` language (the source's declared one).
    """
    if not any(ch.isalpha() for ch in text):
        return default
    best = _detector(_language_of(default)).compute_language_confidence_values(text)[0]
    if best.value < MIN_CONFIDENCE:
        return default
    return best.language.iso_code_639_1.name.lower()


@lru_cache(maxsize=1)
def _document_detector() -> LanguageDetector:
    # Every language lingua knows, so a page in Spanish is not mistaken for one of CANDIDATES;
    # low-accuracy mode suffices for a document's worth of text and keeps memory small.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


CHUNK = 1000  # characters per piece of a document whose language is detected
MAX_CHUNKS = 60  # pieces spread over a long document


def _chunks(text: str) -> list[str]:
    """The text cut at line ends into pieces of about CHUNK characters."""
    pieces, current = [], ""
    for line in text.splitlines():
        current = f"{current}\n{line}" if current else line
        if len(current) >= CHUNK:
            pieces.append(current)
            current = ""
    if current.strip():
        pieces.append(current)
    step = max(1, len(pieces) // MAX_CHUNKS)
    return pieces[::step]


def document_language(text: str) -> tuple[str, str] | None:
    """(ISO 639-1 code, English name) of the language most of a document is written in (by
    characters, over pieces of about a thousand characters, so an abstract in a second
    language does not decide); None when the text has no letters or the detector cannot tell."""
    weights: dict = {}
    for piece in _chunks(text):
        if not any(ch.isalpha() for ch in piece):
            continue
        language = _document_detector().detect_language_of(piece)
        if language is not None:
            weights[language] = weights.get(language, 0) + len(piece)
    if not weights:
        return None
    language = max(weights, key=lambda lang: (weights[lang], lang.name))
    return language.iso_code_639_1.name.lower(), language.name.title()
