"""Format benchmarks/results.json as benchmarks/results.md (targets: met, or missed by how
much)."""

from __future__ import annotations

from pathlib import Path

import dask_speedup

from analysis.ingest.processed_tables import ROWS_PER_GROUP

TARGET_PIPELINE, TARGET_CODING, TARGET_PEAK_MB = 250_000, 5_000_000, 2048
TARGET_SEGMENTATION = 10  # × pysbd alone, same golden-rule score
WHY = f"""## Where the time goes, and why targets are missed

* **Coding** is a compiled coder: one Hyperscan scan over a whole batch (a literal database
  of every pattern's opening word, in the form a text shows once ASCII is lower-cased and
  the four non-ASCII case partners of ASCII letters are folded) finds where patterns can
  start; numpy then confirms every candidate at once, word by word (boundaries, separators,
  `word*` runs, exact characters; case-sensitive acronyms against the code points), and a
  regular expression decides only what that cannot (gaps, non-ASCII letters in a pattern, a
  hyphen inside a `word*` that more words follow: about 2% of the positions). The output is
  columns, surfaces cut as one Arrow string array, so codes, the audit trail and `analysis
  code`'s CSV are built without a Python object per match. Matches, surfaces, offsets,
  vetoes and their order are exactly the reference matcher's (tested on the corpus with
  every codebook and on Hypothesis-generated codebooks and texts). On the 100× corpus's
  sentences in one batch it codes at about 5.4 million words/s on this machine
  (`code_texts`). Codebook v1.3.0's vetoes and phrases (807 patterns against v1.2.0's 593)
  first made 1.8 times as many scanner hits and brought it down to 3.6 million; the scanner
  now looks for an opening whose patterns are all phrases together with its second word's
  start, never searches for a one- or two-letter second word ("argumenty i fakty" by "i"),
  and checks a gap pattern's words before the gap in bulk before its regular expression,
  which gave the speed back with identical matches. What is left per word is a Python call
  for each scanner hit (Hyperscan reports hits through a callback; 0.16 hits per word, about
  half the time), the numpy passes over the candidates (about a fifth) and the scanned form
  of the batch. One document at a time it is about 1.3 million words/s: each `code_texts`
  call pays about a millisecond of fixed cost (half of it the two pandas DataFrames it
  returns), so the per-document target is missed by ~3.9×; `match_many`, which builds a
  `Match` tuple per match, runs at about 3.5 million.
* **Segmentation** gives exactly the sentences of pysbd plus the merges (tested on every seed
  paragraph, pysbd's 48 golden rules, Hypothesis-generated paragraphs and, as a one-off, every
  paragraph of the 100× corpus), at more than ten times pysbd's speed on this corpus. Two
  paths: a *plain* paragraph (no abbreviation, initial, list marker, ellipsis, ``!?``, straight
  quote, full stop inside brackets or quotes, ...; conditions in `ingest/segment_plain.py`) is
  cut in one pass after its full stops, which is what pysbd does to it; every other paragraph
  goes through pysbd's own rules and methods in pysbd's order, skipping each step that
  provably cannot change it (a regular expression whose needed characters or literal context
  the text lacks, abbreviations that stand before no full stop, list steps without a marker
  pair; `ingest/segment_guard.py`, `segment_fast.py`, `segment_lists.py`). About three
  quarters of this corpus's words are plain; the careful path alone runs at about 8× pysbd,
  so a corpus with many quotations holding full stops gets between 8× and the figure above.
  Paragraphs with numbered lists remain the slowest (pysbd's list patterns run in full there).
* **Parsing and date tagging** (issue 16, point 3; "Stages before and after a change") were
  profiled and what ran per paragraph or per word without need was removed, the tables
  byte-identical. Language: a paragraph of 30 words or more in plain English (ASCII letters,
  English function words, at most 3 % of its letters in words outside English's 200,000 most
  frequent or in function words of the other candidates) is called English without lingua;
  the test never disagrees with lingua on the seeds, on passages written in Polish, German,
  Russian, Belarusian, Ukrainian, French and English, or on generated mixtures (on 45,000
  mixtures lingua's first disagreement came at 11 % of foreign letters). Repairs: a word
  pair is judged only when one half could be a broken word; hyphenation only at lines that
  end in a hyphen (each line re-split the whole paragraph before); literal prefilters before
  whole-text regexes; one combined screen before the small-capitals rules. Date tagging: a
  rule runs only where its triggers occur (a digit, a month, a season, "ago", "past"/"last",
  "year"/"month"; three sentences in four have none), and mention rows are built without
  pandas. Warm, per document: parse 2.4× faster (about 237,000 words/s), date tagging 8.5×
  (about 1,330,000). Parse misses the 1,000,000 aimed at: lingua still reads what the test
  leaves to it (headings, short and mixed paragraphs, texts with names or non-ASCII letters:
  15 % of the seeds' characters, 23 % of parse time), each process loads lingua's
  models and wordfreq's lists once (1.2 CPU s, most of parse at 10×), and the journal
  repairs and the web furniture rules cost about a microsecond of Python per word and per
  line; the rest would need those loops in compiled code. `rows` is bound by lingua on notes
  (short citations, often Cyrillic, where no shortcut gives lingua's labels).
* **The whole pipeline** (this run, machine otherwise idle) runs at about 75,000 words/s on
  one core at 100× (wall and CPU agree), 3.3× short of 250,000. Per word, from the stage
  rates: parse about 41 % of the time (lingua where the English test cannot decide, the
  journal repairs and the web furniture rules in Python), the other tables' rows 20 %
  (lingua on notes), segmentation 14 %, coding one document at a time 12 %, date tagging
  6 %, writing 5 %. Reaching 250,000 would need the parse loops and the per-document calls
  in compiled code.
* **More cores** scale by document (`--jobs`, or Dask on several machines; see README,
  "Running on a cluster"): two processes give 1.7× in the stage harness at 100× and 1.2× for
  `analysis parse` (one writer process, each worker loading lingua's models); Dask's figures
  are in their own section.
* **Memory** is flat: `analysis parse` turns each source's rows into Arrow tables as it
  arrives and writes every table in row groups of {ROWS_PER_GROUP:,} rows, so it holds a few sources
  and one row group per table, never the corpus. `analysis code` reads the CSV in blocks of
  4 MB with pyarrow and writes as it codes; it keeps only the ids seen (to refuse a repeated
  id).
"""
STAGES = ("load", "parse", "segment", "tag_dates", "rows", "write", "code", "aggregate")


def _rate(words: int, seconds: float) -> str:
    return f"{words / seconds:,.0f}" if seconds > 0 else "–"


def _verdict(value: float, target: float, higher_is_better: bool = True) -> str:
    ok = value >= target if higher_is_better else value <= target
    if ok:
        return "met"
    factor = target / value if higher_is_better else value / target
    return f"missed ({factor:,.1f}× short)" if higher_is_better else f"missed ({factor:.1f}×)"


def _stage_history_section(record: dict) -> list[str]:
    """Stage rates of earlier code beside the current ones (``record["stage_history"]``)."""
    history = record.get("stage_history")
    if not history:
        return []
    lines = ["## Stages before and after a change (one core, CPU words per second)", "",
             *history.get("notes", []), "",
             "| corpus | version | " + " | ".join(STAGES) + " |", "|---" * (len(STAGES) + 2) + "|"]
    for run in history["runs"]:
        s = run["stage_seconds"]
        per_stage = " | ".join(_rate(run["words"], s[k]) if k in s else "–" for k in STAGES)
        lines.append(f"| {run['factor']}× | {run['label']} | {per_stage} |")
    return [*lines, ""]


def _parse_memory_section(record: dict) -> list[str]:
    """`analysis parse` wall time and peak memory per corpus size and process count."""
    memory = record.get("parse_memory", {})
    if not memory:
        return []
    words = {str(r["factor"]): r["words"] for r in record["runs"]}
    lines = ["## `analysis parse` (streams by source into Parquet row groups of "
             f"{ROWS_PER_GROUP:,} rows)", "",
             f"Measured on {record.get('parse_memory_date', record['date'])} with "
             "`benchmarks/parse_memory.py`. Largest process: the kernel's peak resident size "
             "of the biggest single process; all processes: the parse process and its workers "
             "summed, sampled every 50 ms (pages shared by the forked workers count twice).", "",
             "| corpus | processes | wall (s) | words/s | largest process (MB) | "
             "all processes (MB) |", "|---|---|---|---|---|---|"]
    for factor, runs in memory.items():
        for run in runs:
            rate = _rate(words[factor], run["seconds"]) if factor in words else "–"
            lines.append(f"| {factor}× | {run['jobs']} | {run['seconds']:.0f} | {rate} | "
                         f"{run['largest_process_mb']:.0f} | {run['all_processes_mb']:.0f} |")
    return [*lines, ""]


def _memory_targets(record: dict) -> list[str]:
    """Target rows for flat memory and the 2 GB ceiling at 1000×."""
    harness = {r["factor"]: r["peak_rss_mb"] for r in record["runs"] if r["jobs"] == 1}
    parse_one = {int(f): next(r["largest_process_mb"] for r in runs if r["jobs"] == 1)
                 for f, runs in record.get("parse_memory", {}).items()}
    lines = []
    for what, peaks in (("per-document harness", harness), ("`analysis parse`, 1 process",
                                                            parse_one)):
        if not peaks:
            continue
        flat = max(peaks.values()) <= 1.25 * min(peaks.values())
        lines.append(f"| peak memory flat in corpus size ({what}; within 25%) | " + ", ".join(
            f"{k}×: {v:.0f} MB" for k, v in sorted(peaks.items())) +
            f" | {'met' if flat else 'missed'} |")
    at_1000 = [("per-document harness, largest run", max(
        (r["peak_rss_mb"] for r in record["runs"] if r["factor"] == 1000), default=None))]
    for run in record.get("parse_memory", {}).get("1000", []):
        at_1000.append((f"`analysis parse`, {run['jobs']} process(es), all processes",
                        run["all_processes_mb"]))
    for what, peak in at_1000:
        if peak is None:
            continue
        lines.append(f"| peak memory < 2 GB at 1000× ({what}) | {peak:.0f} MB | "
                     f"{_verdict(peak, TARGET_PEAK_MB, higher_is_better=False)} |")
    return lines


def _code_csv_section(record: dict) -> list[str]:
    """`analysis code` against the peer scripts on one CSV, whole process."""
    run = record.get("code_csv")
    if not run:
        return []
    lines = ["", f"## `analysis code` against peer scripts on one CSV ({run['factor']}× corpus's "
             "sentences, whole process)", "",
             f"{run['rows']:,} sentences, {run['words']:,} words, "
             f"{run['bytes'] / 1e6:.1f} MB; each command run 3 times in a fresh process "
             "(start-up, reading the CSV, coding, writing the CSV), best of 3. CPU = user + "
             "system seconds of the process and its workers, the fairer figure on a shared "
             "machine.", "",
             "| tool | wall (s) | CPU (s) | words/s (CPU) | ours (1 process) faster by (CPU) |",
             "|---|---|---|---|---|"]
    tools = run["tools"]
    ours = next(v for k, v in tools.items() if k.startswith("ours") and "--jobs 1" in k)
    for tool, t in tools.items():
        lines.append(f"| {tool} | {t['wall']:.2f} | {t['cpu']:.2f} | "
                     f"{_rate(run['words'], t['cpu'])} | {t['cpu'] / ours['cpu']:.2f}× |")
    return lines


def _coder_section(record: dict) -> list[str]:
    """The coder alone (coder_speed.py): CPU words/s per call, best of 5."""
    coder = record.get("coder")
    if not coder:
        return []
    lines = ["", "## The coder alone (seeds' sentences N times = the N× corpus's sentences)", "",
             f"Measured on {record.get('coder_date', record['date'])} with "
             "`benchmarks/coder_speed.py`: CPU seconds of one process, best of 5; the words "
             "are the sentences' words. Batch: all sentences in one call; per document: one "
             "call per document, as the stage table does.", "",
             "| corpus | sentences | words | " + " | ".join(next(iter(coder.values()))[
                 "words_per_second"]) + " |", "|---" * (3 + len(next(iter(coder.values()))[
                     "words_per_second"])) + "|"]
    for factor, run in coder.items():
        lines.append(f"| {factor}× | {run['texts']:,} | {run['words']:,} | " + " | ".join(
            f"{v:,}" for v in run["words_per_second"].values()) + " |")
    return lines


def _coding_targets(record: dict) -> list[str]:
    """The coding target, from the coder alone at 100× (else from the stage table)."""
    run = record.get("coder", {}).get("100")
    if run:
        rates = run["words_per_second"]
        return [f"| coding ≥ 5,000,000 words/s ({what}, 100×) | {rates[key]:,} | "
                f"{_verdict(rates[key], TARGET_CODING)} |"
                for what, key in (("one batch, `code_texts`", "code_texts (batch)"),
                                  ("one batch, `match_many`", "match_many (batch)"),
                                  ("per document, `code_texts`",
                                   "code_texts (per document)"))]
    hundred = [r for r in record["runs"] if r["factor"] == 100 and r["jobs"] == 1]
    if not hundred:
        return []
    coding = hundred[0]["words"] / hundred[0]["stage_seconds"]["code"]
    return [f"| coding ≥ 5,000,000 words/s (per document, `code_texts`) | {coding:,.0f} | "
            f"{_verdict(coding, TARGET_CODING)} |"]


def _peer_targets(record: dict) -> list[str]:
    """Segmentation against pysbd, `analysis code` against the peer scripts."""
    lines = []
    seg = record["segmenters"]
    ours = next(v for k, v in seg.items() if k.startswith("ours"))
    ratio = seg["pysbd alone"] / ours
    rules = record.get("golden_rules", {})
    ours_rules = next((v for k, v in rules.items() if k.startswith("ours")), None)
    same = ours_rules == rules.get("pysbd alone")
    lines.append(f"| segmentation ≥ {TARGET_SEGMENTATION}× pysbd, same golden-rule score | "
                 f"{ratio:.2f}× ({'same' if same else 'different'} score) | "
                 f"{_verdict(ratio, TARGET_SEGMENTATION)} |")
    run = record.get("code_csv")
    if run:
        tools = run["tools"]
        ours_cpu = next(v["cpu"] for k, v in tools.items() if "--jobs 1" in k)
        for name, want in (("CountVectorizer", 2.0), ("PhraseMatcher", 1.0)):
            peer = next(v["cpu"] for k, v in tools.items() if name in k)
            ratio = peer / ours_cpu
            lines.append(f"| `analysis code` (1 process) ≥ {want:g}× the {name} script, whole "
                         f"process (CPU) | {ratio:.2f}× | {_verdict(ratio, want)} |")
    return lines


def _segmentation_section(record: dict) -> list[str]:
    """Ours against the reference, pysbd and spaCy on the seeds and the 10× corpus, and the
    equivalence check (segmentation.py)."""
    detail = record.get("segmentation")
    if not detail:
        return []
    checked = ", ".join(f"{name}: {n:,} paragraphs, {len(detail['different'][name])} different"
                        for name, n in detail["checked"].items())
    shares = ", ".join(f"{name} {share:.0%}" for name, share in detail["plain_share"].items())
    lines = ["", f"Segmentation in detail (measured on {detail['date']} with "
             f"`benchmarks/segmentation.py`; CPU seconds, best of {detail['repeat']}). Ours gives "
             "exactly the reference's sentences (pysbd plus the merges) on every paragraph "
             f"checked ({checked}). Words cut in one pass (plain paragraphs; the rest go "
             f"through pysbd's own rules without its no-op steps): {shares}.", "",
             "| paragraphs | words | tool | seconds | words/s | pysbd alone / tool |",
             "|---|---|---|---|---|---|"]
    for corpus, run in detail["runs"].items():
        pysbd = run["seconds"]["pysbd alone"]
        for tool, seconds in run["seconds"].items():
            lines.append(f"| {corpus} | {run['words']:,} | {tool} | {seconds:.3f} | "
                         f"{_rate(run['words'], seconds)} | {pysbd / seconds:.1f}× |")
    return lines


def write_results(record: dict, path: Path) -> None:
    lines = ["# Benchmark results", "",
             f"Machine: {record['machine']}. Run on {record['date']} with "
             "`python benchmarks/run_benchmarks.py`; raw numbers in `results.json`.", "",
             *[f"{note}" for note in record.get("preamble", [])],
             "## Stages (words per second, one document at a time)", "",
             "| corpus | words | processes | " + " | ".join(STAGES) +
             " | whole pipeline | peak RSS (MB) |",
             "|---" * (len(STAGES) + 5) + "|"]
    for run in record["runs"]:
        s = run["stage_seconds"]
        per_stage = " | ".join(_rate(run["words"], s[k]) if k in s else "–" for k in STAGES)
        lines.append(f"| {run['factor']}× | {run['words']:,} | {run['jobs']} | {per_stage} | "
                     f"{_rate(run['words'], run['wall_seconds'])} | "
                     f"{run['peak_rss_mb']:.0f} |")
    repeat = max((run.get("repeat", 1) for run in record["runs"]), default=1)
    lines += ["", "Stage rates are words divided by the CPU time spent in that stage (summed "
              "over processes" + (f"; the best of {repeat} runs, each in a fresh process"
                                  if repeat > 1 else "") + "); the whole-pipeline rate is "
              "words divided by wall time. `rows`: the rows of the other tables (notes with "
              "their language and cited dates, set-aside parts, repairs, the parse report); "
              "`write`: Arrow conversion and Parquet writing as `analysis parse` streams them. "
              "Each process's one-time start-up falls in the stage that first needs it: "
              "lingua's models for Latin-script languages and wordfreq's lists (about 1.2 CPU "
              "seconds) in `parse`, lingua's Cyrillic models (about 0.9) in `rows`.", ""]
    lines += [f"Note: {note}" for note in record.get("notes", [])]
    lines += [""] if record.get("notes") else []
    lines += _stage_history_section(record)
    lines += _parse_memory_section(record)
    words = record["peer_words"]
    lines += ["## Peers on the same texts (10× corpus)", "",
              f"Segmentation of the same {words:,} words of paragraphs; coding of the same "
              "sentences. Ratio = peer time / our time (above 1: the peer is slower).", "",
              "| task | tool | seconds | words/s | ratio to ours |", "|---|---|---|---|---|"]
    for task, results in (("segmentation", record["segmenters"]), ("coding", record["coders"])):
        ours = next(v for k, v in results.items() if k.startswith("ours"))
        for tool, seconds in results.items():
            lines.append(f"| {task} | {tool} | {seconds:.2f} | {_rate(words, seconds)} | "
                         f"{seconds / ours:.2f} |")
    lines += _segmentation_section(record)
    if "golden_rules" in record:
        lines += ["", "Sentence boundaries on pysbd's 48 English golden rules (cases passed; "
                  "`tests/test_golden_rules.py`): " + ", ".join(
                      f"{tool} {n}/48" for tool, n in record["golden_rules"].items()) + "."]
    lines += _code_csv_section(record)
    lines += _coder_section(record)
    lines += dask_speedup.section(record)
    hundred = [r for r in record["runs"] if r["factor"] == 100 and r["jobs"] == 1]
    lines += ["", "## Targets (one core, 100× corpus)", "", "| target | measured | verdict |",
              "|---|---|---|"]
    if hundred:
        r = hundred[0]
        pipeline = r["words"] / r["wall_seconds"]
        cpu = r["words"] / sum(r["stage_seconds"].values())
        lines.append(f"| whole pipeline ≥ 250,000 words/s (wall; CPU in brackets) | "
                     f"{pipeline:,.0f} ({cpu:,.0f}) | "
                     f"{_verdict(max(pipeline, cpu), TARGET_PIPELINE)} |")
    lines += _coding_targets(record)
    lines += _peer_targets(record)
    lines += _memory_targets(record)
    lines += ["", WHY]
    path.write_text("\n".join(lines) + "\n" + _scale_section(path), encoding="utf-8")


def _scale_section(path: Path) -> str:
    """The "Notebooks at scale" section scale_notebooks.py wrote, kept as it is."""
    start, end = "<!-- scale:start -->", "<!-- scale:end -->"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start not in old or end not in old:
        return ""
    return old[old.index(start):old.index(end) + len(end)] + "\n"
