"""Language of a paragraph, by lingua (a detector built for short texts).

Lingua costs about a third of a millisecond per paragraph. A long paragraph in plain English
(ASCII letters only, English function words, hardly a letter in words English does not know
or in function words of another candidate language) is one lingua calls English with a
confidence near 1; :func:`surely_english` recognises such a paragraph from its words, and
only the others go to lingua. The test is deliberately strict: it never decides differently
from lingua on the seeds, on passages in the candidate languages, or on generated mixtures
of them (``tests/test_language_fast_path.py``; on 45,000 generated mixtures lingua's first
disagreement came at 11% of foreign letters, the test stops at 3%); in doubt, lingua decides.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import filterfalse

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder
from wordfreq import top_n_list

# Languages that occur in the corpus and its web furniture; a closed set keeps results stable.
# A source declared in another language adds its own to the set (see ``detect``), so its
# paragraphs are not forced into the nearest of these.
CANDIDATES = (
    Language.ENGLISH, Language.POLISH, Language.RUSSIAN, Language.UKRAINIAN,
    Language.BELARUSIAN, Language.GERMAN, Language.FRENCH,
)
# Below this confidence a paragraph keeps the document's declared language.
MIN_CONFIDENCE = 0.9


# The fast path's thresholds (see surely_english). Below MIN_WORDS lingua itself is often
# unsure of plain English (confidence under 0.9 for 12-20 words of the seeds); a few words of
# another language can tip it, so a paragraph with a non-ASCII letter, or with more than
# MAX_FOREIGN_LETTERS of its letters in words English does not know, goes to lingua.
MIN_WORDS = 30
MIN_ENGLISH_FUNCTION_SHARE = 0.15
MIN_ENGLISH_FUNCTION_TYPES = 3
MAX_FOREIGN_LETTERS = 0.03
VOCABULARY_SIZE = 200_000  # English words by frequency (wordfreq), names of the field included


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words of English that are not words of the other Latin-script candidates.
ENGLISH_FUNCTION_WORDS = _words(
    "the of and that with which from this these those for are were has have been their its "
    "it is they would than between into such what who whose but not by be there after about "
    "other against only over our we he she his them when while where how can could should "
    "being both each through under during because since until without within whether "
    "however")
# Function words of German, Polish, French and transliterated Russian as typed in ASCII
# (English's frequency list knows many of them from mixed web text, so they are named here);
# words English shares (die, war, son, my, I) are left out.
FOREIGN_FUNCTION_WORDS = _words(
    "der das und nicht ist mit sich des ein eine einer auf dem von zu im auch es werden "
    "wird sind nach bei aus wie oder aber noch nur vor zur zum fur uber dass wurde sie "
    "w z na nie sie jest ze od po przez oraz dla jak czy ale tak juz jego jej ich sa byl "
    "tylko miedzy o ktory ktore ktora "
    "le la les des et est une un du que qui dans pour sur au aux avec ce cette il elle sont "
    "ont mais ou leur ses sa nous vous "
    "v ne chto eto kak dlya ot k iz za ya vy oni")
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")
_NON_ASCII_LETTER = re.compile(r"(?![\x00-\x7f])[^\W\d_]")


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    return frozenset(top_n_list("en", VOCABULARY_SIZE)) - FOREIGN_FUNCTION_WORDS


def surely_english(text: str) -> bool:
    """Is the text plainly English, so that lingua would call it English with confidence?

    False means "not sure", not "not English": the caller then asks lingua.
    """
    if not text.isascii() and _NON_ASCII_LETTER.search(text):
        return False
    words = _ASCII_WORD.findall(text.lower())  # all letters are ASCII: the same as _WORD
    n = len(words)
    if n < MIN_WORDS:
        return False
    english = list(filter(ENGLISH_FUNCTION_WORDS.__contains__, words))
    if (len(english) < MIN_ENGLISH_FUNCTION_SHARE * n
            or len(set(english)) < MIN_ENGLISH_FUNCTION_TYPES):
        return False
    foreign = sum(map(len, filterfalse(_vocabulary().__contains__, words)))
    return foreign <= MAX_FOREIGN_LETTERS * sum(map(len, words))


@lru_cache(maxsize=8)
def _detector(extra: Language | None = None) -> LanguageDetector:
    languages = CANDIDATES if extra is None or extra in CANDIDATES else (*CANDIDATES, extra)
    return LanguageDetectorBuilder.from_languages(*languages).build()


@lru_cache(maxsize=64)
def _language_of(code: str) -> Language | None:
    """lingua's language for an ISO 639-1 code, or None when it knows none."""
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
    except ValueError:
        return None


def lingua_language(text: str, default: str = "en") -> str:
    """What lingua alone says (ISO 639-1 code, or ``default`` when it is unsure).

    The candidates are CANDIDATES plus the ``default`` language (the source's declared one).
    """
    if not any(ch.isalpha() for ch in text):
        return default
    best = _detector(_language_of(default)).compute_language_confidence_values(text)[0]
    if best.value < MIN_CONFIDENCE:
        return default
    return best.language.iso_code_639_1.name.lower()


def detect(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's language, or ``default`` when the detector is unsure.

    The plain-English test decides only where lingua's candidates are CANDIDATES (the test
    was checked against that set); a source declared in another language asks lingua.
    """
    extra = _language_of(default)
    if (extra is None or extra in CANDIDATES) and surely_english(text):
        return "en"
    return lingua_language(text, default)


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
