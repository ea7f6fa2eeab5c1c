"""Paragraphs → sentences with pysbd's rules, plus merges for abbreviations pysbd splits after.

``sentence_spans`` gives exactly the sentences of ``reference_sentence_spans`` (pysbd itself
plus the merges) about ten times faster: plain paragraphs are cut in one pass
(``segment_plain``), the rest by pysbd's own rules without the steps that cannot change
them (``segment_fast``). Tests compare the two on the corpus, pysbd's golden rules and
generated paragraphs.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from analysis.ingest.segment_fast import careful_sentences, char_spans
from analysis.ingest.segment_plain import plain_sentences

# pysbd builds about 1,000 regular expressions from strings while it runs, more than the 512
# that Python's `re` keeps compiled, so each paragraph recompiles hundreds of them (about
# half of the parse time). A larger cache (the module attribute `re` reads on every call)
# keeps them compiled; the results are the same.
_RE_CACHE = 4096
if getattr(re, "_MAXCACHE", _RE_CACHE) < _RE_CACHE:
    re._MAXCACHE = _RE_CACHE  # type: ignore[attr-defined]

# A sentence ending like this did not end: the next piece continues it.
_ABBREVIATIONS = ("vol", "vols", "no", "nos", "p", "pp", "ed", "eds", "cf", "ch", "fig", "art",
                  "sec", "para", "ibid", "op", "cit", "Ph", "Dr", "Mr", "Mrs", "Ms", "Prof",
                  "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Gov", "Sen", "Rep", "Jan",
                  "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
                  "approx", "etc", "vs", "e.g", "i.e", "u.s", "u.k")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:" + "|".join(map(re.escape, _ABBREVIATIONS)) + r")\.|(?<![.\w])[A-HJ-Z]\.)\s*$")
# Its matches end at the last non-space character and are at most this long before it.
_LONGEST_ENDING = max(map(len, _ABBREVIATIONS)) + 1
# "U.S." or "E.U." ending a piece: a sentence end if the next piece opens with a word that
# usually starts a sentence (pysbd's golden rules 14, 15), else part of a name.
_DOTTED_ACRONYM_END = re.compile(r"(?<![.\w])(?:[A-Z]\.){2,}\s*$")
_SENTENCE_OPENER = re.compile(r"^(?:How|What|Why|When|Where|Who|It|This|That|These|Those|The|"
                              r"They|We|He|She|I|You|There|But|And|So|Yet|In|On|At|As)\b")
_LETTERED_ITEM = re.compile(r"^[a-z]\.\s")
_NUMBERED_ITEM = re.compile(r"^\d{1,2}\.\s+[a-z]")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _ends_in_abbreviation(previous: str, fast: bool) -> bool:
    """``_ABBREVIATION_END.search(previous)``; ``fast`` searches only the last characters,
    where every match lies (the pattern's lookbehinds still see the ones before)."""
    if not fast:
        return _ABBREVIATION_END.search(previous) is not None
    start = len(previous.rstrip()) - _LONGEST_ENDING
    return _ABBREVIATION_END.search(previous, max(start, 0)) is not None


def _ends_in_dotted_acronym(previous: str, fast: bool) -> bool:
    """``_DOTTED_ACRONYM_END.search(previous)``; ``fast`` first checks the two letters and
    full stops that every match ends with."""
    if fast:
        tail = previous.rstrip()[-4:]
        if not (len(tail) == 4 and tail[1] == tail[3] == "." and
                "A" <= tail[0] <= "Z" and "A" <= tail[2] <= "Z"):
            return False
    return _DOTTED_ACRONYM_END.search(previous) is not None


def _continues(previous: str, following: str, fast: bool = False) -> bool:
    """Should ``following`` be glued back onto ``previous``?"""
    if _ends_in_abbreviation(previous, fast):
        return True
    if _ends_in_dotted_acronym(previous, fast):
        return not _SENTENCE_OPENER.match(following)
    if _LETTERED_ITEM.match(following):  # "a. The first item b. The second item"
        return False
    if _NUMBERED_ITEM.match(following):  # "…crisis: 1. to gain revenge; 2. to reaffirm…"
        return True
    return bool(following) and following[0].islower()


def reference_pysbd_spans(text: str) -> list[tuple[int, int]]:
    """pysbd's own sentence spans of ``text`` (the reference for ``pysbd_spans``)."""
    return [(s.start, s.end) for s in _segmenter().segment(text)]


def pysbd_spans(text: str) -> list[tuple[int, int]]:
    """pysbd's sentence spans of ``text``, the same as ``reference_pysbd_spans``, faster."""
    sentences = plain_sentences(text)
    return char_spans(text, careful_sentences(text) if sentences is None else sentences)


def _merged(text: str, raw: list[tuple[int, int]], fast: bool) -> list[tuple[int, int]]:
    """pysbd's spans with abbreviation splits glued back, stripped of surrounding spaces."""
    merged: list[list[int]] = []
    for start, end in raw:
        if merged and _continues(text[merged[-1][0] : merged[-1][1]], text[start:end].lstrip(),
                                 fast):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    spans = []
    for start, end in merged:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            spans.append((start + left, start + right))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (stripped of surrounding spaces)."""
    return _merged(text, pysbd_spans(text), fast=True) if text.strip() else []


def reference_sentence_spans(text: str) -> list[tuple[int, int]]:
    """``sentence_spans`` by pysbd itself: slower, kept as the reference it must equal."""
    return _merged(text, reference_pysbd_spans(text), fast=False) if text.strip() else []


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``."""
    return [text[a:b] for a, b in sentence_spans(text)]


def count_words(text: str) -> int:
    """Words as a reader counts them: letters/digits, hyphenated compounds count once."""
    return len(WORD.findall(text))
