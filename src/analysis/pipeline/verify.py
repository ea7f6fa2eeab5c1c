"""``analysis verify``: rebuild every output in a temporary folder and check it against the
manifest."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.core.errors import AnalysisError
from analysis.ingest.corpus import sha256_of
from analysis.pipeline import provenance
from analysis.pipeline.compare import compare_with_tolerance
from analysis.pipeline.runner import load_config, run_notebooks

IDENTICAL = "identical"
TOLERANCE = "within tolerance"


@dataclass(frozen=True)
class Check:
    """The verdict on one output file."""

    name: str
    producer: str
    status: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Identical bytes, or the numbers behind the file agree within tolerance."""
        return self.status in (IDENTICAL, TOLERANCE)


def copy_inputs(root: Path, config_path: Path, manifest: dict[str, Any], target: Path) -> Path:
    """Copy the config, the notebooks and every recorded input into ``target``."""
    config_copy = target / config_path.resolve().relative_to(root.resolve())
    config_copy.parent.mkdir(parents=True)
    shutil.copy2(config_path, config_copy)
    config = load_config(config_path)
    notebooks = root / config.get("notebooks_dir", "notebooks")
    for name in config["notebooks"]:
        for source in (notebooks / f"{name}.ipynb", notebooks / f"{name}.py"):
            if source.exists():
                destination = target / provenance.relative(source, root)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
    for name in manifest.get("inputs", {}):
        source = root / name
        if not source.is_file():
            raise AnalysisError(f"{name}: input recorded in the manifest is missing")
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    return config_copy


def rebuild(root: Path, config_path: Path, manifest: dict[str, Any], target: Path) -> None:
    """Run ``analysis parse`` and ``analysis run`` inside ``target``, as a new user would."""
    from analysis.ingest.build import log, write_corpus

    config_copy = copy_inputs(root, config_path, manifest, target)
    parse = manifest.get("steps", {}).get(provenance.PARSE_PRODUCER)
    if parse:
        manifest_csv = target / parse["parameters"]["manifest"]
        log(f"verify: parsing {parse['parameters']['manifest']} into {target}")
        write_corpus(manifest_csv, target / parse["parameters"]["out"], verbose=True)
    log("verify: running the notebooks")
    run_notebooks(config_copy)


def check_output(name: str, entry: dict[str, Any], root: Path, rebuilt: Path,
                 rebuilt_sha: str | None) -> Check:
    """Compare one rebuilt file with the manifest (and with the committed file if it differs);
    ``rebuilt_sha`` is the checksum the rebuild's own manifest recorded for it."""
    producer, fresh, committed = entry["producer"], rebuilt / name, root / name
    if not fresh.is_file():
        return Check(name, producer, "missing", "not produced by the rebuild")
    committed_sha = sha256_of(committed) if committed.is_file() else None
    if committed_sha != entry["sha256"]:
        what = "missing" if committed_sha is None else "edited after the manifest was written"
        return Check(name, producer, "stale", f"the project's copy is {what}")
    if (rebuilt_sha or sha256_of(fresh)) == entry["sha256"]:
        return Check(name, producer, IDENTICAL)
    verdict = compare_with_tolerance(committed, fresh)
    return Check(name, producer, TOLERANCE if verdict.within_tolerance else "DIFFERS",
                 verdict.detail)


def compare_all(manifest: dict[str, Any], root: Path, rebuilt: Path) -> list[Check]:
    """A check per recorded output, plus one per rebuilt output the manifest does not list."""
    fresh = provenance.read_manifest(rebuilt / "reports" / provenance.MANIFEST_NAME)
    checks = [check_output(name, entry, root, rebuilt,
                           fresh["outputs"].get(name, {}).get("sha256"))
              for name, entry in sorted(manifest["outputs"].items())]
    for name in sorted(set(fresh["outputs"]) - set(manifest["outputs"])):
        checks.append(Check(name, fresh["outputs"][name]["producer"], "unexpected",
                            "produced by the rebuild but not in the manifest"))
    return checks


def input_changes(manifest: dict[str, Any], root: Path) -> list[str]:
    """Inputs whose bytes differ from the checksums recorded in the manifest."""
    changed = []
    for name, sha in sorted(manifest.get("inputs", {}).items()):
        path = root / name
        if not path.is_file() or sha256_of(path) != sha:
            changed.append(name)
    return changed


def format_report(checks: list[Check]) -> str:
    """The table of matches and mismatches, then the totals."""
    width = max(len(c.name) for c in checks)
    lines = [f"{'output':<{width}}  {'step':<22} status", "-" * (width + 40)]
    for c in checks:
        detail = f" ({c.detail})" if c.detail and not c.ok else ""
        lines.append(f"{c.name:<{width}}  {c.producer:<22} {c.status}{detail}")
    counts = Counter(c.status for c in checks)
    lines.append("-" * (width + 40))
    lines.append(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    return "\n".join(lines)


def verify(config_path: Path | str, *, keep: Path | None = None) -> tuple[list[Check], str]:
    """Rebuild into a temporary folder (or ``keep``); return the checks and the report."""
    config_path = Path(config_path)
    if not config_path.is_file():
        raise AnalysisError(f"{config_path}: config file not found")
    root = config_path.resolve().parent.parent
    manifest = provenance.read_manifest(root / "reports" / provenance.MANIFEST_NAME)
    changed = input_changes(manifest, root)
    if keep is not None:
        if keep.exists():
            raise AnalysisError(f"--keep {keep}: already exists; name a new folder")
        keep.mkdir(parents=True)
        rebuild(root, config_path, manifest, keep)
        checks = compare_all(manifest, root, keep)
    else:
        with tempfile.TemporaryDirectory(prefix="analysis-verify-") as tmp:
            rebuild(root, config_path, manifest, Path(tmp))
            checks = compare_all(manifest, root, Path(tmp))
    report = format_report(checks)
    if changed:
        report += "\ninputs that differ from the manifest: " + ", ".join(changed)
    return checks, report
