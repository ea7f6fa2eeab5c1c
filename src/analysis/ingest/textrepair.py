"""Repairs of extraction damage; each change is logged as a Repair so it can be audited."""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.ingest.document import MARKER_SENTINEL, Repair
from analysis.ingest.lexicon import WORD_RE, Lexicon, zipf

ODD_SPACES = re.compile(r"[\u00a0\u2002-\u200a\u202f\u205f\t]")
MULTI_SPACE = re.compile(r" {2,}")
SPACE_BEFORE_HYPHEN = re.compile(r"([^\W\d_]+) -([^\W\d_]+)")
LIGATURE_ENDINGS = ("ff", "fi", "fl")
LOST_LIGATURE_CANDIDATES = ("ft", "ff", "fi", "fl", "ffi", "ffl", "tt", "th")
LOST_LIGATURE = re.compile(r"([^\W\d_]*)\ufffd ?([^\W\d_]*)")
LIGATURE_LETTERS = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                    "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
LIGATURE_CHARACTERS = re.compile(f"[{''.join(LIGATURE_LETTERS)}]")
_TAIL_WORD = re.compile(r"[^\W\d_]+$")
_HEAD_WORD = re.compile(r"^[^\W\d_]+")


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    return text[max(0, start - width) : end + width].replace("\n", " ")


def substitute(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str],
    kind: str, log: list[Repair],
) -> str:
    """``pattern.sub`` that logs every match whose replacement differs from it."""

    def _one(m: re.Match[str]) -> str:
        new = replace(m)
        if new != m.group(0):
            log.append(Repair(kind, m.group(0), new, _context(text, m.start(), m.end())))
        return new

    return pattern.sub(_one, text)


def normalise_spaces(text: str, log: list[Repair]) -> str:
    """Non-breaking, thin and other odd spaces become plain spaces; runs collapse to one."""
    text = substitute(text, ODD_SPACES, lambda m: " ", "nonstandard_space", log)
    return MULTI_SPACE.sub(" ", text).strip()


def join_lines_dehyphenating(lines: list[str], log: list[Repair],
                             keep_hyphen: Callable[[str, str], bool] | None = None) -> str:
    """Join typeset lines, undoing end-of-line hyphenation but keeping real compounds.

    ``Russia-⏎-West`` (the hyphen repeated on the next line, Polish typesetting for a
    real compound) becomes ``Russia-West``; ``be-⏎gun`` becomes ``begun``; a hyphen before
    a capital or a digit (``anti-⏎Western``, ``2014-⏎2020``) is kept, and so is one
    ``keep_hyphen(left, right)`` calls a compound (``wait-⏎and-see``).
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        tail = _TAIL_WORD.search(out[:-1]) if out.endswith("-") else None
        head = _HEAD_WORD.search(line.lstrip("-"))
        left = re.split(r"\s", out)[-1]
        right = re.split(r"\s", line)[0]
        if out.endswith("-") and line.startswith("-") and tail:
            joined = out + line[1:]
            log.append(Repair("hyphen_compound_kept", f"{left}⏎{right}", left + right[1:]))
        elif (out.endswith("-") and tail and head and line[0].islower() and keep_hyphen
              and keep_hyphen(tail.group(0), head.group(0))):
            joined = out + line
            log.append(Repair("hyphen_compound_kept", f"{left}⏎{right}", left + right))
        elif out.endswith("-") and tail and head and line[0].islower():
            joined = out[:-1] + line
            log.append(Repair("dehyphenate", f"{left}⏎{right}", left[:-1] + right))
        elif out.endswith("-") and (tail or (out[-2:-1].isdigit() and line[0].isdigit())):
            joined = out + line  # anti-⏎Western, 2014-⏎2020
        else:
            joined = out + " " + line
        out = joined
    return out


def expand_ligatures(text: str, log: list[Repair]) -> str:
    """``ﬁ`` → ``fi``: ligature characters a PDF keeps as printed become their letters."""
    return substitute(text, LIGATURE_CHARACTERS, lambda m: LIGATURE_LETTERS[m.group(0)],
                      "ligature", log)


def close_hyphen_spaces(text: str, log: list[Repair]) -> str:
    """``post -Soviet`` → ``post-Soviet`` (a space left before a hyphen by extraction)."""
    return substitute(text, SPACE_BEFORE_HYPHEN, lambda m: f"{m.group(1)}-{m.group(2)}",
                      "hyphen_space", log)


def _broken_word_kind(left: str, right: str, lexicon: Lexicon) -> str | None:
    """Why ``left right`` should be one word ('ligature_gap' or 'split_word'), or None."""
    joined = left + right
    # "off ice" → "office", but not "off the": a frequent right-hand word stays separate
    # unless the joined word is more frequent still.
    right_stands_alone = zipf(right) >= 4.0 and zipf(joined) < zipf(right)
    if (left.lower().endswith(LIGATURE_ENDINGS) and lexicon.is_word(joined)
            and not right_stands_alone):
        return "ligature_gap"
    if lexicon.is_common(joined) and (lexicon.is_fragment(left) or lexicon.is_fragment(right)):
        return "split_word"
    return None


def join_broken_words(text: str, lexicon: Lexicon, log: list[Repair]) -> str:
    """Close gaps inside words: ``infl uence`` → ``influence``, ``h elp`` → ``help``."""
    tokens = text.split(" ")
    out: list[str] = []
    for token in tokens:
        if out:
            tail = _TAIL_WORD.search(out[-1])
            head = _HEAD_WORD.search(token)
            glued_to = out[-1][: tail.start()][-1:] if tail else ""
            if tail and tail.start() == 0 and len(out) > 1:  # "Belarus’ s": the token before
                glued_to = out[-2][-1:] if len(tail.group(0)) == 1 else glued_to
            suffix_like = glued_to.isdigit() or glued_to in ("’", "'")  # 90s, Russia’s
            if tail and head and not suffix_like:
                kind = _broken_word_kind(tail.group(0), head.group(0), lexicon)
                if kind:
                    log.append(Repair(kind, f"{tail.group(0)} {head.group(0)}",
                                      tail.group(0) + head.group(0), f"{out[-1]} {token}"))
                    out[-1] = out[-1] + token
                    continue
        out.append(token)
    return " ".join(out)


def restore_lost_ligatures(text: str, lexicon: Lexicon, log: list[Repair]) -> str:
    """``a� ermath`` → ``aftermath``: pick the ligature that makes the most frequent word."""

    def _best(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        scored = [(zipf(left + c + right) + (3 if lexicon.count(left + c + right) else 0), c)
                  for c in LOST_LIGATURE_CANDIDATES]
        score, best = max(scored, key=lambda sc: sc[0])
        return left + best + right if score >= 1.0 else m.group(0)

    return substitute(text, LOST_LIGATURE, _best, "lost_ligature", log)


SmallCapsRule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def restore_small_caps(text: str, rules: list[SmallCapsRule], log: list[Repair]) -> str:
    """Acronyms set in small capitals come out lower-case (``eu``, ``nato``); restore them."""
    for pattern, replace in rules:
        text = substitute(text, pattern, replace, "small_caps", log)
    return text


def pop_markers(text: str, numbers: list[int]) -> tuple[str, list[int]]:
    """Remove marker sentinels; return the clean text and each marker's offset in it."""
    offsets: list[int] = []
    parts = text.split(MARKER_SENTINEL)
    clean = ""
    for i, part in enumerate(parts):
        if i:
            offsets.append(len(clean))
        clean += part
    if len(offsets) != len(numbers):
        raise ValueError("marker sentinels and marker numbers disagree")
    return clean, offsets


def words(text: str) -> list[str]:
    """Alphabetic words, for counting."""
    return WORD_RE.findall(text)
