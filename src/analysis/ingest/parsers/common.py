"""Pieces shared by the parsers: raw lines, blocks, configuration files, note markers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from analysis.core.errors import AnalysisError
from analysis.ingest.document import MARKER_SENTINEL, Marker, Paragraph, Repair
from analysis.ingest.textrepair import SmallCapsRule, any_of, normalise_spaces, pop_markers

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_MARKER = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
PAREN_MARKER = re.compile(r"\s*\((\d{1,3})\)")
TERMINAL = re.compile(r"[.!?…\"”»)\]'’:]$")


@dataclass
class Block:
    """Consecutive non-blank raw lines, with their line indices."""

    lines: list[int]
    texts: list[str]
    kind: str = ""  # "" (plain text: decide), "heading", "body", "note", "aside"
    detail: str = ""  # why an "aside" block is set aside
    number: int | None = None  # a "note" block's number

    @property
    def joined(self) -> str:
        """The lines joined by single spaces (no repairs)."""
        return " ".join(t.strip() for t in self.texts)


def split_blocks(raw: str) -> tuple[list[str], list[Block]]:
    """Raw lines and the blocks of non-blank lines between blank ones."""
    lines = raw.split("\n")
    blocks: list[Block] = []
    current: Block | None = None
    for i, line in enumerate(lines):
        if line.strip():
            if current is None:
                current = Block([], [])
                blocks.append(current)
            current.lines.append(i)
            current.texts.append(line)
        else:
            current = None
    return lines, blocks


def superscript_number(marker: str) -> int:
    """'¹⁰' → 10."""
    return int("".join(str(SUPERSCRIPT_DIGITS.index(ch)) for ch in marker))


def marker_pattern(
    *, brackets: bool = True, parentheses: bool = False, glued: tuple[int, ...] = ()
) -> re.Pattern[str]:
    """One regex for every marker style a document uses, so markers keep text order.

    Superscripts (``¹⁰``) always; ``[1]`` when ``brackets``; ``(1)`` when ``parentheses``
    (only safe where a numbered reference list exists); and, for each number in ``glued``,
    that number stuck to the end of a year (``May 20214`` = May 2021 + marker 4).
    """
    parts = [f"(?P<sup>[{SUPERSCRIPT_DIGITS}]+)"]
    if brackets:
        parts.append(r"\s*\[(?P<br>\d{1,3})\]")
    if parentheses:
        parts.append(r"\s*\((?P<par>\d{1,3})\)")
    if glued:
        numbers = "|".join(str(k) for k in sorted(glued, key=lambda k: -len(str(k))))
        parts.append(rf"(?<=\b(?:19|20)\d\d)(?P<glued>{numbers})\b")
    return re.compile("|".join(parts))


def mark_note_markers(
    text: str, pattern: re.Pattern[str], markers: list[Marker], log: list[Repair]
) -> str:
    """Replace note markers by sentinels, recording each marker's number in text order."""

    def _one(m: re.Match[str]) -> str:
        if m.group("sup"):
            number = superscript_number(m.group("sup"))
        elif m.groupdict().get("glued"):
            number = int(m.group("glued"))
            year = text[m.start() - 4 : m.start()]
            log.append(Repair("glued_marker", year + m.group(0), f"{year} ({number})"))
        else:
            number = int(m.group("br") or m.group("par"))
        markers.append(Marker(number, m.group(0).strip()))
        return MARKER_SENTINEL

    return pattern.sub(_one, text)


def finish_paragraph(
    role: str, text: str, section: str, lines: list[int], markers: list[Marker],
    log: list[Repair],
) -> Paragraph:
    """Normalise spaces, pop marker sentinels to offsets, and build the Paragraph."""
    text = normalise_spaces(text, log)
    if MARKER_SENTINEL in text:
        text = re.sub(rf" ?{MARKER_SENTINEL}", MARKER_SENTINEL, text)
    clean, offsets = pop_markers(text, [m.number for m in markers])
    for marker, offset in zip(markers, offsets, strict=True):
        marker.offset = offset
    return Paragraph(role, clean, section, lines, markers)


def ends_sentence(text: str) -> bool:
    """Does the text end where a sentence can end (ignoring trailing markers and spaces)?"""
    stripped = SUPERSCRIPT_MARKER.sub("", text).rstrip()
    return bool(TERMINAL.search(stripped))


def looks_like_heading(text: str, max_words: int = 16) -> bool:
    """A short line that opens with a capital and does not end like a sentence."""
    words = text.split()
    if not words or len(words) > max_words or not text[0].isupper():
        return False
    if SUPERSCRIPT_MARKER.search(text):
        return False
    return not re.search(r"[.,;:!”\"»]$", text.rstrip())


@cache
def load_yaml_resource(name: str) -> dict:
    """A YAML file shipped in ``analysis/data``."""
    text = resources.files("analysis.ingest").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise AnalysisError(f"analysis/data/{name}: expected a mapping at the top level")
    return data


@cache
def boilerplate_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(regex, detail) pairs for web-site furniture."""
    data = load_yaml_resource("web_boilerplate.yaml")
    out = []
    for i, entry in enumerate(data.get("patterns", [])):
        try:
            out.append((re.compile(entry["pattern"]), str(entry["detail"])))
        except (KeyError, TypeError, re.error) as exc:
            where = f"analysis/data/web_boilerplate.yaml: pattern {i + 1}"
            raise AnalysisError(f"{where}: {exc}") from None
    return tuple(out)


def _upper(match: re.Match[str]) -> str:
    return match.group(0).upper()


def _expander(template: str) -> Callable[[re.Match[str]], str]:
    return lambda match: match.expand(template)


@cache
def small_caps_rules() -> tuple[SmallCapsRule, ...]:
    """Compiled small-capitals restoration rules."""
    data = load_yaml_resource("small_caps.yaml")
    rules: list[SmallCapsRule] = []
    for entry in data.get("rules", []):
        pattern = re.compile(entry["pattern"])
        repl = entry["replacement"]
        if repl == "upper":
            rules.append((pattern, _upper))
        else:
            rules.append((pattern, _expander(repl)))
    return tuple(rules)


@cache
def small_caps_screen() -> re.Pattern[str] | None:
    """One pattern for all small-capitals rules, to skip texts none of them matches."""
    return any_of([pattern for pattern, _ in small_caps_rules()])


def match_boilerplate(text: str) -> str | None:
    """The boilerplate detail for a block of text, or None."""
    for pattern, detail in boilerplate_patterns():
        if pattern.search(text):
            return detail
    return None


def normalised_key(text: str) -> str:
    """Lower-case letters and digits only, for fuzzy comparisons of titles."""
    return "".join(filter(str.isalnum, text.casefold()))
