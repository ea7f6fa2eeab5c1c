"""``reports/MANIFEST.json``: what every output is, who made it, from what, with which code."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from analysis.core.atomic import write_text_atomic
from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import load_manifest, sha256_of

MANIFEST_NAME = "MANIFEST.json"
SCHEMA_VERSION = 1
PARSE_PRODUCER = "analysis parse"
CODE_PRODUCER = "analysis code --corpus"
CODE_FILES = ("codes.parquet", "matches.parquet")
# Folders (relative to the project root) whose files are outputs of the flow.
OUTPUT_DIRS = ("data/processed", "reports", "notebooks")
# Written after the manifest, or not outputs at all: never listed in it.
NOT_OUTPUTS = frozenset({"reports/MANIFEST.json", "reports/index.html",
                         "data/processed/README.md"})
# What `git_commit` refers to: the last commit that changed the code producing the outputs.
CODE_PATHS = ("src", "config", "pyproject.toml", "constraints.txt")
PROJECT_DISTRIBUTION = "russia-belarus-integration"

FileState = tuple[int, int, int]  # inode, mtime in ns, size


def relative(path: Path, root: Path) -> str:
    """``path`` as a POSIX path relative to the project root."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def snapshot(root: Path) -> dict[str, FileState]:
    """The identity of every file in the output folders, to tell which ones a step rewrote."""
    states: dict[str, FileState] = {}
    for folder in OUTPUT_DIRS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            name = path.relative_to(root).as_posix()
            if (path.is_file() and not path.name.startswith(".") and name not in NOT_OUTPUTS
                    and path.suffix != ".py"):  # a notebook's paired text is its source
                st = path.stat()
                states[name] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return states


def written_between(before: dict[str, FileState], after: dict[str, FileState]) -> list[str]:
    """Files that are new or were replaced between two snapshots, sorted."""
    return sorted(name for name, state in after.items() if before.get(name) != state)


@dataclass
class Producer:
    """One step of the flow: ``analysis parse`` or one notebook, with its parameters."""

    name: str
    parameters: dict[str, Any]
    inputs: list[str]
    outputs: list[str] = field(default_factory=list)
    notebook_source_sha256: str | None = None


def raw_inputs(manifest_csv: Path, root: Path) -> list[str]:
    """The source manifest and every raw file it lists, relative to the root."""
    sources = load_manifest(manifest_csv, verify_checksums=False)
    return sorted(relative(p, root) for p in [manifest_csv, *(s.path for s in sources)])


def notebook_inputs(params: dict[str, Any], notebook_dir: Path, root: Path,
                    raw: list[str]) -> list[str]:
    """What a notebook reads: the parsed corpus (so the raw files) and every input path.

    A string parameter naming an existing file or folder outside the output folders is an
    input (a folder: every file in it); the output folders hold what the flow derives.
    """
    found = set(raw)
    for value in params.values():
        if not isinstance(value, str):
            continue
        path = (notebook_dir / value).resolve()
        if not path.exists() or not path.is_relative_to(root.resolve()):
            continue
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            name = relative(file, root)
            if file.is_file() and not file.name.startswith(".") and \
                    not name.startswith(tuple(f"{d}/" for d in OUTPUT_DIRS)):
                found.add(name)
    return sorted(found)


def notebook_source_sha256(path: Path) -> str:
    """A hash of a notebook's code and prose only (not its outputs or injected parameters)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for cell in nb["cells"]:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell["source"]
        digest.update(cell["cell_type"].encode())
        digest.update(("".join(source) if isinstance(source, list) else source).encode())
    return digest.hexdigest()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def code_version(root: Path) -> dict[str, Any]:
    """The last commit that changed the code, and whether that code has uncommitted edits."""
    commit = _git(root, "log", "-1", "--format=%H", "--", *CODE_PATHS)
    status = _git(root, "status", "--porcelain", "--", *CODE_PATHS)
    return {"git_commit": commit or None,
            "code_paths": list(CODE_PATHS),
            "code_modified": None if status is None else bool(status)}


def package_versions() -> dict[str, str]:
    """Python and the installed version of every runtime dependency of the project (extras
    such as the test tools are left out: they do not shape any output)."""
    versions = {"python": platform.python_version()}
    try:
        requirements = metadata.requires(PROJECT_DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        requirements = []
    runtime = [req for req in requirements if "extra ==" not in req]
    names = {re.split(r"[\s;\[<>=!~]", req, maxsplit=1)[0] for req in runtime}
    for name in sorted(n for n in names if n):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(root: Path, producers: Iterable[Producer]) -> dict[str, Any]:
    """The manifest document: environment, inputs, and one entry per output file."""
    producers = list(producers)
    all_inputs = sorted({name for p in producers for name in p.inputs})
    checksums = {name: sha256_of(root / name) for name in all_inputs}
    outputs: dict[str, Any] = {}
    for producer in producers:
        for name in producer.outputs:
            outputs[name] = {
                "sha256": sha256_of(root / name),
                "bytes": (root / name).stat().st_size,
                "producer": producer.name,
                "parameters": producer.parameters,
                "inputs": {i: checksums[i] for i in producer.inputs},
            }
    steps = {p.name: {"parameters": p.parameters, "inputs": p.inputs,
                      "notebook_source_sha256": p.notebook_source_sha256,
                      "outputs": len(p.outputs)} for p in producers}
    return {"schema_version": SCHEMA_VERSION, **code_version(root),
            "packages": package_versions(), "inputs": checksums, "steps": steps,
            "outputs": dict(sorted(outputs.items()))}


def write_manifest(manifest: dict[str, Any], reports: Path) -> Path:
    """Write ``MANIFEST.json`` atomically, keys in a stable order."""
    path = reports / MANIFEST_NAME
    write_text_atomic(path, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return path


def read_manifest(path: Path) -> dict[str, Any]:
    """A manifest written by ``analysis run``; a one-line error if absent or malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnalysisError(f"{path}: no manifest; run `analysis run` first") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AnalysisError(f"{path}: not a valid manifest ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        raise AnalysisError(f"{path}: not a valid manifest (no 'outputs' mapping)")
    return data


def merge_steps(previous: dict[str, Any] | None, fresh: list[Producer], root: Path,
                order: list[str]) -> list[Producer]:
    """Producers for a partial run: the fresh ones, plus earlier steps not rerun this time."""
    by_name = {p.name: p for p in fresh}
    previous = previous or {}
    for name, step in previous.get("steps", {}).items():
        if name in by_name or name not in order:
            continue
        outputs = sorted(out for out, entry in previous["outputs"].items()
                         if entry["producer"] == name and (root / out).is_file())
        by_name[name] = Producer(name, step["parameters"], step["inputs"], outputs,
                                 step.get("notebook_source_sha256"))
    return [by_name[name] for name in order if name in by_name]


def parse_producer(root: Path, manifest_csv: Path, processed: Path,
                   inputs: list[str]) -> Producer:
    """The ``analysis parse`` step, whose outputs are the Parquet files of data/processed/;
    ``inputs`` are the manifest and raw files (``raw_inputs``)."""
    outputs = sorted(relative(p, root) for p in processed.glob("*.parquet")
                     if p.name not in CODE_FILES)
    params = {"manifest": relative(manifest_csv, root), "out": relative(processed, root)}
    return Producer(PARSE_PRODUCER, params, inputs, outputs)


def code_producer(root: Path, processed: Path, codebook: Path, inputs: list[str]) -> Producer:
    """The corpus coding step: codes.parquet and matches.parquet from the parsed sentences
    (so from the raw ``inputs``) and the codebook."""
    outputs = sorted(relative(processed / name, root) for name in CODE_FILES)
    params = {"codebook": relative(codebook, root), "processed": relative(processed, root)}
    return Producer(CODE_PRODUCER, params, sorted({*inputs, relative(codebook, root)}),
                    outputs)


def environment_line() -> str:
    """One line naming the machine a run happened on (printed, never stored)."""
    return f"{platform.system()} {platform.release()} {platform.machine()}, " \
           f"Python {platform.python_version()}, {os.cpu_count()} cores"
