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


def normalise_spaces(text: str, log: list[Repair] | None) -> str:
    """Non-breaking, thin and other odd spaces become plain spaces; runs collapse to one.

    Each odd space is logged in ``log``; ``None`` when the caller keeps no log.
    """
    if log is not None:  # every odd space is logged as substitute() would log it
        log.extend(Repair("nonstandard_space", m.group(0), " ",
                          _context(text, m.start(), m.end()))
                   for m in ODD_SPACES.finditer(text))
    text = ODD_SPACES.sub(" ", text)
    if "  " in text:
        text = MULTI_SPACE.sub(" ", text)
    return text.strip()


def _is_letter(ch: str) -> bool:
    """``[^\\W\\d_]`` for one character (what ``re`` calls a word character, not a digit)."""
    return ch.isalnum() and not ch.isdecimal()


def _last_letters(text: str, end: int) -> str:
    """What ``[^\\W\\d_]+$`` finds in ``text[:end]`` ('' if nothing), read from the end."""
    if end and text[end - 1] == "\n":
        end -= 1
    start = end
    while start and _is_letter(text[start - 1]):
        start -= 1
    return text[start:end]


def _last_token(text: str) -> str:
    """What follows the last whitespace of ``text`` (``re.split(r"\\s", text)[-1]``)."""
    if text and text[-1].isspace():
        return ""
    return text.rsplit(None, 1)[-1] if text else ""


def _first_token(text: str) -> str:
    """What precedes the first whitespace of ``text`` (``re.split(r"\\s", text)[0]``)."""
    if not text or text[0].isspace():
        return ""
    return text.split(None, 1)[0]


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
        if not out.endswith("-"):  # the common case: no hyphen to decide about
            out = out + " " + line
            continue
        tail = _last_letters(out, len(out) - 1)
        head = _HEAD_WORD.search(line.lstrip("-"))
        if line.startswith("-") and tail:
            joined = out + line[1:]
            left, right = _last_token(out), _first_token(line)
            log.append(Repair("hyphen_compound_kept", f"{left}⏎{right}", left + right[1:]))
        elif (tail and head and line[0].islower() and keep_hyphen
              and keep_hyphen(tail, head.group(0))):
            joined = out + line
            left, right = _last_token(out), _first_token(line)
            log.append(Repair("hyphen_compound_kept", f"{left}⏎{right}", left + right))
        elif tail and head and line[0].islower():
            joined = out[:-1] + line
            left, right = _last_token(out), _first_token(line)
            log.append(Repair("dehyphenate", f"{left}⏎{right}", left[:-1] + right))
        elif tail or (out[-2:-1].isdigit() and line[0].isdigit()):
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
    if " -" not in text:  # what every match contains
        return text
    return substitute(text, SPACE_BEFORE_HYPHEN, lambda m: f"{m.group(1)}-{m.group(2)}",
                      "hyphen_space", log)


def _broken_word_kind(left: str, right: str, lexicon: Lexicon) -> str | None:
    """Why ``left right`` should be one word ('ligature_gap' or 'split_word'), or None."""
    # The cheap tests first: most pairs are two ordinary words, neither a fragment.
    if left.lower().endswith(LIGATURE_ENDINGS):
        joined = left + right
        # "off ice" → "office", but not "off the": a frequent right-hand word stays separate
        # unless the joined word is more frequent still.
        if lexicon.is_word(joined) and not (zipf(right) >= 4.0 and zipf(joined) < zipf(right)):
            return "ligature_gap"
    if lexicon.is_fragment(left) or lexicon.is_fragment(right):
        return "split_word" if lexicon.is_common(left + right) else None
    return None


Edges = tuple[str, str, int, bool, bool]


def _edges(token: str, lexicon: Lexicon) -> Edges:
    """A token's leading and trailing letters ('' when none), where the trailing ones start,
    and whether each could be half of a broken word (a pair with neither cannot be)."""
    if token.isalpha():  # all letters (each one a [^\W\d_]): the token is both ends
        left = right = token
        start = 0
    else:
        head = _HEAD_WORD.search(token)
        tail = _TAIL_WORD.search(token)
        left = tail.group(0) if tail else ""
        right = head.group(0) if head else ""
        start = tail.start() if tail else -1
    return (right, left, start,
            bool(left) and (left.lower().endswith(LIGATURE_ENDINGS) or lexicon.is_fragment(left)),
            bool(right) and lexicon.is_fragment(right))


def _join_kind(out: list[str], tail: str, tail_start: int, head: str,
               lexicon: Lexicon) -> str | None:
    """The repair that glues a token starting with ``head`` onto ``out[-1]``, or None."""
    glued_to = out[-1][:tail_start][-1:]
    if tail_start == 0 and len(out) > 1:  # "Belarus’ s": the token before
        glued_to = out[-2][-1:] if len(tail) == 1 else glued_to
    if glued_to.isdigit() or glued_to in ("’", "'"):  # 90s, Russia’s
        return None
    return _broken_word_kind(tail, head, lexicon)


def join_broken_words(text: str, lexicon: Lexicon, log: list[Repair]) -> str:
    """Close gaps inside words: ``infl uence`` → ``influence``, ``h elp`` → ``help``."""
    edges: dict[str, Edges] = lexicon.memo  # tokens repeat: look at each one once
    out: list[str] = []
    before: Edges | None = None  # the edges of out[-1]
    for token in text.split(" "):
        after = edges.get(token)
        if after is None:
            after = edges[token] = _edges(token, lexicon)
        if before is not None and (before[3] or after[4]) and before[1] and after[0]:
            tail, head = before[1], after[0]
            kind = _join_kind(out, tail, before[2], head, lexicon)
            if kind:
                log.append(Repair(kind, f"{tail} {head}", tail + head, f"{out[-1]} {token}"))
                out[-1] = out[-1] + token
                before = edges.get(out[-1]) or edges.setdefault(out[-1], _edges(out[-1], lexicon))
                continue
        out.append(token)
        before = after
    return " ".join(out)


def restore_lost_ligatures(text: str, lexicon: Lexicon, log: list[Repair]) -> str:
    """``a� ermath`` → ``aftermath``: pick the ligature that makes the most frequent word."""

    def _best(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        scored = [(zipf(left + c + right) + (3 if lexicon.count(left + c + right) else 0), c)
                  for c in LOST_LIGATURE_CANDIDATES]
        score, best = max(scored, key=lambda sc: sc[0])
        return left + best + right if score >= 1.0 else m.group(0)

    if "\ufffd" not in text:  # what every match contains
        return text
    return substitute(text, LOST_LIGATURE, _best, "lost_ligature", log)


SmallCapsRule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def restore_small_caps(text: str, rules: list[SmallCapsRule], log: list[Repair],
                       screen: re.Pattern[str] | None = None) -> str:
    """Acronyms set in small capitals come out lower-case (``eu``, ``nato``); restore them.

    ``screen``: a pattern that matches wherever any of the rules does (one scan instead of
    one per rule for the many texts without such acronyms); see ``any_of``.
    """
    if screen is not None and not screen.search(text):
        return text
    for pattern, replace in rules:
        text = substitute(text, pattern, replace, "small_caps", log)
    return text


# A backreference or a conditional refers to a group by number or name, which a combination
# of patterns would renumber; such patterns are not combined.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?\(")


def any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that matches wherever any of ``patterns`` matches (their alternation), or
    None when they cannot be combined safely (different flags, group references, inline
    global flags, repeated group names)."""
    if not patterns or len({p.flags for p in patterns}) > 1:
        return None
    if any(_GROUP_REFERENCE.search(p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    except re.error:
        return None


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
