"""Peak memory and wall time of one `analysis parse` run, printed as JSON.

    python benchmarks/parse_memory.py MANIFEST OUT_DIR JOBS

Two peaks: the largest single process (the kernel's ``ru_maxrss`` over every process this
run waited for), and the sum of resident memory over the parse process and its workers,
sampled every 50 ms (an upper bound: pages the forked workers share are counted twice).
Run in its own process so that ``ru_maxrss`` covers this parse only.
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from typing import BinaryIO

import psutil

SAMPLE_SECONDS = 0.05


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (0 for any that just ended)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += member.memory_info().rss
    return total


def main() -> int:
    manifest, out, jobs = sys.argv[1], sys.argv[2], sys.argv[3]
    with tempfile.TemporaryFile() as errors:
        return measure(manifest, out, jobs, errors)


def measure(manifest: str, out: str, jobs: str, errors: BinaryIO) -> int:
    """Run the parse, sample its memory, print the JSON line; the exit status of the parse."""
    started = time.perf_counter()
    process = psutil.Popen([sys.executable, "-m", "analysis", "parse", "--manifest", manifest,
                            "--out", out, "--quiet", "--jobs", jobs],
                           stdout=subprocess.DEVNULL, stderr=errors)
    all_peak = 0
    while process.poll() is None:
        all_peak = max(all_peak, tree_rss(process))
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        errors.seek(0)
        print(errors.read().decode(errors="replace"), file=sys.stderr)
        return process.returncode
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"jobs": int(jobs), "seconds": round(seconds, 1),
                      "largest_process_mb": round(largest, 1),
                      "all_processes_mb": round(all_peak / 2**20, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
