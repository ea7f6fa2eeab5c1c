"""The package is built in stages that import in one direction only, without cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "analysis"
STAGES = ["core", "ingest", "coding", "validation", "measure", "report", "pipeline"]
MAX_LINES = 300
# Longer modules, each with its reason.
LONG_MODULES = {
    "ingest/temporal.py": "one ordered table of date rules; splitting it would split the order",
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every ``analysis.*`` module a file imports (at module level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                raise AssertionError(f"{path}: relative import (use absolute imports)")
            if node.module.startswith("analysis"):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("analysis"))
    return found


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_every_module_lives_in_a_stage_or_is_the_cli() -> None:
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "__main__.py", "cli.py"}
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} \
        == set(STAGES)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_stages_import_only_earlier_stages(path: Path) -> None:
    own = stage_of(module_name(path))
    if own is None:
        return  # cli.py and __main__ sit on top of every stage
    for imported in imported_modules(path):
        other = stage_of(imported)
        assert other is None or STAGES.index(other) <= STAGES.index(own), (
            f"{module_name(path)} (stage {own}) imports {imported} (later stage {other})")


def test_no_import_cycles_between_modules() -> None:
    graph = {module_name(p): {m for m in imported_modules(p)} for p in modules()}
    names = set(graph)
    resolved = {name: {m for m in deps if m in names} for name, deps in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(resolved[node]):
            if dep.startswith(node + ".") or node.startswith(dep + "."):
                continue  # a package and its own modules
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*stack, dep]))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for name in sorted(resolved):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path: Path) -> None:
    rel = path.relative_to(PACKAGE).as_posix()
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES or rel in LONG_MODULES, f"{rel}: {lines} lines"
