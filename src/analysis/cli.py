"""The ``analysis`` command line: add, parse, code, run, verify, validate."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from analysis.core.errors import AnalysisError

DEFAULT_MANIFEST = Path("data/raw/manifest.csv")
DEFAULT_PROCESSED = Path("data/processed")
DEFAULT_CONFIG = Path("config/analysis.yml")
DEFAULT_GUIDE = Path("data/validation/CODING_GUIDE.md")


def _check_jobs(jobs: int) -> None:
    if jobs < 1:
        raise AnalysisError(f"--jobs {jobs}: must be at least 1")


def _cmd_add(args: argparse.Namespace) -> int:
    from analysis.ingest.add import Given, plan_add, rows_csv
    from analysis.ingest.add_write import write_add

    given = Given(url=args.url, format=args.format, doc_id=args.doc_id, title=args.title,
                  authors=args.authors, outlet=args.outlet, published=args.published,
                  language=args.language)
    planned, existing = plan_add(args.path, args.manifest, given)
    if args.dry_run:
        sys.stdout.write(rows_csv(planned, existing.columns, header=True))
        print(f"analysis add: dry run, nothing written ({len(planned)} source(s))",
              file=sys.stderr)
        return 0
    write_add(planned, args.manifest, existing)
    for item in planned:
        row = item.row
        print(f"analysis add: {row['doc_id']} {item.target} ({row['format']}, published "
              f"{row['published']} ({row['date_precision']}), {row['date_basis']})",
              file=sys.stderr)
    return 0


def _cmd_parse(args: argparse.Namespace) -> int:
    from analysis.core.cache import Cache
    from analysis.ingest.build import log, write_corpus

    started = time.perf_counter()
    _check_jobs(args.jobs)
    cache = Cache(args.cache) if args.cache else None
    if args.scheduler and args.engine != "dask":
        raise AnalysisError("--scheduler needs --engine dask")
    written = write_corpus(args.manifest, args.out, verbose=not args.quiet, jobs=args.jobs,
                           cache=cache, engine=args.engine, scheduler=args.scheduler)
    if not args.quiet:
        reused = f" ({cache.summary()})" if cache else ""
        log(f"wrote {len(written)} tables to {args.out} in "
            f"{time.perf_counter() - started:.2f} s{reused}")
    return 0


def _cmd_code(args: argparse.Namespace) -> int:
    from analysis.coding.code_csv import code_csv
    from analysis.coding.corpus_codes import write_codes

    _check_jobs(args.jobs)
    if args.corpus:
        paths, written = write_codes(args.processed, args.codebook)
        state = "wrote" if written else "up to date:"
        print(f"{state} {', '.join(str(p) for p in paths)}", file=sys.stderr)
        return 0
    missing = [flag for flag, value in (("--input", args.input),
                                        ("--text-column", args.text_column),
                                        ("--output", args.output)) if value is None]
    if missing:
        raise AnalysisError(f"{', '.join(missing)} required (or --corpus to code the "
                            f"processed corpus)")
    if args.scheduler and args.engine != "dask":
        raise AnalysisError("--scheduler needs --engine dask")
    message = code_csv(args.input, args.text_column, args.output, args.id_column, args.codebook,
                       jobs=args.jobs, engine=args.engine, scheduler=args.scheduler)
    print(message, file=sys.stderr)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from analysis.pipeline.runner import run_notebooks

    run_notebooks(args.config, only=args.notebook, overrides=args.param)
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from analysis.pipeline.verify import verify

    started = time.perf_counter()
    checks, report = verify(args.config, keep=args.keep)
    print(report)
    bad = [c for c in checks if not c.ok]
    verdict = "every output matches the manifest" if not bad else \
        f"{len(bad)} of {len(checks)} outputs do not match the manifest"
    print(f"analysis verify: {verdict} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 1 if bad else 0


def _cmd_validate_sample(args: argparse.Namespace) -> int:
    from analysis.validation.commands import SampleRequest, draw_sample_folder

    out, sample = draw_sample_folder(SampleRequest(
        n=args.n, seed=args.seed, processed=args.processed, guide=args.guide, out=args.out,
        coders=args.coders, by=args.by, codebook=args.codebook, dev_share=args.dev_share))
    strata = sample["stratum"].nunique()
    print(f"sample {sample['sample_id'][0]}: {len(sample)} sentences from {strata} strata, "
          f"{args.coders} coding sheet(s) and the coding guide in {out}", file=sys.stderr)
    return 0


def _cmd_validate_report(args: argparse.Namespace) -> int:
    from analysis.validation.commands import ReportRequest, write_report
    from analysis.validation.own_report import MethodSettings

    _, lines = write_report(ReportRequest(
        sheets=args.sheets, sample=args.sample, adjudicated=args.adjudicated, out=args.out,
        codebook=args.codebook, methods=args.method,
        settings=MethodSettings(draws=args.draws, seed=args.seed,
                                min_group_n=args.min_group_n, split=args.split)))
    print("\n".join(lines))
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    val = sub.add_parser("validate", help="validate the coding on your own corpus: draw a "
                                          "sample for hand coding, report on coded sheets")
    vsub = val.add_subparsers(dest="validate_command", required=True)
    s = vsub.add_parser("sample", help="stratified sample of data/processed with one coding "
                                       "sheet per coder and the coding guide")
    s.add_argument("--n", type=int, required=True, help="sentences to sample")
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--coders", type=int, default=2, help="coding sheets to write (default 2)")
    s.add_argument("--out", type=Path, default=None,
                   help="folder to write (default data/validation/sample-<sample id>)")
    s.add_argument("--by", choices=["source", "outlet", "genre"], default="source",
                   help="first stratum variable, crossed with the dictionary's codes")
    s.add_argument("--dev-share", type=float, default=0.0,
                   help="share of each stratum marked dev (for tuning a codebook; error "
                        "rates come from the rest). Default 0: all held out")
    s.add_argument("--processed", type=Path, default=DEFAULT_PROCESSED)
    s.add_argument("--codebook", type=Path, default=None)
    s.add_argument("--guide", type=Path, default=DEFAULT_GUIDE, help="coding guide to copy")
    s.set_defaults(func=_cmd_validate_sample)
    r = vsub.add_parser("report", help="agreement, disagreement sheet, and every method "
                                       "against the adjudicated labels")
    r.add_argument("--sheets", type=Path, nargs="+", required=True,
                   help="two or more coded sheets")
    r.add_argument("--sample", type=Path, default=None,
                   help="sample file (default: sample.csv beside the first sheet)")
    r.add_argument("--adjudicated", type=Path, default=None,
                   help="the disagreement sheet with gold (0/1) and reason filled in")
    r.add_argument("--out", type=Path, default=None,
                   help="folder for the tables (default: report/ beside the first sheet)")
    r.add_argument("--codebook", type=Path, default=None)
    r.add_argument("--method", action="append", default=[], metavar="NAME=CODES.csv",
                   help="another method's codes (sentence_id or uid + 0/1 columns), e.g. the "
                        "output of `analysis code`; repeatable")
    r.add_argument("--split", choices=["heldout", "dev", "all"], default="heldout",
                   help="sentences the methods are scored on (default heldout)")
    r.add_argument("--draws", type=int, default=2000, help="bootstrap draws")
    r.add_argument("--seed", type=int, default=20211104)
    r.add_argument("--min-group-n", type=int, default=30,
                   help="sentences a source/outlet/genre needs for its own estimates")
    r.set_defaults(func=_cmd_validate_report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per step of the flow."""
    parser = argparse.ArgumentParser(prog="analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    a = sub.add_parser("add", help="add a source: copy it into data/raw unchanged and write "
                                   "its manifest row (metadata read from the file)")
    a.add_argument("path", type=Path, metavar="PATH",
                   help="a saved web page, PDF, Markdown or text file, or a directory of them")
    a.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST,
                   help="the manifest to extend; files are copied into its folder")
    a.add_argument("--url", default=None, help="where the source was published")
    a.add_argument("--format", default=None,
                   help="html, pdf, markdown, web_article or journal_pdf_text (default: sniffed)")
    a.add_argument("--doc-id", default=None, help="default: the next free id")
    a.add_argument("--title", default=None)
    a.add_argument("--authors", default=None, help="';'-separated, or 'unsigned'")
    a.add_argument("--outlet", default=None, help="site, journal or publisher")
    a.add_argument("--published", default=None, metavar="YYYY[-MM[-DD]]",
                   help="publication date; its precision is the one written")
    a.add_argument("--language", default=None, metavar="xx",
                   help="ISO 639-1 code; needed to add a text that is not in English")
    a.add_argument("--dry-run", action="store_true",
                   help="print the manifest row(s) and write nothing")
    a.set_defaults(func=_cmd_add)

    p = sub.add_parser("parse", help="build data/processed/ from the manifest")
    p.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    p.add_argument("--out", type=Path, default=DEFAULT_PROCESSED)
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="parse sources in this many processes (default: all cores); the "
                        "output is the same for any number")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes (default) or a Dask cluster")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --engine dask: a running scheduler (tcp://host:8786); "
                        "default: a local cluster of --jobs workers")
    p.add_argument("--cache", type=Path, default=None, metavar="DIR",
                   help="reuse sources parsed before (keyed by raw checksum, manifest row "
                        "and parser code); only changed sources are parsed again")
    p.set_defaults(func=_cmd_parse)

    c = sub.add_parser("code", help="code the texts of any CSV file with the codebook, or "
                                    "the processed corpus (--corpus)")
    c.add_argument("--input", type=Path, help="CSV file (UTF-8) with the texts")
    c.add_argument("--text-column", help="column holding the texts")
    c.add_argument("--output", type=Path, help="CSV file to write")
    c.add_argument("--corpus", action="store_true",
                   help="code every processed sentence into codes.parquet and matches.parquet "
                        "(beside the processed tables; rewritten only when the codebook or "
                        "the sentences changed)")
    c.add_argument("--processed", type=Path, default=DEFAULT_PROCESSED,
                   help="with --corpus: the processed folder (default: data/processed)")
    c.add_argument("--id-column", default=None, help="column to copy as the row id")
    c.add_argument("--codebook", type=Path, default=None,
                   help="codebook YAML (default: codebooks/integration-v1.3.yaml)")
    c.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="code in this many processes (default: all cores); same output")
    c.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes, or a Dask cluster (same output)")
    c.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --engine dask: a running scheduler (tcp://host:8786); "
                        "default: a local cluster of --jobs workers")
    c.set_defaults(func=_cmd_code)

    r = sub.add_parser("run", help="execute every notebook headless with papermill")
    r.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    r.add_argument("--notebook", action="append", default=None,
                   help="run only this notebook (name without .ipynb); repeatable")
    r.add_argument("--param", action="append", default=[], metavar="NOTEBOOK:NAME=VALUE",
                   help="override one parameter of one notebook (value parsed as YAML)")
    r.set_defaults(func=_cmd_run)

    v = sub.add_parser("verify", help="rebuild every output in a temporary folder and compare "
                                      "it with reports/MANIFEST.json")
    v.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    v.add_argument("--keep", type=Path, default=None, metavar="DIR",
                   help="rebuild into DIR (must not exist) and keep it for inspection")
    v.set_defaults(func=_cmd_verify)
    _add_validate(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: user errors become one line on stderr and exit status 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except AnalysisError as exc:
        command = " ".join(filter(None, [args.command, getattr(args, "validate_command", None)]))
        print(f"analysis {command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"analysis {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
