"""Speed-up on several processes: `analysis parse` (local engine vs Dask) and
`analysis code` (one process vs a local Dask cluster vs a separately started scheduler with
its workers), wall time of each whole command, and whether the outputs are the same bytes.

    python benchmarks/dask_speedup.py MANIFEST SENTENCES.parquet [--workers N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from code_csv_peers import make_csv


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.parquet")):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def cluster(workers: int, folder: Path) -> tuple[str, list[subprocess.Popen]]:
    """A `dask scheduler` and `dask worker` processes on 127.0.0.1, as a user starts them."""
    info = folder / "scheduler.json"
    dask = str(Path(sys.executable).with_name("dask"))
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(info)], **quiet)]
    while not (info.exists() and info.stat().st_size):
        time.sleep(0.1)
    address = json.loads(info.read_text())["address"]
    procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", str(workers),
                                   "--nthreads", "1", "--no-dashboard"], **quiet))
    return address, procs


def run(manifest: Path, sentences: Path, workers: int) -> dict:
    py = [sys.executable, "-m", "analysis"]
    out: dict = {"workers": workers}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parse = [*py, "parse", "--manifest", str(manifest), "--quiet", "--out"]
        out["parse_one_process"] = wall([*parse, str(folder / "p1"), "--jobs", "1"])
        out["parse_dask_local"] = wall([*parse, str(folder / "p2"), "--engine", "dask",
                                        "--jobs", str(workers)])
        source = folder / "texts.csv"
        out["code_words"] = make_csv(sentences, 1, source)
        code = [*py, "code", "--input", str(source), "--text-column", "text", "--id-column",
                "id", "--output"]
        out["code_one_process"] = wall([*code, str(folder / "c1.csv"), "--jobs", "1"])
        out["code_dask_local"] = wall([*code, str(folder / "c2.csv"), "--engine", "dask",
                                       "--jobs", str(workers)])
        address, procs = cluster(workers, folder)
        try:
            out["parse_dask_scheduler"] = wall([*parse, str(folder / "p3"), "--engine", "dask",
                                                "--scheduler", address])
            out["code_dask_scheduler"] = wall([*code, str(folder / "c3.csv"), "--engine",
                                               "dask", "--scheduler", address])
        finally:
            for p in reversed(procs):
                p.terminate()
                p.wait(timeout=60)
        first = digest(folder / "p1")
        out["parse_same_bytes"] = all(digest(folder / f"p{k}") == first for k in (2, 3))
        code_bytes = (folder / "c1.csv").read_bytes()
        out["code_same_bytes"] = all((folder / f"c{k}.csv").read_bytes() == code_bytes
                                     for k in (2, 3))
    return out


def section(record: dict) -> list[str]:
    """The results.md section: wall time of each whole command and the speed-up."""
    dask = record.get("dask")
    if not dask:
        return []
    lines = ["", f"## Several processes with Dask ({dask['factor']}× corpus, "
             f"{dask['workers']} workers, measured {record.get('dask_date', '?')})", "",
             "Wall time of each whole command (start-up included), and whether its output is "
             "the same bytes as one process's (`benchmarks/dask_speedup.py`).", "",
             "| command | one process (s) | local Dask cluster (s) | separate `dask scheduler` + "
             "`dask worker` (s) | speed-up (local / separate) | same bytes |",
             "|---|---|---|---|---|---|"]
    for command in ("parse", "code"):
        one = dask[f"{command}_one_process"]
        local, separate = dask[f"{command}_dask_local"], dask[f"{command}_dask_scheduler"]
        lines.append(f"| `analysis {command}` | {one:.1f} | {local:.1f} | {separate:.1f} | "
                     f"{one / local:.2f}× / {one / separate:.2f}× | "
                     f"{'yes' if dask[f'{command}_same_bytes'] else 'NO'} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("sentences", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(json.dumps(run(args.manifest, args.sentences, args.workers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
