"""Validate the coding on a corpus of one's own, end to end (issue 15), on the seeds plus the
four synthetic sources of examples/own_corpus/, typing exactly what a user types.

    .venv/bin/python scripts/demo_own_corpus.py [--workdir DIR] [--stop-after STEP]
    make demo

In a fresh copy of the project (data/raw with its manifest, config, codebooks, notebooks and
the coding guide; the repository's own data/raw is never touched) it runs

  1. analysis add FILE           for each file of examples/own_corpus/inputs/, first without
                                 flags; where add asks for a column, again with only the
                                 flags it asked for (values from the source's own record)
  2. analysis parse
  3. analysis code --corpus
  4. analysis validate sample --n 300 --seed 15 --coders 2 --by source
                                 --codebook codebooks/integration-v1.2.yaml --out OWN
                                 (the codebook the committed sample was drawn with: its codes
                                 make the strata) and checks that the sample is the committed one
                                 (examples/own_corpus/validation/sample.csv)
  5. with coded sheets in examples/own_corpus/validation/ (coder_*.csv): copies them in,
     analysis validate report --sheets ... [--adjudicated adjudication.csv]
  6. analysis run --notebook 06_error_aware_weights --param ...:validation_dir=../OWN
  7. a summary: kappa and alpha per dimension, the dictionary against the gold labels
     (precision, recall, F1 with intervals; all sentences, the added sources', the seeds'),
     the per-source error rates (partially pooled), corrected shares per source with
     intervals.

Each step logs one line (the command, then what it reported). Deterministic: the sample is
drawn with a fixed seed from a corpus that is the same on every run.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis.coding.codebook import load_codebook
from analysis.coding.matcher import code_texts
from analysis.validation.own_report import MethodSettings
from analysis.validation.sheets import CODE_COLUMNS
from analysis.validation.weighted import scores_with_intervals

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "own_corpus"
INPUTS, CODED = DEMO / "inputs", DEMO / "validation"  # CODED: committed sample and sheets
OWN = Path("data/validation/own_corpus")  # the sample folder, inside the work folder
# The codebook the committed sample was drawn with: its codes make the strata, so the sample
# step names it and the sample stays the committed one when the project's default codebook
# moves on. The report and notebook 06 use the default codebook (whatever it is then): the
# sample reaches them only through its strata and weights.
SAMPLE_CODEBOOK = "codebooks/integration-v1.2.yaml"
SAMPLE_ARGS = ["--n", "300", "--seed", "15", "--coders", "2", "--by", "source",
               "--codebook", SAMPLE_CODEBOOK]
NOTEBOOK = "06_error_aware_weights"
STEPS = ("add", "parse", "code", "sample", "report", "notebook")
FLAG_OF = {"title": "--title", "authors": "--authors", "outlet": "--outlet",
           "published": "--published", "language": "--language"}
ASKED = re.compile(r"\(column (\w+)\)")


class DemoError(RuntimeError):
    """A step failed; the message says which and why."""


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def log(message: str) -> None:
    print(f"demo: {message}", flush=True)


def known_sources() -> dict[str, dict]:
    """File name → what the source's record says about it (texts/*.md front matter): what a
    user knows about a file they bring, and gives when `analysis add` asks."""
    spec = importlib.util.spec_from_file_location("own_corpus_render", DEMO / "render.py")
    assert spec and spec.loader
    render = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    return {a.meta["file"]: a.meta for a in map(render.load_article,
                                                sorted((DEMO / "texts").glob("*.md")))}


def analysis(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run one `analysis` command in the work folder, as a user types it."""
    shown = " ".join(a if re.fullmatch(r"[\w./:=@-]+", a) else repr(a) for a in args)
    log(f"$ analysis {shown}")
    done = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=workdir,
                          capture_output=True, text=True)
    for line in (done.stdout + done.stderr).splitlines():
        if line.strip():
            print(f"    {line}", flush=True)
    if check and done.returncode != 0:
        raise DemoError(f"analysis {args[0]} exited with {done.returncode}")
    return done


def prepare(workdir: Path) -> None:
    """A copy of what `analysis` needs: data/raw, config, codebooks, notebooks, the guide."""
    if workdir.exists() and any(workdir.iterdir()):
        raise DemoError(f"{workdir}: not empty; give a new folder with --workdir")
    for name in ("config", "codebooks", "notebooks"):
        shutil.copytree(ROOT / name, workdir / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copytree(ROOT / "data" / "raw", workdir / "data" / "raw")
    (workdir / "data" / "validation").mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / "validation" / "CODING_GUIDE.md",
                    workdir / "data" / "validation" / "CODING_GUIDE.md")
    log(f"work folder {workdir}: copied data/raw ({len(list((workdir / 'data/raw').iterdir()))} "
        f"files), config, codebooks, notebooks, data/validation/CODING_GUIDE.md")


def add_sources(workdir: Path) -> dict[str, list[str]]:
    """`analysis add` each input; where it asks for columns, add again with those flags only.
    Returns file name → the columns add asked for."""
    known = known_sources()
    asked: dict[str, list[str]] = {}
    for path in sorted(INPUTS.iterdir()):
        first = analysis(workdir, "add", str(path), check=False)
        columns = ASKED.findall(first.stderr) if first.returncode else []
        if first.returncode and not columns:
            raise DemoError(f"analysis add {path.name} failed without naming a column")
        asked[path.name] = columns
        if columns:
            meta = known[path.name]
            flags = [x for c in columns for x in (FLAG_OF[c], _answer(meta, c))]
            log(f"add asked for {', '.join(columns)}: giving "
                f"{' '.join(flags[i] for i in range(0, len(flags), 2))}")
            analysis(workdir, "add", str(path), *flags)
    _check_rows(workdir, known)
    return asked


def _answer(meta: dict, column: str) -> str:
    value = meta.get(column) or ("en" if column == "language" else "")
    return "; ".join(value) if isinstance(value, list) else str(value)


def _check_rows(workdir: Path, known: dict[str, dict]) -> None:
    """Log each added row against the source's record; a mismatch is a warning."""
    rows = pd.read_csv(workdir / "data/raw/manifest.csv", dtype=str, keep_default_na=False)
    for row in rows[rows["file"].isin(known)].itertuples(index=False):
        meta = known[row.file]
        wrong = [c for c, v in (("title", meta["title"]), ("authors", "; ".join(meta["authors"])),
                                ("outlet", meta["outlet"]), ("published", meta["published"]))
                 if getattr(row, c) != v]
        state = f"WARNING: differs from the source's record in {', '.join(wrong)}" if wrong \
            else "title, authors, outlet and date as the source states them"
        log(f"{row.doc_id} {row.file}: {row.format}, published {row.published} "
            f"({row.date_precision}; {row.date_basis}); {state}")


def draw_sample(workdir: Path, coded: Path = CODED) -> Path:
    """`analysis validate sample`, then the per-source counts and the check against the
    committed sample."""
    analysis(workdir, "validate", "sample", *SAMPLE_ARGS, "--out", str(OWN))
    folder = workdir / OWN
    sample = pd.read_csv(folder / "sample.csv", dtype=str, keep_default_na=False)
    per = sample.groupby("doc_id").size()
    log(f"sample {sample['sample_id'][0]}: {len(sample)} sentences, "
        f"{sample['stratum'].nunique()} strata; per source "
        + ", ".join(f"{d} {n}" for d, n in per.items()))
    committed = coded / "sample.csv"
    if not committed.is_file():
        log(f"no committed sample in {_shown(committed)} to compare with")
    elif committed.read_bytes() != (folder / "sample.csv").read_bytes():
        ours = pd.read_csv(committed, dtype=str, nrows=1)["sample_id"][0]
        raise DemoError(f"the sample drawn ({sample['sample_id'][0]}) is not the committed one "
                        f"({ours}, {_shown(committed)}): the corpus, the parser or "
                        f"{SAMPLE_CODEBOOK} changed since the sheets were drawn, so coded "
                        "sheets would not fit it")
    else:
        log(f"the sample is the committed one ({_shown(committed)}), byte for byte")
    log(f"coding sheets: {', '.join(str(p) for p in sorted(folder.glob('coder_*.csv')))}; "
        f"guide: {folder / 'CODING_GUIDE.md'}")
    return folder


def report(workdir: Path, folder: Path, coded: Path = CODED) -> bool:
    """Copy the coded sheets (and the adjudication) in and run `analysis validate report`;
    True when there are gold labels for every sentence."""
    sheets = sorted(coded.glob("coder_*.csv"))
    for sheet in sheets:
        shutil.copyfile(sheet, folder / sheet.name)
    log(f"copied {len(sheets)} coded sheets from {_shown(coded)} into {OWN}")
    names = [str(OWN / s.name) for s in sheets]
    adjudication = coded / "adjudication.csv"
    if not adjudication.is_file():
        analysis(workdir, "validate", "report", "--sheets", *names)
        cells = pd.read_csv(folder / "report" / "disagreements.csv", dtype=str)
        if len(cells):
            log(f"{len(cells)} disagreements to adjudicate: fill gold and reason in "
                f"{folder / 'report' / 'disagreements.csv'} and save it as "
                f"{_shown(adjudication)}, then run the demo again")
            return False
        return True
    shutil.copyfile(adjudication, folder / "adjudication.csv")
    analysis(workdir, "validate", "report", "--sheets", *names,
             "--adjudicated", str(OWN / "adjudication.csv"))
    return True


def notebook(workdir: Path) -> None:
    """Notebook 06 with its validation folder pointed at the demo's."""
    analysis(workdir, "run", "--notebook", NOTEBOOK, "--param",
             f"{NOTEBOOK}:validation_dir=../{OWN}")


def summary(workdir: Path, folder: Path) -> None:
    """Agreement, the dictionary against gold (all, added sources, seeds), the per-source
    error rates, corrected shares per source."""
    human = pd.read_csv(folder / "report" / "human_agreement.csv")
    for r in human.to_dict("records"):
        kappas = ", ".join(f"{k} {v:.3f}" for k, v in r.items() if k.startswith("kappa_"))
        log(f"humans · {r['dimension']}: {kappas}, alpha {r['alpha']:.3f}")
    methods = pd.read_csv(folder / "report" / "methods_vs_gold.csv", dtype={"group": str})
    for r in methods[methods["group_by"] == "all"].itertuples(index=False):
        log(f"{r.method} · {r.dimension}: {_scores(r._asdict())} (n {r.n}, weighted)")
    for line in added_vs_seeds(workdir, folder):
        log(line)
    rates = pd.read_csv(workdir / "reports/tables/error_rates_by_source.csv",
                        dtype={"doc_id": str})
    for dim, per in rates.groupby("dimension", sort=False):
        for rate, name in (("se", "sensitivity"), ("sp", "specificity")):
            log(f"rates · {dim} {name}: pooled {per[f'{rate}_pooled_rate'].iloc[0]:.3f}, "
                f"m {per[f'{rate}_prior_strength'].iloc[0]:.1f}; per source (partially pooled) "
                + ", ".join(f"{d} {v:.3f}" for d, v in zip(per["doc_id"],
                                                          per[f"{rate}_partially_pooled"],
                                                          strict=True)))
    shares = pd.read_csv(workdir / "reports/tables/corrected_shares_by_source.csv",
                         dtype={"doc_id": str})
    for r in shares.itertuples(index=False):
        flags = ", ".join(f for f in ("clipped", "unstable") if getattr(r, f))
        log(f"corrected · {r.doc_id} {r.dimension}: {r.corrected_share:.3f} "
            f"[{r.corrected_ci_low:.3f}, {r.corrected_ci_high:.3f}] (raw {r.raw_share:.3f} "
            f"[{r.raw_ci_low:.3f}, {r.raw_ci_high:.3f}], n {r.n}){f'; {flags}' if flags else ''}")


def _scores(r: dict) -> str:
    return ", ".join(f"{name} {r[name]:.3f} [{r[f'{name}_low']:.3f}, {r[f'{name}_high']:.3f}]"
                     for name in ("precision", "recall", "f1"))


def added_vs_seeds(workdir: Path, folder: Path) -> list[str]:
    """The dictionary against gold on the added sources' sentences and on the seeds', each
    as the report computes a group (weighted, bootstrap within strata, same draws and
    seeds): strata never cross sources, so each part is a union of whole strata."""
    gold = pd.read_csv(folder / "report" / "gold.csv", dtype={"doc_id": str})
    gold = gold[gold["split"] == "heldout"].reset_index(drop=True)
    rows = pd.read_csv(workdir / "data/raw/manifest.csv", dtype=str, keep_default_na=False)
    added = set(rows.loc[rows["file"].isin(known_sources()), "doc_id"])
    codebook = load_codebook()  # the default, as `analysis validate report` uses it
    codes, _ = code_texts(gold["text"], codebook)
    settings, lines = MethodSettings(), []
    for part, mask in (("added sources", gold["doc_id"].isin(added)),
                       ("seeds", ~gold["doc_id"].isin(added))):
        for i, dim in enumerate(CODE_COLUMNS):
            scores = scores_with_intervals(
                gold[dim].to_numpy(int)[mask], codes[dim].to_numpy(int)[mask],
                gold["weight"].to_numpy(float)[mask], gold["stratum"].to_numpy()[mask],
                draws=settings.draws, seed=settings.seed + i)
            lines.append(f"dictionary v{codebook.version} · {part} · {dim}: {_scores(scores)} "
                         f"(n {int(mask.sum())}, gold positives {int(gold[dim][mask].sum())}, "
                         "weighted)")
    return lines


def run(workdir: Path, stop_after: str = "notebook", coded: Path = CODED) -> None:
    """Every step up to ``stop_after``."""
    prepare(workdir)
    asked = add_sources(workdir)
    log("add asked: " + "; ".join(f"{f}: {', '.join(c) or 'nothing'}" for f, c in asked.items()))
    if stop_after == "add":
        return
    analysis(workdir, "parse")
    if stop_after == "parse":
        return
    analysis(workdir, "code", "--corpus")
    if stop_after == "code":
        return
    folder = draw_sample(workdir, coded)
    if stop_after == "sample":
        return
    if not any(coded.glob("coder_*.csv")):
        log(f"stop: no coded sheets in {_shown(coded)} yet; code the sheets above "
            "(notebooks/07_hand_coding), put them there and run the demo again")
        return
    if not report(workdir, folder, coded) or stop_after == "report":
        return
    notebook(workdir)
    summary(workdir, folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None,
                        help="an empty or new folder for the copy (default: a new temporary "
                             "folder, kept)")
    parser.add_argument("--stop-after", choices=STEPS, default="notebook")
    parser.add_argument("--coded", type=Path, default=CODED,
                        help="folder with the committed sample.csv, the coded coder_*.csv "
                             "sheets and adjudication.csv (default: examples/own_corpus/"
                             "validation)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rb-demo-"))
    try:
        run(workdir.resolve(), args.stop_after, args.coded.resolve())
    except DemoError as exc:
        log(f"error: {exc}")
        return 1
    log(f"done; everything is in {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
