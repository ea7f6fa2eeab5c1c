"""The codebook compiled into one Aho–Corasick automaton, scanned once per batch of texts.

Every pattern opens with a literal word or a ``word*`` prefix. The automaton holds these
openings of every pattern of every dimension, case-folded the way Python's ``re`` folds
case, and one scan over a whole batch of case-folded texts finds every place where a
pattern can start. Only there is a pattern confirmed, by a small regular expression made
of just the patterns whose opening was found, in the order the reference matcher tries
them. So the matches, their surfaces, offsets and vetoes are exactly the reference
matcher's (``analysis.coding.reference``); the tests compare the two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

import ahocorasick

from analysis.coding.codebook import (
    AFTER,
    BEFORE,
    Dimension,
    alternative_regex,
    first_char,
    ordered_alternatives,
)
from analysis.coding.reference import Match, vetoed_terms
from analysis.coding.scanning import (
    RUN,
    SEPARATORS,
    opening_forms,
    scanned,
    second_forms,
    second_words,
)

_SEPARATOR = " "  # before, between and after the texts of a batch


class CompiledDimensions:
    """One automaton over the openings of every pattern of ``dims``; see the module text."""

    def __init__(self, dims: Sequence[Dimension]) -> None:
        self.dims = list(dims)
        self.alternatives = [ordered_alternatives(dim.entries) for dim in self.dims]
        openings: dict[str, dict[int, list[tuple[str, int]]]] = {}
        for d, alternatives in enumerate(self.alternatives):
            for i, (_, pattern) in enumerate(alternatives):
                opening = pattern.split()[0].removesuffix("*")
                openings.setdefault(opening, {}).setdefault(d, []).append(
                    (first_char(pattern) or "", i))
        self.tries = list(openings.values())
        forms: dict[str, tuple[set[int], set[tuple[int, int]]]] = {}
        for value, (opening, tries) in enumerate(openings.items()):
            patterns = [self.alternatives[d][i][1] for d, found in tries.items()
                        for _, i in found]
            seconds = second_words(opening, patterns, set(openings))
            if seconds is None:
                for form in opening_forms(opening, patterns):
                    forms.setdefault(form, (set(), set()))[0].add(value)
                continue
            for word in seconds:
                for form in second_forms(word):
                    forms.setdefault(form, (set(), set()))[1].add((len(opening), value))
        self.automaton = ahocorasick.Automaton()
        for form, (values, after) in forms.items():
            self.automaton.add_word(form, (len(form) - 2, tuple(sorted(values)),
                                           tuple(sorted(after))))
        if forms:
            self.automaton.make_automaton()
        self.plans: dict[tuple[int, ...], list[tuple[int, re.Pattern[str], tuple | None]]] = {}

    def _plan(self, values: tuple[int, ...]) -> list[tuple[int, re.Pattern[str], tuple | None]]:
        """Per dimension, the patterns whose openings were found at a position, in the
        reference matcher's order: as one regular expression, and (when they are all
        one ASCII word or ``word*``, any case) as a list for the fast path."""
        plan = self.plans.get(values)
        if plan is None:
            per_dim: dict[int, set[tuple[str, int]]] = {}
            for value in values:
                for d, tries in self.tries[value].items():
                    per_dim.setdefault(d, set()).update(tries)
            plan = []
            for d in sorted(per_dim):
                parts, fast = [], []
                for char, i in sorted(per_dim[d]):
                    entry, pattern = self.alternatives[d][i]
                    parts.append(f"(?={re.escape(char)})" + alternative_regex(f"g{i}", entry,
                                                                              pattern))
                    word = pattern.removesuffix("*")
                    if word.isascii() and word.isalnum() and not entry.case_sensitive:
                        fast.append((pattern.endswith("*"), len(word), i, word.lower()))
                regex = re.compile(f"{BEFORE}(?:{'|'.join(parts)}){AFTER}", re.IGNORECASE)
                plan.append((d, regex, tuple(fast) if len(fast) == len(parts) else None))
            self.plans[values] = plan
        return plan

    def match_many(self, texts: Sequence[str]) -> list[list[Match]]:
        """Every text's matches, dimension by dimension, each dimension's left to right."""
        result: list[list[Match]] = [[] for _ in texts]
        if not texts or not self.tries:
            return result
        joined = scanned(_SEPARATOR + _SEPARATOR.join(texts) + _SEPARATOR)
        raw = list(self.automaton.iter(joined))
        hits = [(end - back, values) for end, (back, values, _) in raw if values]
        for end, (back, _, after) in raw:
            if after:  # a phrase found by its second word: where could its first start?
                q = end - back
                r = q - 1
                while r > 1 and joined[r - 1] in SEPARATORS:
                    r -= 1
                hits.extend((s - length, (value,)) for length, value in after
                            for s in range(r, q))
        hits.sort()
        hits.append((len(joined), ()))  # flushes the last position
        t, offset, text, limit = 0, 1, texts[0], 1 + len(texts[0])
        found: list[tuple[int, Match]] = []
        last_end = [0] * len(self.dims)
        position, values = -1, ()
        for start, more in hits:
            if start == position:
                values = tuple(sorted(set(values + more)))
                continue
            if values:
                while position > limit:
                    if found:
                        result[t] = _in_dimension_order(found)
                        found = []
                    t += 1
                    offset, text = limit + 1, texts[t]
                    limit = offset + len(text)
                    last_end = [0] * len(self.dims)
                self._confirm(joined, text, position, position - offset, values, found,
                              last_end)
            position, values = start, more
        if found:
            result[t] = _in_dimension_order(found)
        return result

    def _confirm(self, joined: str, text: str, at: int, p: int, values: tuple[int, ...],
                 found: list[tuple[int, Match]], last_end: list[int]) -> None:
        """Try the patterns whose openings were found at ``p`` (``at`` in ``joined``)."""
        if p < 0:
            return
        run_end = -1
        for d, regex, fast in self.plans.get(values) or self._plan(values):
            if p < last_end[d]:
                continue
            end = i = -1
            if fast is not None:
                if run_end < 0:
                    run_end = RUN.match(joined, at).end()  # type: ignore[union-attr]
                    clear = "?" not in joined[at - 1:run_end + 1]
                if clear:
                    for star, length, index, word in fast:
                        if not joined.startswith(word, at):  # (a long opening is cut)
                            continue
                        if star:
                            end, i = p + run_end - at, index
                            break
                        if at + length == run_end or joined[at + length] == "'":
                            end, i = p + length, index
                            break
                    else:
                        continue
            if i < 0:
                m = regex.match(text, p)
                if m is None:
                    continue
                end, i = m.end(), int(m.lastgroup[1:])  # type: ignore[index]
            last_end[d] = end
            entry = self.alternatives[d][i][0]
            dim = self.dims[d]
            if entry.kind == "term":
                found.append((d, Match(dim.name, entry.id, text[p:end], p, end)))
            else:
                found.extend((d, v) for v in vetoed_terms(dim, text[p:end], p, entry.id))


def _in_dimension_order(found: list[tuple[int, Match]]) -> list[Match]:
    if len(found) == 1:
        return [found[0][1]]
    found.sort(key=itemgetter(0))  # stable: left to right within each dimension
    return [m for _, m in found]


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
