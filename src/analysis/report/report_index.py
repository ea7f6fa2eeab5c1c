"""``reports/index.html``: one static page linking every figure, table and notebook rendering."""

from __future__ import annotations

import html
import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from analysis.core.atomic import write_text_atomic
from analysis.report.story import headline_figures, story

INDEX_NAME = "index.html"
FIGURE_SUFFIXES = (".png", ".svg")
TABLE_SUFFIXES = (".csv", ".md", ".tex")
SUFFIX_LABELS = {".png": "PNG", ".svg": "SVG", ".csv": "CSV", ".md": "Markdown",
                 ".tex": "LaTeX", ".parquet": "Parquet", ".html": "HTML", ".ipynb": "notebook"}
STYLE = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;
color:#222}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #ccc}
figure{display:inline-block;width:30rem;margin:0 1rem 1.5rem 0;vertical-align:top}
figure img{width:100%;border:1px solid #eee}figcaption{font-size:.85rem}
table{border-collapse:collapse;font-size:.9rem}td,th{padding:.2rem .6rem;text-align:left;
border-bottom:1px solid #eee}code{font-size:.85rem;color:#555}
#answer p{font-size:1.05rem;line-height:1.5}#headline figure{width:33rem}"""


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook, without the leading #s."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return path.stem
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell["source"]
        for line in ("".join(source) if isinstance(source, list) else source).splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return path.stem


def _link(target: str, label: str) -> str:
    return f'<a href="{html.escape(target)}">{html.escape(label)}</a>'


def _from_reports(name: str) -> str:
    """A manifest path (relative to the root) as a link target relative to reports/."""
    return name[len("reports/"):] if name.startswith("reports/") else f"../{name}"


def _grouped(names: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[os.path.splitext(name)[0]].append(name)
    return dict(sorted(groups.items()))


def _formats(names: list[str], outputs: dict[str, Any]) -> str:
    return " · ".join(
        f'{_link(_from_reports(n), SUFFIX_LABELS.get(Path(n).suffix, Path(n).suffix))} '
        f'<code>{outputs[n]["sha256"][:12]}</code>' for n in sorted(names))


def _figure(stem: str, files: list[str], outputs: dict[str, Any], *, image: bool) -> str:
    """A figure with its thumbnail (or a pointer to the headline copy) and its formats."""
    png = next((f for f in files if f.endswith(".png")), None)
    label = html.escape(Path(stem).name)
    if png and image:
        shown = f'<img src="{html.escape(_from_reports(png))}" alt="{label}">'
    else:
        shown = f'<i>{_link("#headline", "shown above")}</i> ' if png else ""
    return (f"<figure>{shown}<figcaption><b>{label}</b><br>"
            f"{_formats(files, outputs)}</figcaption></figure>")


STEP_TITLES = {"analysis parse": "Parse the raw texts",
               "analysis code --corpus": "Code every sentence with the codebook (once)"}


def _step_section(step: str, names: list[str], outputs: dict[str, Any], root: Path,
                  headline: frozenset[str] = frozenset()) -> list[str]:
    notebook = root / "notebooks" / f"{step}.ipynb"
    title = notebook_title(notebook) if notebook.is_file() else STEP_TITLES.get(step, step)
    parts = [f'<section id="{html.escape(step)}"><h2>{html.escape(step)}: '
             f'{html.escape(title)}</h2>']
    own = [n for n in names if n.endswith((".html", ".ipynb"))]
    if own:
        parts.append(f"<p>Executed notebook: {_formats(own, outputs)}</p>")
    figures = [n for n in names if n.startswith("reports/figures/")]
    for stem, files in _grouped(figures).items():
        parts.append(_figure(stem, files, outputs, image=stem not in headline))
    rest = [n for n in names if n not in own and n not in figures]
    if rest:
        parts.append("<table><tr><th>table / file</th><th>formats and sha256</th></tr>")
        for stem, files in _grouped(rest).items():
            parts.append(f"<tr><td>{html.escape(Path(stem).name)}</td>"
                         f"<td>{_formats(files, outputs)}</td></tr>")
        parts.append("</table>")
    parts.append("</section>")
    return parts


def _answer(outputs: dict[str, Any], tables: Path) -> tuple[list[str], frozenset[str]]:
    """The page's opening: the answer in sentences, then the headline figures."""
    figures = [n for n in outputs if n.startswith("reports/figures/")]
    stems = headline_figures(figures)
    groups = _grouped(figures)
    lines = ['<div id="answer"><h2 class="answer">The answer, read off the tables</h2>']
    lines += [f"<p>{html.escape(s)}</p>" for s in story(tables)]
    lines.append('</div><div id="headline">')
    lines += [_figure(stem, groups[stem], outputs, image=True) for stem in stems]
    lines.append("</div>")
    return lines, frozenset(stems)


def render_index(manifest: dict[str, Any], root: Path, reports: Path | None = None) -> str:
    """The page: the answer and its headline figures, then the provenance of every output,
    one section per step."""
    outputs = manifest["outputs"]
    answer, headline = _answer(outputs, (reports or root / "reports") / "tables")
    by_step: dict[str, list[str]] = defaultdict(list)
    for name, entry in outputs.items():
        by_step[entry["producer"]].append(name)
    packages = manifest.get("packages", {})
    commit = manifest.get("git_commit") or "unknown"
    lines = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>Russia–Belarus integration: reproduction report</title>",
             f"<style>{STYLE}</style></head><body>",
             "<h1>Russia–Belarus integration: reproduction report</h1>", *answer,
             "<h2 class=\"provenance\">Provenance of every output</h2>",
             f"<p>{len(outputs)} outputs from {len(manifest.get('steps', {}))} steps; code at "
             f"commit <code>{html.escape(commit[:12])}</code>, Python "
             f"{html.escape(packages.get('python', '?'))}. Every file's SHA-256 is in "
             f"{_link('MANIFEST.json', 'MANIFEST.json')}; <code>analysis verify</code> rebuilds "
             "them all and compares.</p>", "<nav><ul>"]
    steps = [s for s in manifest.get("steps", {}) if s in by_step]
    lines += [f'<li>{_link("#" + s, s)} ({len(by_step[s])} files)</li>' for s in steps]
    lines.append("</ul></nav>")
    for step in steps:
        lines += _step_section(step, sorted(by_step[step]), outputs, root, headline)
    lines.append("</body></html>")
    return "\n".join(lines) + "\n"


def write_index(manifest: dict[str, Any], root: Path, reports: Path) -> Path:
    """Write ``reports/index.html`` atomically."""
    path = reports / INDEX_NAME
    write_text_atomic(path, render_index(manifest, root, reports))
    return path
