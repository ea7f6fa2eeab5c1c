"""Furniture seen only in a run of lines: menus, lists of other articles, comment sections.

Each function takes the texts of consecutive lines (or blocks) in reading order and returns
{index: rule name} for those that are furniture. The parsers apply them to the lines of a
block and to the sequence of blocks, and log each decision as ``rule: <name>``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from analysis.ingest.parsers.common import normalised_key
from analysis.ingest.parsers.furniture import LABEL, SENTENCE_END
from analysis.ingest.parsers.furniture_extra import COMMENTS_LABEL

MENU_RULE = "menu or link list"
RELATED_RULE = "list of other articles"
COMMENTS_RULE = "comment section"
REPEATED_RULE = "repeated within the page"
MENU_ITEM_WORDS = 6  # a menu item: at most this many words, no sentence punctuation
MENU_MIN_RUN = 4  # consecutive items that make a menu
HEADLINE_WORDS = 16  # a headline in a list of other articles: at most this many words
RELATED_MIN_ITEMS = 2
# The label over a list of other articles: "More Must-Reads From TIME", "Related stories",
# "Most popular", "Read next", "You may also like", "More from the author".
RELATED_LABEL = re.compile(
    r"^\s*[*_#]*\s*(?:(?:more|most|latest|related|recommended|popular|trending|top|editor'?s?'? "
    r"picks?|further|also on|around the|elsewhere (?:on|in))\b.{0,40}|read (?:next|more|also)|"
    r"(?:you|we think you) (?:may|might|could|will) (?:also )?(?:like|enjoy|be interested)"
    r"\b.{0,20}|"
    r"(?:more|stories|articles|posts) (?:from|by|on|in|about)\b.{0,30}|what to read next|"
    r"must[- ]reads?\b.{0,30}|in other news|don't miss\b.{0,20}|\S+(?: \S+)? recommends|"
    r"(?:audios?|videos?|podcasts?) (?:and (?:audios?|videos?) )?on (?:the|this) (?:topic|subject))"
    r"\s*[:.!]?\s*[*_]*\s*$",
    re.IGNORECASE)
RELATED_LABEL_WORDS = 8


def _menu_item(text: str) -> bool:
    """A short line a menu or list of links is made of ("Politics", "U.S.", "Sign In")."""
    words = text.split()
    if not words or len(words) > MENU_ITEM_WORDS:
        return False
    if LABEL.match(text):
        return True
    return not SENTENCE_END.search(text) or (len(words) <= 2 and text.rstrip().endswith("."))


def _headline(text: str) -> bool:
    """A line that reads as the headline of another article: short, one sentence at most."""
    words = text.split()
    if not words or len(words) > HEADLINE_WORDS:
        return False
    stripped = text.rstrip()
    return not stripped.endswith((".", ";", ":")) and stripped.count(". ") == 0


def menu_runs(texts: Sequence[str]) -> dict[int, str]:
    """Runs of at least MENU_MIN_RUN short unpunctuated lines in a row."""
    out: dict[int, str] = {}
    run: list[int] = []
    for index, text in enumerate([*texts, ""]):
        if text.strip() and _menu_item(text):
            run.append(index)
            continue
        if len(run) >= MENU_MIN_RUN:
            out.update(dict.fromkeys(run, MENU_RULE))
        run = []
    return out


def related_lists(texts: Sequence[str]) -> dict[int, str]:
    """A label such as "Related stories" and the headlines listed under it."""
    out: dict[int, str] = {}
    for index, text in enumerate(texts):
        if index in out or len(text.split()) > RELATED_LABEL_WORDS or not RELATED_LABEL.match(text):
            continue
        items: list[int] = []
        for later in range(index + 1, len(texts)):
            if not _headline(texts[later]):
                break
            items.append(later)
        if len(items) >= RELATED_MIN_ITEMS:
            out.update(dict.fromkeys([index, *items], RELATED_RULE))
    return out


# "03:29", "02:12 - Source: CNN": the running time under the headline of a video.
DURATION = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[-–—|]\s*source:?\s*.{1,40})?\s*$",
                      re.IGNORECASE)
VIDEO_RULE = "video or audio item"


def video_items(texts: Sequence[str]) -> dict[int, str]:
    """A running time ("03:29") and the headline just above it."""
    out: dict[int, str] = {}
    for index, text in enumerate(texts):
        if DURATION.match(text):
            out[index] = VIDEO_RULE
            if index and _headline(texts[index - 1]):
                out[index - 1] = VIDEO_RULE
    return out


def comment_sections(texts: Sequence[str]) -> dict[int, str]:
    """Everything from a comment-section label ("Reader Comments") to the end of the run."""
    for index, text in enumerate(texts):
        if len(text.split()) <= 12 and COMMENTS_LABEL.match(text):
            return dict.fromkeys(range(index, len(texts)), COMMENTS_RULE)
    return {}


def run_rules(texts: Sequence[str]) -> dict[int, str]:
    """All the run rules at once; the first that claims a line names it."""
    out: dict[int, str] = {}
    for rule in (comment_sections, related_lists, video_items, menu_runs):
        for index, name in rule(texts).items():
            out.setdefault(index, name)
    return out


CLOSING_ITEM_WORDS = 45  # the longest paragraph a list of teasers closing the text may hold


def closing_related(texts: Sequence[str]) -> int | None:
    """Index of the block that opens a list of other articles closing the text, or None.

    The block's first line is a label such as "More from the site", it stands in the second
    half of the text, and no paragraph after it is longer than a teaser's summary (but one,
    the site's own blurb, among at least three).
    """
    for index in range(len(texts) // 2, len(texts)):
        first = texts[index].split("\n", 1)[0]
        if len(first.split()) > RELATED_LABEL_WORDS or not RELATED_LABEL.match(first):
            continue
        rest = [line for text in texts[index:] for line in text.split("\n")]
        longer = [line for line in rest if len(line.split()) > CLOSING_ITEM_WORDS]
        items = [line for line in rest[1:] if line.strip()]
        if len(items) >= RELATED_MIN_ITEMS and len(longer) <= 1 and len(rest) >= 3 * len(longer):
            # a list of at least two items, and one longer paragraph (a blurb) at most
            return index
    return None


def repeated_lines(lines: Sequence[str]) -> frozenset[str]:
    """Keys of lines a page prints more than once that are not sentences (its own furniture).

    A headline or label printed twice ("GEAR 30 Tools You Should Have" in two sidebars) is the
    page's furniture; a sentence printed twice may be a pull quote of the body, so it stays.
    """
    counts = Counter(normalised_key(line) for line in lines
                     if len(line.split()) >= 3 and not SENTENCE_END.search(line))
    return frozenset(key for key, n in counts.items() if n >= 2 and len(key) >= 8)
