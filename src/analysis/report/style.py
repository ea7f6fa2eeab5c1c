"""One look for every figure: a colour-blind-safe palette with a fixed colour per dimension,
and byte-reproducible PNG/SVG output (no dates, no version tags, a fixed SVG hash salt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import seaborn as sns

from analysis.core.atomic import write_with

# Okabe & Ito (2008) colour-blind-safe palette; one colour per dimension, everywhere.
DIMENSION_COLOURS = {
    "economic": "#E69F00",     # orange
    "military": "#0072B2",     # blue
    "information": "#009E73",  # bluish green
    "political": "#CC79A7",    # reddish purple
}
NEUTRAL = "#999999"
RC: dict[str, Any] = {
    "svg.hashsalt": "rb-analysis",  # stable element ids in SVG
    "svg.fonttype": "path",          # glyphs as paths: no font lookup on the reader's machine
    "font.family": "DejaVu Sans",    # shipped inside matplotlib, so the same everywhere
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.frameon": False,
}
# No Software (carries the matplotlib version), no Date/Creator: bytes depend on data only.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def apply_style() -> None:
    """Set the package style for every later figure (call once per notebook)."""
    sns.set_theme(context="notebook", style="whitegrid")
    plt.rcParams.update(RC)  # type: ignore[arg-type]  # matplotlib types keys as literals


def colour(dimension: str) -> str:
    """The dimension's colour (grey for a dimension the palette does not know)."""
    return DIMENSION_COLOURS.get(dimension, NEUTRAL)


def save_figure(fig: plt.Figure, name: str, figures_dir: Path | str) -> list[Path]:
    """Write ``name.png`` and ``name.svg`` reproducibly and atomically; return the paths."""
    figures_dir = Path(figures_dir)
    paths = [figures_dir / f"{name}.png", figures_dir / f"{name}.svg"]
    write_with(paths[0], lambda tmp: fig.savefig(tmp, format="png", metadata=PNG_METADATA,
                                                 bbox_inches="tight"))
    write_with(paths[1], lambda tmp: fig.savefig(tmp, format="svg", metadata=SVG_METADATA,
                                                 bbox_inches="tight"))
    return paths
