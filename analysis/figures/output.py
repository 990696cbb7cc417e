"""matplotlib on demand, the style's colours in its terms, and saving a figure."""

from __future__ import annotations

from pathlib import Path

from analysis.atomic import atomic_path
from analysis.errors import MixScopeError
from analysis.file_formats import IMAGE_FORMATS, alternatives, suffixes

FORMATS = suffixes(IMAGE_FORMATS)
LINE_STYLES = {"solid": "-", "dash": "--", "dot": ":"}


def new_figure(width: float, height: float):
    """A matplotlib Figure outside pyplot: a notebook shows it once (as the cell's value) and
    a script keeps no global figure alive."""
    try:
        from analysis.figures.notebook_figure import NotebookFigure
    except ImportError:
        raise MixScopeError("figures need matplotlib: pip install 'mixscope[notebook]'") from None
    return NotebookFigure(figsize=(width, height), layout="constrained", facecolor="white")


def rgba(colour: tuple[int, ...]) -> tuple[float, ...]:
    """(r, g, b[, a]) in 0..255 as matplotlib's 0..1."""
    return tuple(c / 255 for c in colour)


def save_figure(figure, path: str | Path, dpi: int = 200) -> Path:
    """PNG, SVG or PDF by extension, written atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise MixScopeError(f"cannot save the figure as {path.name}: choose a "
                            f"{alternatives(IMAGE_FORMATS)} file name")
    with atomic_path(path) as tmp:
        figure.savefig(tmp, format=suffix[1:], dpi=dpi, facecolor="white")
    return path
