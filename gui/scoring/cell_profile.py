"""A clicked heatmap cell over the layers: its normalised score at every layer, one line per
method of that component (whatever methods the ScoreSet holds). Layers where the cell's row
is float noise are gaps, as in the heatmaps."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.figures.heatmap_data import COMPONENT_TITLES, method_title, short_labels
from analysis.results import noise_rows
from gui.scoring.cue_plot import LayerAxis

PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]


class CellProfile(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.message = QLabel("Click a heatmap cell to see its score at every layer.")
        self.message.setWordWrap(True)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.plot = self.canvas.addPlot(row=0, col=0, axisItems={"bottom": LayerAxis("bottom")})
        self.plot.setLabel("bottom", "layer")
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setMenuEnabled(False)
        self.legend = pg.LegendItem(colCount=3)
        self.canvas.addItem(self.legend, row=1, col=0)
        self.plot.legend = self.legend
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.canvas, 1)
        self.profiles: dict[str, np.ndarray] = {}
        self.cell: tuple[str, int, int] | None = None

    def show_cell(self, scores, component: str, row: int, col: int) -> None:
        """Plot cell (``row``, ``col``) of ``component`` over the layers for every method."""
        self.plot.clear()
        self.legend.clear()
        self.profiles = {}
        self.cell = None
        if scores is None or component not in scores.components():
            self.message.setText("Click a heatmap cell to see its score at every layer.")
            return
        self.cell = (component, row, col)
        for k, method in enumerate(scores.methods(component)):
            values = np.asarray(scores.get(component, method)[:, row, col], dtype=float)
            noise = noise_rows(scores.get(component, method, raw=True))[:, row]
            values = np.where(noise, np.nan, values)
            self.profiles[method] = values
            colour = PALETTE[k % len(PALETTE)]
            self.plot.plot(np.arange(1, len(values) + 1), values, name=method_title(method),
                           pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
                           symbolBrush=colour, connect="finite")
        rows = short_labels(scores.row_labels[component])
        cols = short_labels(scores.col_labels[component])
        self.message.setText(f"{COMPONENT_TITLES.get(component, component)}: "
                             f"“{rows[row]}” × “{cols[col]}” over the layers")

    def clear(self) -> None:
        self.show_cell(None, "", -1, -1)
