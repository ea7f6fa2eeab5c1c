"""The codebook compiled for one scan per batch of texts.

Every pattern opens with a literal word or a ``word*`` prefix. One scan over a whole batch
finds every place where a pattern can start (``analysis.coding.candidates``); there the
patterns are confirmed all at once with numpy (``analysis.coding.bulk``), and only where
that cannot decide — gaps, non-ASCII letters in a pattern, a case partner of an ASCII
letter in the text — by a small regular expression made of just the patterns that can
start there, in the order the reference matcher tries them. Within a dimension the first
pattern that matches at a position wins and a match hides the candidates inside it, as in
the reference. So the matches, their surfaces, offsets and vetoes are exactly the
reference matcher's (``analysis.coding.reference``); the tests compare the two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from analysis.coding.bulk import UNSURE, YES, confirm
from analysis.coding.candidates import Candidates
from analysis.coding.charclass import code_units
from analysis.coding.codebook import (
    AFTER,
    BEFORE,
    Dimension,
    alternative_regex,
    first_char,
    ordered_alternatives,
)
from analysis.coding.programs import compile_programs
from analysis.coding.reference import Match, vetoed_terms
from analysis.coding.scanning import scanned_bytes
from analysis.coding.selection import select
from analysis.coding.surfaces import cut
from analysis.coding.table import MatchTable

JOINER = "\x00"  # before, between and after the texts of a batch: no pattern crosses it
PIECE = 1 << 20  # characters coded at a time in a large batch


class CompiledDimensions:
    """The scanner and the pattern programs of ``dims``; see the module text."""

    def __init__(self, dims: Sequence[Dimension]) -> None:
        self.dims = list(dims)
        self.alternatives = [ordered_alternatives(dim.entries) for dim in self.dims]
        ranks = [{i: r for r, (_, i) in enumerate(sorted(
            (first_char(p) or "", i) for i, (_, p) in enumerate(alts)))}
            for alts in self.alternatives]
        self.width = max((len(alts) for alts in self.alternatives), default=1)
        self.pids = [(d, i) for d, alts in enumerate(self.alternatives)
                     for i in range(len(alts))]
        self.entries = [(d, e.id) for d, dim in enumerate(self.dims) for e in dim.entries]
        self.entry_number = number = {key: k for k, key in enumerate(self.entries)}
        self.order = np.array([d * self.width + ranks[d][i] for d, i in self.pids] or [0])
        self.pid_dim = np.array([d for d, _ in self.pids] or [0])
        self.pid_entry = np.array([number[d, self.alternatives[d][i][0].id]
                                   for d, i in self.pids] or [0])
        self.pid_vetoes = np.array([self.alternatives[d][i][0].kind != "term"
                                    for d, i in self.pids] or [False])
        patterns = [self.alternatives[d][i] for d, i in self.pids]
        self.programs = compile_programs(patterns)
        self.candidates = Candidates([p for _, p in patterns],
                                     [e.case_sensitive for e, _ in patterns])
        self.regexes: dict[tuple[int, ...], re.Pattern[str]] = {}
        self.vetoes: dict[tuple[int, str], list[tuple[int, int, int]]] = {}

    def table(self, texts: Sequence[str]) -> MatchTable:
        """Every text's matches and vetoed terms, as columns (see ``MatchTable``); a large
        batch is coded in pieces of about ``PIECE`` characters (its arrays then stay in the
        processor's caches)."""
        names = [dim.name for dim in self.dims]
        if not texts or not self.pids:
            return MatchTable.empty(names, self.entries, len(texts))
        lengths = np.fromiter(map(len, texts), np.int64, len(texts))
        through = np.cumsum(lengths + 1)
        if through[-1] <= 2 * PIECE:
            return self._table(texts, lengths)
        cuts = np.unique(np.searchsorted(through, np.arange(PIECE, through[-1], PIECE)))
        bounds = [0, *(int(c) + 1 for c in cuts if c + 1 < len(texts)), len(texts)]
        return MatchTable.concat([self._table(texts[a:b], lengths[a:b])
                                  for a, b in pairwise(bounds)])

    def _table(self, texts: Sequence[str], lengths: np.ndarray) -> MatchTable:
        joined = JOINER + JOINER.join(texts) + JOINER * 2  # (a look one past the end)
        starts = np.ones(len(texts), dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        starts[1:] += 1
        form = scanned_bytes(joined)
        codes = np.frombuffer(form, dtype=np.uint8)
        units = code_units(joined)
        pid, start, known = self.candidates.find(form, codes)
        key = start * len(self.dims) * self.width + self.order[pid]
        sort = np.argsort(key, kind="stable")
        key, pid, start, known = key[sort], pid[sort], start[sort], known[sort]
        fresh = np.ones(len(key), dtype=bool)
        fresh[1:] = key[1:] != key[:-1]
        key, pid, start, known = key[fresh], pid[fresh], start[fresh], known[fresh]
        status, end = confirm(self.programs, pid, start, known, codes, units)
        group = key // self.width  # a position and a dimension
        decisive = np.flatnonzero(status != 0)
        first = decisive[np.r_[True, group[decisive][1:] != group[decisive][:-1]]] \
            if len(decisive) else decisive
        won = first[status[first] == YES]
        w_pid, w_start, w_end = pid[won], start[won], end[won]
        unsure = first[status[first] == UNSURE]
        if len(unsure):
            more = self._by_regex(unsure, group, pid, start, texts, starts)
            w_pid = np.concatenate([w_pid, more[0]])
            w_start = np.concatenate([w_start, more[1]])
            w_end = np.concatenate([w_end, more[2]])
        kept = select(self.pid_dim[w_pid], w_start, w_end, len(joined))
        return self._assemble(w_pid[kept], w_start[kept], w_end[kept], texts, starts,
                              joined, units)

    def match_many(self, texts: Sequence[str]) -> list[list[Match]]:
        """Every text's matches, dimension by dimension, each dimension's left to right."""
        return self.table(texts).per_text()

    def _by_regex(self, unsure: np.ndarray, group: np.ndarray, pid: np.ndarray,
                  start: np.ndarray, texts: Sequence[str],
                  starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Winners of the positions the bulk check left open, by regular expression."""
        low = np.searchsorted(group, group[unsure], "left")
        high = np.searchsorted(group, group[unsure], "right")
        text = np.searchsorted(starts, start[unsure], "right") - 1
        found: list[tuple[int, int, int]] = []
        for lo, hi, t, at in zip(low.tolist(), high.tolist(), text.tolist(),
                                 start[unsure].tolist(), strict=True):
            ids = tuple(pid[lo:hi].tolist())
            regex = self.regexes.get(ids) or self._regex(ids)
            offset = int(starts[t])
            m = regex.match(texts[t], at - offset)
            if m is not None:
                found.append((int(m.lastgroup[1:]), at, offset + m.end()))  # type: ignore[index]
        columns = np.array(found, dtype=np.int64).reshape(-1, 3)
        return columns[:, 0], columns[:, 1], columns[:, 2]

    def _regex(self, ids: tuple[int, ...]) -> re.Pattern[str]:
        """One dimension's patterns ``ids`` (pids, in the reference order) as one regex."""
        parts = []
        for k in ids:
            d, i = self.pids[k]
            entry, pattern = self.alternatives[d][i]
            parts.append(f"(?={re.escape(first_char(pattern) or '')})"
                         + alternative_regex(f"g{k}", entry, pattern))
        regex = re.compile(f"{BEFORE}(?:{'|'.join(parts)}){AFTER}", re.IGNORECASE)
        self.regexes[ids] = regex
        return regex

    def _assemble(self, pid: np.ndarray, start: np.ndarray, end: np.ndarray,
                  texts: Sequence[str], starts: np.ndarray, joined: str,
                  units: np.ndarray) -> MatchTable:
        """The table: kept terms, and the terms each kept exclusion vetoes, in order."""
        dim, entry = self.pid_dim[pid], self.pid_entry[pid]
        vetoed_by = np.full(len(pid), -1)
        at = start
        vetoes = np.flatnonzero(self.pid_vetoes[pid])
        if len(vetoes):
            keep = np.flatnonzero(~self.pid_vetoes[pid])
            extra = [(int(dim[v]), e, a + x, a + y, int(entry[v]), a)
                     for v, a in zip(vetoes.tolist(), start[vetoes].tolist(), strict=True)
                     for e, x, y in self._vetoed(int(dim[v]), joined[a:int(end[v])])]
            x = np.array(extra, dtype=np.int64).reshape(-1, 6)
            dim = np.concatenate([dim[keep], x[:, 0]])
            entry = np.concatenate([entry[keep], x[:, 1]])
            start = np.concatenate([start[keep], x[:, 2]])
            end = np.concatenate([end[keep], x[:, 3]])
            vetoed_by = np.concatenate([vetoed_by[keep], x[:, 4]])
            at = np.concatenate([at[keep], x[:, 5]])
        text = np.searchsorted(starts, at, "right") - 1
        order = np.argsort((text * len(self.dims) + dim) * len(joined) + at, kind="stable")
        text, start, end = text[order], start[order], end[order]
        offset = starts[text]
        return MatchTable([d.name for d in self.dims], self.entries, len(texts), text,
                          dim[order], entry[order], start - offset, end - offset,
                          vetoed_by[order], cut(joined, units, start, end))

    def _vetoed(self, d: int, span: str) -> list[tuple[int, int, int]]:
        """The terms of dimension ``d`` inside a span an exclusion matched: entry number,
        start and end in the span (remembered per span)."""
        found = self.vetoes.get((d, span))
        if found is None:
            if len(self.vetoes) > 10_000:
                self.vetoes.clear()
            found = self.vetoes[d, span] = [
                (self.entry_number[d, m.entry_id], m.start, m.end)
                for m in vetoed_terms(self.dims[d], span, 0, "")]
        return found


_BUILT: dict[tuple[int, ...], tuple[list[Dimension], CompiledDimensions]] = {}


def compiled(dims: Sequence[Dimension]) -> CompiledDimensions:
    """The compiled matcher of ``dims`` (built once per process and set of dimensions; the
    cache keeps the dimensions alive, so their ids stay theirs)."""
    key = tuple(map(id, dims))
    built = _BUILT.get(key)
    if built is None:
        if len(_BUILT) >= 16:
            _BUILT.pop(next(iter(_BUILT)))
        built = _BUILT[key] = (list(dims), CompiledDimensions(dims))
    return built[1]
