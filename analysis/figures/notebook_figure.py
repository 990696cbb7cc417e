"""A matplotlib Figure that shows itself in Jupyter as the value of a cell.

The figures are made outside pyplot (so a notebook shows each once and a script keeps none
alive), which also means IPython's inline backend never registers a PNG formatter for them;
``_repr_png_`` gives Jupyter the picture directly."""

from __future__ import annotations

import io

from matplotlib.figure import Figure


class NotebookFigure(Figure):
    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100, facecolor="white")
        return buffer.getvalue()
