"""Run every notebook unchanged on the seeds and on the 10× and 100× benchmark corpora.

For each size a temporary project is made (the config, the notebooks, the codebooks and the
validation files copied; ``data/raw`` the seeds themselves or ``make_corpus.py``'s copies),
then ``analysis parse`` and each notebook (``analysis run --notebook``) are timed, and the
pixel size of every PNG and the size of every SVG it wrote are recorded. Results go into
``benchmarks/scale.json`` (sizes measured earlier are kept) and the "Notebooks at scale"
section of ``benchmarks/results.md``.

    python benchmarks/scale_notebooks.py --factors 1 10 100
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml
from make_corpus import build
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.md"
JSON = ROOT / "benchmarks" / "scale.json"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"


def make_project(factor: int, target: Path) -> None:
    """A project folder whose data/raw holds the seeds (factor 1) or ``factor`` copies."""
    for folder in ("config", "notebooks", "codebooks", "data/validation"):
        shutil.copytree(ROOT / folder, target / folder,
                        ignore=shutil.ignore_patterns(".*", "__pycache__"))
    if factor == 1:
        shutil.copytree(ROOT / "data" / "raw", target / "data" / "raw")
    else:
        build(factor, target / "data" / "raw")


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=os.environ.copy(), capture_output=True,
                          text=True, check=False)
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"{' '.join(command)} failed in {cwd}: {' | '.join(tail)}")
    return time.perf_counter() - started


def figure_sizes(figures: Path) -> dict[str, dict[str, int]]:
    """Figure stem → PNG width and height (px) and SVG bytes."""
    sizes = {}
    for png in sorted(figures.glob("*.png")):
        with Image.open(png) as image:
            width, height = image.size
        svg = png.with_suffix(".svg")
        sizes[png.stem] = {"width": width, "height": height,
                           "svg_bytes": svg.stat().st_size if svg.exists() else 0}
    return sizes


def measure(factor: int, keep: Path | None) -> dict:
    target = Path(tempfile.mkdtemp(prefix=f"rb-scale-{factor}x-", dir=keep))
    make_project(factor, target)
    python = sys.executable
    notebooks = list(yaml.safe_load((target / "config" / "analysis.yml").read_text())
                     ["notebooks"])
    result = {"factor": factor, "parse_s": timed([python, "-m", "analysis", "parse",
                                                  "--quiet"], target)}
    result["notebooks_s"] = {}
    for name in notebooks:
        result["notebooks_s"][name] = timed([python, "-m", "analysis", "run", "--notebook",
                                             name], target)
        print(f"{factor}×: {name} {result['notebooks_s'][name]:.0f} s", file=sys.stderr)
    result["sources"] = len(pd.read_csv(target / "data" / "raw" / "manifest.csv"))
    result["figures"] = figure_sizes(target / "reports" / "figures")
    if keep is None:
        shutil.rmtree(target)
    return result


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 120 else f"{seconds:.0f} s"


def markdown(results: list[dict], when: str) -> str:
    names = list(results[0]["notebooks_s"])
    lines = [START, "## Notebooks at scale (`make scale`)", "",
             f"Measured on {when} ({platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}) with `benchmarks/scale_notebooks.py`: every "
             "notebook run unchanged (same config) on the seeds and on `make_corpus.py`'s "
             "copies, each in a temporary project; raw numbers in `scale.json`. Wall-clock "
             "times: on a machine shared with other jobs, read them as upper bounds.", "",
             "| corpus | sources | parse | " + " | ".join(names) + " | all notebooks |",
             "|---" * (len(names) + 4) + "|"]
    for r in results:
        label = "seeds" if r["factor"] == 1 else f"{r['factor']}×"
        cells = [minutes(r["notebooks_s"][n]) for n in names]
        lines.append(f"| {label} | {r['sources']} | {minutes(r['parse_s'])} | "
                     + " | ".join(cells) + f" | {minutes(sum(r['notebooks_s'].values()))} |")
    lines += ["", "Every figure: PNG width × height in pixels, SVG size (limits: 3,000 px on "
              "the long side, 2 MB).", "",
              "| figure | " + " | ".join(f"{r['sources']} sources" for r in results) + " |",
              "|---" * (len(results) + 1) + "|"]
    stems = sorted({s for r in results for s in r["figures"]})
    for stem in stems:
        cells = []
        for r in results:
            f = r["figures"].get(stem)
            cells.append(f"{f['width']} × {f['height']}, {f['svg_bytes'] / 1e6:.2f} MB"
                         if f else "—")
        lines.append(f"| `{stem}` | " + " | ".join(cells) + " |")
    return "\n".join([*lines, "", END]) + "\n"


def write_results(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8")
    if START in current:
        head, _, rest = current.partition(START)
        current = head + text + rest.partition(END)[2].lstrip("\n")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep each temporary project under this folder")
    args = parser.parse_args()
    earlier = json.loads(JSON.read_text(encoding="utf-8")) if JSON.exists() else []
    for factor in args.factors:  # each size is saved as soon as it is measured
        earlier = [r for r in earlier if r["factor"] != factor] + [measure(factor, args.keep)]
        earlier.sort(key=lambda r: r["factor"])
        JSON.write_text(json.dumps(earlier, indent=2) + "\n", encoding="utf-8")
    results = earlier
    JSON.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_results(markdown(results, time.strftime("%Y-%m-%d")))
    print(f"wrote {RESULTS} and {JSON}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
