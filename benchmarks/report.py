"""Format benchmarks/results.json as benchmarks/results.md (targets: met, or missed by how
much)."""

from __future__ import annotations

from pathlib import Path

TARGET_PIPELINE, TARGET_CODING, TARGET_PEAK_MB = 1_000_000, 5_000_000, 2048
STAGES = ("load", "parse", "segment", "tag_dates", "code", "aggregate")


def _rate(words: int, seconds: float) -> str:
    return f"{words / seconds:,.0f}" if seconds > 0 else "–"


def _verdict(value: float, target: float, higher_is_better: bool = True) -> str:
    ok = value >= target if higher_is_better else value <= target
    if ok:
        return "met"
    factor = target / value if higher_is_better else value / target
    return f"missed ({factor:,.1f}× short)" if higher_is_better else f"missed ({factor:.1f}×)"


def write_results(record: dict, path: Path) -> None:
    lines = ["# Benchmark results", "",
             f"Machine: {record['machine']}. Run on {record['date']} with "
             "`python benchmarks/run_benchmarks.py`; raw numbers in `results.json`.", "",
             "## Stages (words per second, one document at a time)", "",
             "| corpus | words | processes | " + " | ".join(STAGES) +
             " | whole pipeline | peak RSS (MB) |",
             "|---" * (len(STAGES) + 5) + "|"]
    for run in record["runs"]:
        s = run["stage_seconds"]
        per_stage = " | ".join(_rate(run["words"], s[k]) for k in STAGES)
        lines.append(f"| {run['factor']}× | {run['words']:,} | {run['jobs']} | {per_stage} | "
                     f"{_rate(run['words'], run['wall_seconds'])} | "
                     f"{run['peak_rss_mb']:.0f} |")
    lines += ["", "Stage rates are words divided by the time spent in that stage (summed over "
              "processes); the whole-pipeline rate is words divided by wall time.", ""]
    if record["parse_peak_mb"]:
        lines += ["## `analysis parse` (keeps every table in memory, writes Parquet)", "",
                  "| corpus | peak RSS (MB) |", "|---|---|"]
        lines += [f"| {k}× | {v:.0f} |" for k, v in record["parse_peak_mb"].items()]
        lines.append("")
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
    hundred = [r for r in record["runs"] if r["factor"] == 100 and r["jobs"] == 1]
    thousand = [r for r in record["runs"] if r["factor"] == 1000]
    lines += ["", "## Targets (one core, 100× corpus)", "", "| target | measured | verdict |",
              "|---|---|---|"]
    if hundred:
        r = hundred[0]
        pipeline = r["words"] / r["wall_seconds"]
        coding = r["words"] / r["stage_seconds"]["code"]
        lines.append(f"| whole pipeline ≥ 1,000,000 words/s | {pipeline:,.0f} | "
                     f"{_verdict(pipeline, TARGET_PIPELINE)} |")
        lines.append(f"| coding ≥ 5,000,000 words/s | {coding:,.0f} | "
                     f"{_verdict(coding, TARGET_CODING)} |")
    streamed = {r["factor"]: r["peak_rss_mb"] for r in record["runs"] if r["jobs"] == 1}
    lines.append("| peak memory flat in corpus size (streaming) | " + ", ".join(
        f"{k}×: {v:.0f} MB" for k, v in sorted(streamed.items())) + " | see numbers |")
    if thousand:
        peak = max(r["peak_rss_mb"] for r in thousand)
        lines.append(f"| peak memory < 2 GB at 1000× | {peak:.0f} MB | "
                     f"{_verdict(peak, TARGET_PEAK_MB, higher_is_better=False)} |")
    else:
        lines.append("| peak memory < 2 GB at 1000× | not run | – |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
