"""Load, validate and compile a codebook file (YAML) into one matcher per dimension.

Pattern syntax, one pattern per string, words separated by spaces:

- ``word``   the word, any case (unless the entry is ``case_sensitive``);
- ``word*``  any word starting with ``word`` (inflections: ``sanction*``, ``militar*``);
- ``*``      exactly one arbitrary word;  ``**`` up to four arbitrary words;
- words of a phrase match across a space or a hyphen (``air defence`` = ``air-defence``).

Within a dimension, matching runs left to right; at each position the entry with more
words is tried first, so a multi-word expression wins over its parts, and an exclusion
(``tear gas``) that matches consumes the span and vetoes the terms inside it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.core.errors import AnalysisError

DEFAULT_CODEBOOK = Path(__file__).resolve().parents[3] / "codebooks" / "integration-v1.3.yaml"
GAPS = ("*", "**")  # a one-word wildcard and a gap of up to four words
_SEP = r"[\s\-‐–]+"
_GAP = r"(?:[\w’'-]+[\s\-‐–]+){0,4}?"  # up to four words, each with its separator
BEFORE = r"(?<![\w’'-])"  # a match starts a word ...
AFTER = r"(?![\w-])"  # ... and ends one
ROLES = ("integration", "context")
# How results name a context-only dimension (tables' ``role`` column, labels), the one place
# every stage takes them from (``analysis.report.flags`` applies them).
CONTEXT_LABEL = "context only (flagged)"
CONTEXT_SUFFIX = " (context only)"


def flagged_name(row: dict | Any) -> str:
    """A result row's ``dimension``, suffixed `` (context only)`` when its ``role`` says so."""
    role = row.get("role", "") if hasattr(row, "get") else ""
    return f"{row['dimension']}{CONTEXT_SUFFIX}" if role == CONTEXT_LABEL else row["dimension"]
_TOKEN = re.compile(r"^(?:\*\*|\*|[\w’'.&$+/-]+\*?)$")


@dataclass(frozen=True)
class Entry:
    """A term or an exclusion of one dimension."""

    dimension: str
    kind: str  # "term" | "exclusion"
    id: str
    patterns: tuple[str, ...]
    case_sensitive: bool = False
    note: str = ""


@dataclass
class Dimension:
    """A dimension's definition, entries and compiled matcher."""

    name: str
    definition: str
    entries: list[Entry]
    regex: re.Pattern[str]
    groups: dict[str, tuple[Entry, str]]  # group name → (entry, pattern)
    term_regex: re.Pattern[str]  # terms only, to name what an exclusion vetoed
    groups_terms: dict[str, tuple[Entry, str]]
    role: str = "integration"  # "context": reported as context only, flagged


@dataclass
class Codebook:
    """A validated, compiled codebook."""

    name: str
    version: str
    path: str
    sha256: str
    dimensions: dict[str, Dimension]

    @property
    def dimension_names(self) -> list[str]:
        """Dimension names in file order."""
        return list(self.dimensions)

    @property
    def context_dimensions(self) -> list[str]:
        """Dimensions the codebook marks ``role: context`` (shown only as flagged context)."""
        return [name for name, dim in self.dimensions.items() if dim.role == "context"]


def pattern_to_regex(pattern: str) -> str:
    """Translate one codebook pattern into a regular expression (without boundaries)."""
    out = ""
    after_gap = False
    for index, token in enumerate(pattern.split()):
        if token == "**":
            out += _SEP + _GAP
            after_gap = True
            continue
        if token == "*":
            piece = r"[\w’'-]+"
        elif token.endswith("*"):
            piece = re.escape(token[:-1]) + r"[\w’'-]*"
        else:
            piece = re.escape(token)
        out += ("" if index == 0 or after_gap else _SEP) + piece
        after_gap = False
    return out


def _weight(pattern: str) -> tuple[int, int]:
    words = [t for t in pattern.split() if t not in GAPS]
    return (len(pattern.split()), sum(len(w) for w in words))


def first_char(pattern: str) -> str | None:
    """The lower-cased first character a pattern can match, or None if it starts with a
    wildcard (then it can start with any word character)."""
    token = pattern.split()[0]
    return None if token in GAPS else token[0].lower()


def ordered_alternatives(entries: list[Entry]) -> list[tuple[Entry, str]]:
    """Every (entry, pattern) of ``entries``, longest pattern first (stable on ties)."""
    alternatives = [(entry, p) for entry in entries for p in entry.patterns]
    alternatives.sort(key=lambda ep: _weight(ep[1]), reverse=True)
    return alternatives


def alternative_regex(name: str, entry: Entry, pattern: str) -> str:
    """One pattern as a named group (case-sensitive entries switch IGNORECASE off)."""
    body = pattern_to_regex(pattern)
    return (f"(?P<{name}>(?-i:{body}))" if entry.case_sensitive
            else f"(?P<{name}>{body})")


def _compile(entries: list[Entry]) -> tuple[re.Pattern[str], dict[str, tuple[Entry, str]]]:
    """One regular expression for all patterns, longest pattern first at each position.

    Alternatives are grouped by their first character behind a look-ahead, so the engine
    tries only the patterns that can start at a position (Python's ``re`` otherwise tries
    every alternative at every word start). Wildcard-first patterns join every group at
    their place in the order, so the pattern that wins at a position is the same as in one
    flat alternation.
    """
    alternatives = ordered_alternatives(entries)
    groups: dict[str, tuple[Entry, str]] = {}
    by_char: dict[str | None, list[int]] = {}
    for i, (_, pattern) in enumerate(alternatives):
        by_char.setdefault(first_char(pattern), []).append(i)
    wildcard = by_char.pop(None, [])

    def branch(indices: list[int], tag: str) -> str:
        parts = []
        for i in indices:
            entry, pattern = alternatives[i]
            name = f"g{i}{tag}"
            groups[name] = (entry, pattern)
            parts.append(alternative_regex(name, entry, pattern))
        return "|".join(parts)

    dispatch = [f"(?={re.escape(char or '')})(?:{branch(sorted(ids + wildcard), f'_{n}')})"
                for n, (char, ids) in enumerate(sorted(by_char.items()))]
    if wildcard:
        dispatch.append(f"(?:{branch(wildcard, '_w')})")
    joined = "|".join(dispatch) or r"(?!x)x"
    return re.compile(rf"{BEFORE}(?:{joined}){AFTER}", re.IGNORECASE), groups


class _Checker:
    """Schema checks that raise one-line errors naming the entry."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> None:
        raise AnalysisError(f"{self.path}: {where}: {problem}")

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "must be a non-empty string")
        return value.strip()

    def entry(self, raw: Any, dimension: str, kind: str, where: str, seen: set[str]) -> Entry:
        if not isinstance(raw, dict):
            self.fail(where, "must be a mapping with 'id' and 'patterns'")
        unknown = set(raw) - {"id", "patterns", "case_sensitive", "note"}
        if unknown:
            self.fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
        entry_id = self.text(raw.get("id"), f"{where}.id")
        if not re.fullmatch(r"[a-z0-9_]+", entry_id):
            self.fail(where, f"id '{entry_id}' must be lower-case letters, digits, underscore")
        if entry_id in seen:
            self.fail(where, f"duplicate id '{entry_id}' in dimension '{dimension}'")
        seen.add(entry_id)
        patterns = raw.get("patterns")
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not patterns:
            self.fail(f"{where} (id '{entry_id}')", "'patterns' must be a non-empty list")
        clean = []
        for p in patterns:
            p = self.text(p, f"{where} (id '{entry_id}') pattern")
            tokens = p.split()
            bad = [t for t in tokens if not _TOKEN.match(t)]
            if bad or tokens[0] in GAPS or tokens[-1] in GAPS:
                self.fail(f"{where} (id '{entry_id}')",
                          f"pattern '{p}' is malformed (a wildcard word may not open or close "
                          f"a pattern; allowed characters: letters, digits, ’'.&$+/- and *)")
            clean.append(p)
        case = raw.get("case_sensitive", False)
        if not isinstance(case, bool):
            self.fail(f"{where} (id '{entry_id}')", "'case_sensitive' must be true or false")
        return Entry(dimension, kind, entry_id, tuple(clean), case, str(raw.get("note", "")))


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Read, schema-check and compile a codebook; errors name the file and the entry."""
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    shown = path.name if path == DEFAULT_CODEBOOK else str(path)
    try:
        raw_bytes = path.read_bytes()
        data = yaml.safe_load(raw_bytes.decode("utf-8"))
    except FileNotFoundError:
        raise AnalysisError(f"{shown}: codebook file not found") from None
    except UnicodeDecodeError:
        raise AnalysisError(f"{shown}: codebook is not valid UTF-8") from None
    except yaml.YAMLError as exc:
        raise AnalysisError(f"{shown}: not valid YAML ({str(exc).splitlines()[0]})") from None
    check = _Checker(shown)
    if not isinstance(data, dict):
        check.fail("top level", "must be a mapping with name, version and dimensions")
    unknown = set(data) - {"name", "version", "description", "dimensions"}
    if unknown:
        check.fail("top level", f"unknown key(s) {', '.join(sorted(unknown))}")
    name = check.text(data.get("name"), "name")
    version = check.text(str(data.get("version", "")), "version")
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        check.fail("version", f"'{version}' is not MAJOR.MINOR.PATCH")
    dims_raw = data.get("dimensions")
    if not isinstance(dims_raw, dict) or not dims_raw:
        check.fail("dimensions", "must be a non-empty mapping of dimension name to definition")
    dimensions: dict[str, Dimension] = {}
    for dim_name, spec in dims_raw.items():
        where = f"dimensions.{dim_name}"
        if not isinstance(dim_name, str) or not re.fullmatch(r"[a-z_]+", dim_name):
            check.fail(where, "dimension names are lower-case words")
        if not isinstance(spec, dict):
            check.fail(where, "must be a mapping with definition, terms, exclusions")
        extra = set(spec) - {"definition", "terms", "exclusions", "role"}
        if extra:
            check.fail(where, f"unknown key(s) {', '.join(sorted(extra))}")
        definition = check.text(spec.get("definition"), f"{where}.definition")
        role = spec.get("role", "integration")
        if role not in ROLES:
            check.fail(f"{where}.role", f"'{role}' is not one of {', '.join(ROLES)}")
        seen: set[str] = set()
        entries = []
        for kind, key in (("term", "terms"), ("exclusion", "exclusions")):
            items = spec.get(key, [] if key == "exclusions" else None)
            if not isinstance(items, list) or (kind == "term" and not items):
                need = "must be a non-empty list" if kind == "term" else "must be a list"
                check.fail(f"{where}.{key}", need)
            for i, item in enumerate(items):
                entries.append(check.entry(item, dim_name, kind, f"{where}.{key}[{i}]", seen))
        regex, groups = _compile(entries)
        term_regex, term_groups = _compile([e for e in entries if e.kind == "term"])
        dimensions[dim_name] = Dimension(dim_name, definition, entries, regex, groups,
                                         term_regex, term_groups, role)
    return Codebook(name, version, shown, hashlib.sha256(raw_bytes).hexdigest(), dimensions)


def without_entry(codebook: Codebook, dimension: str, entry_id: str) -> Codebook:
    """A copy of the codebook with one entry of one dimension removed (recompiled)."""
    dim = codebook.dimensions[dimension]
    entries = [e for e in dim.entries if e.id != entry_id]
    if len(entries) == len(dim.entries):
        raise AnalysisError(f"{codebook.path}: dimensions.{dimension}: no entry '{entry_id}'")
    regex, groups = _compile(entries)
    term_regex, term_groups = _compile([e for e in entries if e.kind == "term"])
    reduced = Dimension(dimension, dim.definition, entries, regex, groups, term_regex,
                        term_groups, dim.role)
    return Codebook(codebook.name, codebook.version, codebook.path,
                    codebook.sha256, {**codebook.dimensions, dimension: reduced})
