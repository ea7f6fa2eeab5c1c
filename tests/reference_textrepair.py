"""The text repairs as they were before they were made fast (issue 16): the oracle the fast
versions in ``analysis.ingest.textrepair`` are compared with (tests/test_textrepair_fast.py).

Kept word for word from the previous module, apart from names; not used by the package.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.ingest.document import Repair
from analysis.ingest.lexicon import Lexicon, zipf
from analysis.ingest.textrepair import (
    LIGATURE_ENDINGS,
    LOST_LIGATURE,
    LOST_LIGATURE_CANDIDATES,
    MULTI_SPACE,
    ODD_SPACES,
    SPACE_BEFORE_HYPHEN,
    substitute,
)

_TAIL_WORD = re.compile(r"[^\W\d_]+$")
_HEAD_WORD = re.compile(r"^[^\W\d_]+")


def normalise_spaces(text: str, log: list[Repair]) -> str:
    text = substitute(text, ODD_SPACES, lambda m: " ", "nonstandard_space", log)
    return MULTI_SPACE.sub(" ", text).strip()


def join_lines_dehyphenating(lines: list[str], log: list[Repair],
                             keep_hyphen: Callable[[str, str], bool] | None = None) -> str:
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
            joined = out + line
        else:
            joined = out + " " + line
        out = joined
    return out


def _broken_word_kind(left: str, right: str, lexicon: Lexicon) -> str | None:
    joined = left + right
    right_stands_alone = zipf(right) >= 4.0 and zipf(joined) < zipf(right)
    if (left.lower().endswith(LIGATURE_ENDINGS) and lexicon.is_word(joined)
            and not right_stands_alone):
        return "ligature_gap"
    if lexicon.is_common(joined) and (lexicon.is_fragment(left) or lexicon.is_fragment(right)):
        return "split_word"
    return None


def join_broken_words(text: str, lexicon: Lexicon, log: list[Repair]) -> str:
    tokens = text.split(" ")
    out: list[str] = []
    for token in tokens:
        if out:
            tail = _TAIL_WORD.search(out[-1])
            head = _HEAD_WORD.search(token)
            glued_to = out[-1][: tail.start()][-1:] if tail else ""
            if tail and tail.start() == 0 and len(out) > 1:
                glued_to = out[-2][-1:] if len(tail.group(0)) == 1 else glued_to
            suffix_like = glued_to.isdigit() or glued_to in ("’", "'")
            if tail and head and not suffix_like:
                kind = _broken_word_kind(tail.group(0), head.group(0), lexicon)
                if kind:
                    log.append(Repair(kind, f"{tail.group(0)} {head.group(0)}",
                                      tail.group(0) + head.group(0), f"{out[-1]} {token}"))
                    out[-1] = out[-1] + token
                    continue
        out.append(token)
    return " ".join(out)


def close_hyphen_spaces(text: str, log: list[Repair]) -> str:
    return substitute(text, SPACE_BEFORE_HYPHEN, lambda m: f"{m.group(1)}-{m.group(2)}",
                      "hyphen_space", log)


def restore_lost_ligatures(text: str, lexicon: Lexicon, log: list[Repair]) -> str:
    def _best(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        scored = [(zipf(left + c + right) + (3 if lexicon.count(left + c + right) else 0), c)
                  for c in LOST_LIGATURE_CANDIDATES]
        score, best = max(scored, key=lambda sc: sc[0])
        return left + best + right if score >= 1.0 else m.group(0)

    return substitute(text, LOST_LIGATURE, _best, "lost_ligature", log)
