"""pysbd's English segmentation, the same sentences and spans, without its no-op work.

pysbd (0.3.4) runs about 130 regular-expression substitutions on every paragraph and, for
each of its ~200 abbreviations found anywhere in a line, one whole-line substitution per
word that starts with it. Most of them cannot change the text. This module runs pysbd's own
rules and methods in pysbd's order but skips each step that provably changes nothing:

* a substitution whose pattern needs a character the text lacks (``segment_guard``);
* the list-item pass when fewer than two list markers of each kind are found (pysbd only
  rewrites a marker that has a neighbour in sequence);
* an abbreviation that no line has as a whole token right before a full stop: all of pysbd's
  abbreviation rewrites turn such a full stop into a placeholder, and nothing else;
* character offsets found with ``str.find`` instead of one regular expression per sentence.

``pysbd_spans(text)`` equals ``[(s.start, s.end) for s in Segmenter(char_span=True)
.segment(text)]``; tests compare the two on the corpus, the golden rules and generated text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import pysbd
from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.punctuation_replacer import replace_punctuation

from analysis.ingest.segment_guard import apply, may_match
from analysis.ingest.segment_lists import add_line_breaks

_E = English
# pysbd's rule lists, as the tuples ``apply`` takes.
_ABBREVIATION_RULES = (_E.PossessiveAbbreviationRule, _E.KommanditgesellschaftRule,
                       *_E.SingleLetterAbbreviationRules.All)
_AM_PM = tuple(_E.AmPmRules.All)
_NUMBERS = tuple(_E.Numbers.All)
_INNER_STOPS = (_E.Abbreviation.WithMultiplePeriodsAndEmailRule, _E.GeoLocationRule,
                _E.FileFormatRule)
_ELLIPSES = (_E.SingleNewLineRule, *_E.EllipsisRules.All)
_SYMBOLS_BACK = tuple(_E.SubSymbolsRules.All)
_QUOTE_BACK = (_E.SubSingleQuoteRule,)
_ELLIPSES_BACK = tuple(_E.ReinsertEllipsisRules.All)
_DOUBLE = tuple(_E.DoublePunctuationRules.All)
_EXCLAIM = (_E.QuestionMarkInQuotationRule, *_E.ExclamationPointRules.All)
_ABBREVIATIONS: list[str] = English.Abbreviation.ABBREVIATIONS
# Where each abbreviation without an inner full stop stands in pysbd's (ordered) list,
# by the abbreviation reversed (tokens are read from the reversed text, see below).
_UNDOTTED: dict[str, list[int]] = {}
for _i, _abbr in enumerate(_ABBREVIATIONS):
    if "." not in _abbr.strip():
        _UNDOTTED.setdefault(_abbr.strip()[::-1], []).append(_i)
UNDOTTED_ABBREVIATIONS = frozenset(word[::-1] for word in _UNDOTTED)
_DOTTED = [(i, a.strip()) for i, a in enumerate(_ABBREVIATIONS) if "." in a.strip()]
# In the reversed text, a full stop and the whole token (back to whitespace or the line
# start) before it: a pattern that starts with a literal, which ``re`` finds quickly.
_TOKEN_BEFORE_STOP_REVERSED = re.compile(r"\.([^\s.]+)(?!\S)")
# The characters that pysbd's case-insensitive matching takes for an ASCII letter besides
# its two cases (tested exhaustively): with these folded, ``.lower()`` gives the letter.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def fold(word: str) -> str:
    """``word`` in the form that equals an abbreviation pysbd matches case-insensitively."""
    return word.translate(_FOLD).lower()


def abbreviations_in(line: str) -> tuple[str, ...]:
    """pysbd's abbreviations (in its order) whose rewrites could change ``line``.

    A rewrite for an abbreviation without an inner full stop replaces a full stop that follows
    whitespace (or the line start) and a case variant of the abbreviation, so the line must
    have such a token; the few dotted ones ("e.g", "u.s") are kept whenever pysbd looks.
    """
    if "." not in line:
        return ()
    hits = {fold(w) for w in _TOKEN_BEFORE_STOP_REVERSED.findall(line[::-1])}
    places = [i for word in hits.intersection(_UNDOTTED) for i in _UNDOTTED[word]]
    lowered = line.lower()
    places += [i for i, abbr in _DOTTED if abbr in lowered]
    return tuple(_ABBREVIATIONS[i] for i in sorted(places))


@lru_cache(maxsize=4096)
def _language_with(abbreviations: tuple[str, ...]) -> Any:
    """The attributes of pysbd's English that its abbreviation loop reads, with a shorter list."""
    return SimpleNamespace(Abbreviation=SimpleNamespace(
        ABBREVIATIONS=list(abbreviations),
        PREPOSITIVE_ABBREVIATIONS=English.Abbreviation.PREPOSITIVE_ABBREVIATIONS,
        NUMBER_ABBREVIATIONS=English.Abbreviation.NUMBER_ABBREVIATIONS))


class _Abbreviations(English.AbbreviationReplacer):
    """pysbd's abbreviation pass, looping only over the abbreviations that can fire."""

    text: str
    lang: Any

    def replace(self) -> str:
        self.text = apply(self.text, _ABBREVIATION_RULES)
        self.text = "".join(self.search_for_abbreviations_in_string(line)
                            for line in self.text.splitlines(True))
        if "." in self.text:  # MULTI_PERIOD_ABBREVIATION_REGEX needs one
            self.replace_multi_period_abbreviations()
        self.text = apply(self.text, _AM_PM)
        if "∯" in self.text:  # the sentence-boundary pattern needs one
            self.text = self.replace_abbreviation_as_sentence_boundary()
        return str(self.text)

    def search_for_abbreviations_in_string(self, text: str) -> str:
        wanted = abbreviations_in(text)
        if not wanted:
            return text
        lang, self.lang = self.lang, _language_with(wanted)
        try:
            return str(super().search_for_abbreviations_in_string(text))
        finally:
            self.lang = lang


# pysbd's ``replace_punctuation`` (applied to quoted or bracketed spans) escapes brackets
# and dashes, hides full stops, !, ?, their CJK forms and ' behind placeholders, then
# unescapes: a span with none of these characters and no backslash comes back unchanged.
_HIDDEN_BY_REPLACE = re.compile(r"[.。．！!?？'\\]")


def _replace_punctuation(match: re.Match[str]) -> str:
    """pysbd's ``replace_punctuation``, skipped where it returns the span unchanged."""
    if _HIDDEN_BY_REPLACE.search(match.group()) is None:
        return match.group()
    return str(replace_punctuation(match))


# pysbd's BetweenPunctuation steps in its order: each (but the first, kept as pysbd's own
# method for its extra condition) is ``re.sub(pattern, replace_punctuation, text)``.
_BETWEEN = tuple(getattr(BetweenPunctuation, name) for name in (
    "BETWEEN_SINGLE_QUOTES_REGEX", "BETWEEN_SINGLE_QUOTE_SLANTED_REGEX",
    "BETWEEN_DOUBLE_QUOTES_REGEX_2", "BETWEEN_SQUARE_BRACKETS_REGEX_2",
    "BETWEEN_PARENS_REGEX_2", "BETWEEN_QUOTE_ARROW_REGEX_2", "BETWEEN_EM_DASHES_REGEX_2",
    "BETWEEN_QUOTE_SLANTED_REGEX_2"))


class _Processor(Processor):
    """pysbd's Processor with every step guarded by the characters it needs."""

    text: str
    lang: Any

    def process(self) -> Any:
        lang = self.lang
        if not self.text:
            return self.text
        self.text = self.text.replace("\n", "\r")
        self.text = add_line_breaks(self.text)
        self.text = _Abbreviations(self.text, lang).replace()
        self.text = apply(self.text, _NUMBERS)
        if may_match(lang.CONTINUOUS_PUNCTUATION_REGEX, self.text):
            self.replace_continuous_punctuation()
        if may_match(lang.NUMBERED_REFERENCE_REGEX, self.text):
            self.replace_periods_before_numeric_references()
        self.text = apply(self.text, _INNER_STOPS)
        return self.split_into_segments()

    def split_into_segments(self) -> list[str]:
        lang = self.lang
        if may_match(lang.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX, self.text):
            self.check_for_parens_between_quotes()
        pieces = [apply(s, _ELLIPSES)
                  for s in self.rm_none_flatten(self.text.split("\r"))]
        pieces = self.rm_none_flatten([self.check_for_punctuation(s) for s in pieces])
        sentences: list[str] = []
        for piece in pieces:
            done = self.post_process_segments(apply(piece, _SYMBOLS_BACK))
            if done and isinstance(done, str):
                sentences.append(done)
            elif isinstance(done, list):
                sentences.extend(done)
        return [apply(s, _QUOTE_BACK) for s in sentences]

    def post_process_segments(self, txt: str) -> Any:
        if len(txt) > 2 and re.search(r"\A[a-zA-Z]*\Z", txt):
            return txt
        txt = apply(txt, _ELLIPSES_BACK)
        if re.search(self.lang.QUOTATION_AT_END_OF_SENTENCE_REGEX, txt):
            return re.split(self.lang.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX, txt)
        return txt.replace("\n", "").strip()

    def process_text(self, txt: str) -> Any:
        lang = self.lang
        if txt[-1] not in lang.Punctuations:
            txt += "ȸ"
        if may_match(ExclamationWords.EXCLAMATION_REGEX, txt):
            txt = ExclamationWords.apply_rules(txt)  # its words all hold a ! or ǃ
        txt = self.between_punctuation(txt)
        if not re.match(lang.DoublePunctuationRules.DoublePunctuation, txt):
            txt = apply(txt, _DOUBLE)
        txt = apply(txt, _EXCLAIM)
        if may_match(ListItemReplacer.ROMAN_NUMERALS_IN_PARENTHESES, txt):
            txt = ListItemReplacer(txt).replace_parens()
        return self.sentence_boundary_punctuation(txt)

    def between_punctuation(self, txt: str) -> str:
        if may_match(_BETWEEN[0], txt):
            txt = BetweenPunctuation(txt).sub_punctuation_between_single_quotes(txt)
        for pattern in _BETWEEN[1:]:
            if may_match(pattern, txt):
                txt = re.sub(pattern, _replace_punctuation, txt)
        return txt


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def char_spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """pysbd's ``sentences_with_char_spans``: each sentence's first occurrence (with the
    whitespace after it) that ends beyond the previous one; a sentence not found is dropped."""
    if not all(sentences):  # an empty sentence: leave the odd case to pysbd itself
        segmenter = _segmenter()
        segmenter.original_text = text
        return [(s.start, s.end) for s in segmenter.sentences_with_char_spans(sentences)]
    spans, prior_end, size = [], 0, len(text)
    for sentence in sentences:
        start = text.find(sentence)
        while start >= 0:
            end = start + len(sentence)
            while end < size and text[end].isspace():
                end += 1
            if end > prior_end:
                spans.append((start, end))
                prior_end = end
                break
            start = text.find(sentence, end)
    return spans


def careful_sentences(text: str) -> list[str]:
    """pysbd's sentences of ``text`` (English, ``clean=False``) by its own rules."""
    return list(_Processor(text, English, char_span=True).process()) if text else []
