"""The two ``analysis validate`` sub-commands: draw a sample with coding sheets, and report
on the coded sheets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.coding.codebook import load_codebook
from analysis.coding.corpus_coding import code_sentences
from analysis.coding.matcher import code_texts
from analysis.core.errors import AnalysisError
from analysis.ingest.overview import load_processed
from analysis.validation import own_report, sheets, stratified


@dataclass
class SampleRequest:
    """What ``analysis validate sample`` was asked for."""

    n: int
    seed: int
    processed: Path
    guide: Path
    out: Path | None = None
    coders: int = 2
    by: str = "source"
    codebook: Path | None = None
    dev_share: float = 0.0


def draw_sample_folder(req: SampleRequest) -> tuple[Path, pd.DataFrame]:
    """Code the processed corpus, draw the stratified sample, write sample, sheets, guide."""
    if req.n < 1:
        raise AnalysisError(f"--n {req.n}: must be at least 1")
    names = sheets.coder_names(req.coders)
    codebook = load_codebook(req.codebook)
    tables = load_processed(req.processed)
    sentences = stratified.with_context(tables["sentences"], tables["paragraphs"],
                                        tables["documents"])
    coded, _ = code_sentences(sentences, codebook)
    dims = [d for d in stratified.DEFAULT_STRATA_DIMENSIONS if d in codebook.dimension_names]
    sample = stratified.draw_stratified(coded, n=req.n, seed=req.seed, by=req.by,
                                        dimensions=dims, dev_share=req.dev_share)
    out = req.out or req.processed.parent / "validation" / f"sample-{sample['sample_id'][0]}"
    sheets.write_sample_folder(sample, out, names, req.guide)
    return out, sample


@dataclass
class ReportRequest:
    """What ``analysis validate report`` was asked for."""

    sheets: list[Path]
    sample: Path | None = None
    adjudicated: Path | None = None
    out: Path | None = None
    codebook: Path | None = None
    methods: list[str] = field(default_factory=list)
    settings: own_report.MethodSettings = field(default_factory=own_report.MethodSettings)


def _disagreements_with_decisions(sheet: pd.DataFrame, adjudicated: Path | None,
                                  decided: dict) -> pd.DataFrame:
    if adjudicated is None:
        return sheet
    reasons = sheets.read_csv(adjudicated, "adjudication file")
    reason = ({(r.uid, r.dimension): r.reason for r in reasons.itertuples(index=False)}
              if "reason" in reasons else {})
    keys = list(zip(sheet["uid"], sheet["dimension"], strict=True))
    return sheet.assign(gold=[decided.get(k, "") for k in keys],
                        reason=[reason.get(k, "") for k in keys])


def write_report(req: ReportRequest) -> tuple[Path, list[str]]:
    """Every table of the report into ``out``; returns the folder and the summary lines."""
    first = Path(req.sheets[0])
    sample_path = req.sample or first.parent / "sample.csv"
    coded = sheets.read_coded(sample_path, list(req.sheets))
    out = Path(req.out or first.parent / "report")
    human = own_report.human_agreement(coded)
    cells = own_report.disagreement_sheet(coded)
    decided = (own_report.read_adjudication(req.adjudicated, coded.sample)
               if req.adjudicated else {})
    lines = [f"sample {coded.sample.get('sample_id', pd.Series(['(seeds)']))[0]}: "
             f"{len(coded.sample)} sentences, coders {', '.join(coded.coders)}"]
    sheets.write_csv(human, out / "human_agreement.csv")
    target = out / "disagreements.csv"
    if not (req.adjudicated and Path(req.adjudicated).resolve() == target.resolve()):
        sheets.write_csv(_disagreements_with_decisions(cells, req.adjudicated, decided), target)
    lines.append(f"{len(cells)} cells where the coders disagree ({target})")
    if len(cells) and not req.adjudicated:
        lines.append("fill in gold (0/1) and reason in the disagreement sheet and rerun with "
                     "--adjudicated to get the methods' error rates")
        return out, lines
    gold = own_report.gold_labels(coded, decided, str(req.adjudicated or sample_path))
    sheets.write_csv(gold, out / "gold.csv")
    codebook = load_codebook(req.codebook)
    dictionary, _ = code_texts(gold["text"].reset_index(drop=True), codebook)
    methods = {f"dictionary v{codebook.version}": dictionary}
    for spec in req.methods:
        name, codes = own_report.read_method_codes(spec, gold, sheets.CODE_COLUMNS)
        methods[name] = codes
    table = own_report.methods_vs_gold(gold, methods, req.settings)
    sheets.write_csv(table, out / "methods_vs_gold.csv")
    overall = table[table["group_by"] == "all"]
    for r in overall.itertuples(index=False):
        lines.append(f"{r.method} · {r.dimension}: F1 {r.f1:.3f} [{r.f1_low:.3f}, "
                     f"{r.f1_high:.3f}], kappa {r.kappa:.3f}, sensitivity {r.sensitivity:.3f}, "
                     f"specificity {r.specificity:.3f} (n {r.n}, weighted)")
    lines.append(f"tables in {out}")
    return out, lines
