"""``analysis run``: execute the notebooks headless with papermill, from one config file."""

from __future__ import annotations

import ast
import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import nbformat
import papermill
import yaml
from jupyter_client.manager import KernelManager
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError
from tqdm import tqdm

from analysis.coding.corpus_codes import write_codes
from analysis.core.atomic import write_text_atomic
from analysis.core.errors import AnalysisError
from analysis.pipeline import provenance
from analysis.pipeline.notebook_pair import read_source, strip_volatile, write_pair
from analysis.report.report_index import write_index

KERNEL_NAME = "rb-analysis"
DEFAULT_CODEBOOK_NAME = "codebooks/integration-v1.2.yaml"
_TYPE_NAMES: dict[str, type | tuple[type, ...]] = {
    "str": str, "int": int, "float": (int, float), "bool": bool, "list": list, "dict": dict}
# A notebook declaring this parameter is told which parameters the user set with --param
# for this run (e.g. to tell a source the user named from a config default; see
# analysis.measure.contrasts).
EXPLICIT_PARAMETERS = "explicit_parameters"


def load_config(path: Path | str) -> dict[str, Any]:
    """The run configuration: kernel, timeout and each notebook's parameters, in order."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnalysisError(f"{path}: config file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0]
        raise AnalysisError(f"{path}: not a valid YAML file ({reason})") from None
    if not isinstance(data, dict) or not isinstance(data.get("notebooks"), dict):
        raise AnalysisError(f"{path}: expected a mapping with a 'notebooks' mapping")
    for name, params in data["notebooks"].items():
        if not isinstance(params, dict):
            raise AnalysisError(f"{path}: notebook {name}: parameters must be a mapping")
    if not isinstance(data.setdefault("interactive", {}), dict):
        raise AnalysisError(f"{path}: 'interactive' must map notebook names to the reason "
                            "they are not run")
    return data


def parse_override(text: str) -> tuple[str, str, Any]:
    """``NOTEBOOK:NAME=VALUE`` → (notebook, name, YAML-parsed value)."""
    head, sep, value = text.partition("=")
    notebook, colon, name = head.partition(":")
    if not (sep and colon and notebook and name):
        raise AnalysisError(f"--param {text!r}: expected NOTEBOOK:NAME=VALUE")
    try:
        return notebook, name, yaml.safe_load(value)
    except yaml.YAMLError:
        raise AnalysisError(f"--param {text!r}: value is not valid YAML") from None


def declared_type(spec: dict[str, Any]) -> str:
    """The type of a declared parameter: its annotation, else the type of its default."""
    if spec["inferred_type_name"] not in ("None", None):
        return str(spec["inferred_type_name"])
    try:
        return type(ast.literal_eval(spec["default"])).__name__
    except (ValueError, SyntaxError):
        return "None"


def check_parameters(notebook: Path, params: dict[str, Any], where: str) -> dict[str, Any]:
    """Unknown parameter names and values of the wrong type are errors, not warnings.

    Returns the notebook's declared parameters (papermill's description of each)."""
    with tempfile.TemporaryDirectory(prefix="rb-inspect-") as folder:
        source = Path(folder) / notebook.name
        source.write_text(nbformat.writes(read_source(notebook)), encoding="utf-8")
        declared = papermill.inspect_notebook(str(source))
    for name, value in params.items():
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise AnalysisError(f"{where}: unknown parameter '{name}' (declared: {known})")
        type_name = declared_type(declared[name])
        expected = _TYPE_NAMES.get(type_name)
        if expected and (not isinstance(value, expected) or
                         (isinstance(value, bool) and expected is not bool)):
            raise AnalysisError(f"{where}: parameter '{name}' must be {type_name},"
                                f" got {type(value).__name__} {value!r}")
    return declared


def effective_parameters(declared: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The notebook's declared defaults, overridden by the values passed to this run."""
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        try:
            values[name] = ast.literal_eval(spec["default"])
        except (ValueError, SyntaxError):
            values[name] = spec["default"]  # an expression: recorded as written
    return {**values, **params}


def render_html(nb: nbformat.NotebookNode) -> str:
    """A static HTML rendering of an executed notebook."""
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    return body


class LocalKernelManager(KernelManager):
    """A kernel talking over local IPC sockets in a private folder, not over TCP.

    ipykernel warns on stderr about unencrypted TCP; IPC sockets need no network at all.
    The folder is removed when the kernel's connection files are cleaned up.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._socket_dir = tempfile.mkdtemp(prefix="rb-kernel-")
        self.transport = "ipc"
        self.ip = f"{self._socket_dir}/kernel"

    def cleanup_resources(self, restart: bool = False) -> None:
        super().cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._socket_dir, ignore_errors=True)


def run_notebook(path: Path, params: dict[str, Any], *, kernel: str, timeout: int,
                 reports: Path) -> None:
    """Execute a notebook's paired text; write the executed notebook, the text and its HTML."""
    tmp = path.with_name(f".{path.stem}.running.ipynb")
    source = path.with_name(f".{path.stem}.source.ipynb")
    try:
        source.write_text(nbformat.writes(read_source(path)), encoding="utf-8")
        papermill.execute_notebook(
            str(source), str(tmp), parameters=params, kernel_name=kernel, cwd=str(path.parent),
            progress_bar=False, log_output=False, execution_timeout=timeout,
            kernel_manager_class=LocalKernelManager)
        nb = nbformat.read(tmp, as_version=4)
    except PapermillExecutionError as exc:
        first_line = (exc.source or "").strip().splitlines()[:1] or [""]
        raise AnalysisError(f"notebook {path.name}: cell {exc.exec_count} ({first_line[0]}): "
                            f"{exc.ename}: {exc.evalue}") from None
    finally:
        tmp.unlink(missing_ok=True)
        source.unlink(missing_ok=True)
    strip_volatile(nb, params)
    write_pair(path, nb)
    write_text_atomic(reports / "notebooks" / f"{path.stem}.html", render_html(nb))


def run_notebooks(config_path: Path | str, *, only: list[str] | None = None,
                  overrides: list[str] | None = None) -> list[Path]:
    """Run every notebook of the config in order; stop at the first failure."""
    config_path = Path(config_path)
    config = load_config(config_path)
    root = config_path.resolve().parent.parent
    notebooks_dir = root / config.get("notebooks_dir", "notebooks")
    reports = root / config.get("reports_dir", "reports")
    plan: dict[str, dict[str, Any]] = {k: dict(v) for k, v in config["notebooks"].items()}
    explicit: dict[str, list[str]] = {}
    for text in overrides or []:
        name, key, value = parse_override(text)
        if name not in plan:
            raise AnalysisError(f"--param {text!r}: no notebook named {name} in {config_path}")
        plan[name][key] = value
        explicit.setdefault(name, []).append(key)
    selected = [n for n in plan if not only or n in only]
    for name in only or []:
        if name in config["interactive"]:
            raise AnalysisError(f"--notebook {name}: interactive, not run by `analysis run` "
                                f"({config['interactive'][name]}); open it in JupyterLab")
        if name not in plan:
            raise AnalysisError(f"--notebook {name}: not in {config_path}")
    effective = {}
    for name in selected:
        path = notebooks_dir / f"{name}.ipynb"
        if not path.exists() and not path.with_suffix(".py").exists():
            raise AnalysisError(f"{config_path}: notebook {name}: {path} does not exist")
        declared = check_parameters(path, plan[name], f"{config_path}: notebook {name}")
        if name in explicit and EXPLICIT_PARAMETERS in declared:
            plan[name][EXPLICIT_PARAMETERS] = sorted(set(explicit[name]))
        effective[name] = effective_parameters(declared, plan[name])
    run_config = RunConfig(root, notebooks_dir, reports, plan, config, effective)
    producers = [code_corpus(run_config)] if run_config.codes_enabled else []
    for name in tqdm(selected, desc="notebooks", unit="nb", disable=None):
        producers.append(run_and_record(name, run_config))
    write_provenance(run_config, producers, partial=bool(only))
    return [notebooks_dir / f"{name}.ipynb" for name in selected]


@dataclass
class RunConfig:
    """Where a run reads and writes, and each notebook's final parameters."""

    root: Path
    notebooks_dir: Path
    reports: Path
    plan: dict[str, dict[str, Any]]
    config: dict[str, Any]
    effective: dict[str, dict[str, Any]]  # declared defaults merged with ``plan``

    def parse_paths(self) -> tuple[Path, Path]:
        """The manifest and output folder of the ``analysis parse`` step this run builds on."""
        parse = self.config.get("parse", {})
        return (self.root / parse.get("manifest", "data/raw/manifest.csv"),
                self.root / parse.get("out", "data/processed"))

    @property
    def codes_enabled(self) -> bool:
        """Whether the run codes the corpus first (the config has a ``code`` section)."""
        return isinstance(self.config.get("code"), dict)

    def codebook_path(self) -> Path:
        """The codebook of the corpus coding step (``code: codebook:`` in the config)."""
        return self.root / str(self.config["code"].get("codebook", DEFAULT_CODEBOOK_NAME))

    @cached_property
    def raw_inputs(self) -> list[str]:
        """The source manifest and the raw files it lists (none if there is no manifest)."""
        manifest_csv = self.parse_paths()[0]
        return provenance.raw_inputs(manifest_csv, self.root) if manifest_csv.is_file() else []


def code_corpus(run: RunConfig) -> provenance.Producer:
    """The corpus coding step before the notebooks: codes.parquet and matches.parquet."""
    processed = run.parse_paths()[1]
    codebook = run.codebook_path()
    _, written = write_codes(processed, codebook)
    state = "coded the corpus" if written else "corpus codes up to date"
    print(f"{state}: {codebook.name} → {processed}/codes.parquet", file=sys.stderr)
    return provenance.code_producer(run.root, processed, codebook, run.raw_inputs)


def run_and_record(name: str, run: RunConfig) -> provenance.Producer:
    """Run one notebook and note which files it (re)wrote."""
    path = run.notebooks_dir / f"{name}.ipynb"
    before = provenance.snapshot(run.root)
    run_notebook(path, run.plan[name], kernel=str(run.config.get("kernel", KERNEL_NAME)),
                 timeout=int(run.config.get("timeout_seconds", 600)), reports=run.reports)
    outputs = provenance.written_between(before, provenance.snapshot(run.root))
    params = run.effective[name]
    inputs = provenance.notebook_inputs(params, run.notebooks_dir, run.root, run.raw_inputs)
    return provenance.Producer(name, params, inputs, outputs,
                               provenance.notebook_source_sha256(path))


def write_provenance(run: RunConfig, producers: list[provenance.Producer], *,
                     partial: bool) -> dict[str, Any]:
    """Write reports/MANIFEST.json and reports/index.html for this run."""
    manifest_csv, processed = run.parse_paths()
    steps = list(producers)
    if manifest_csv.is_file():
        steps.insert(0, provenance.parse_producer(run.root, manifest_csv, processed,
                                                  run.raw_inputs))
    order = [provenance.PARSE_PRODUCER, provenance.CODE_PRODUCER, *run.plan]
    previous_path = run.reports / provenance.MANIFEST_NAME
    previous = provenance.read_manifest(previous_path) if partial and previous_path.exists() \
        else None
    steps = provenance.merge_steps(previous, steps, run.root, order)
    manifest = provenance.build_manifest(run.root, steps)
    provenance.write_manifest(manifest, run.reports)
    write_index(manifest, run.root, run.reports)
    return manifest
