"""Two ScoreSets side by side and as a difference, word by word (analysis.compare): A, B and
A − B for one component, method and layer; A and B share a colour scale, the difference
has its own diverging one, centred on zero."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from superqt import QLabeledSlider

from analysis.compare import Comparison
from analysis.figures.heatmap_data import AXIS_TITLES, COMPONENT_TITLES, method_title
from gui.heatmaps import layouts
from gui.heatmaps.matrix_plot import MatrixPlot
from gui.heatmaps.panel import ReadoutLabel

DIFFERENCE_COLORMAP = "CET-D1A"  # blue - white - red


class ComparePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.what = QComboBox()
        self.what.currentIndexChanged.connect(lambda _i: self._show())
        self.layer_slider = QLabeledSlider(Qt.Orientation.Horizontal)
        self.layer_slider.setRange(1, 1)
        self.layer_slider.valueChanged.connect(lambda _v: self._show())
        controls = QHBoxLayout()
        controls.setContentsMargins(4, 2, 4, 2)
        controls.addWidget(self.what)
        controls.addWidget(QLabel("Layer"))
        controls.addWidget(self.layer_slider, 1)
        self.message = QLabel("Analysis › Compare With… opens a second .scores.npz to "
                              "compare with the current scores.")
        self.message.setWordWrap(True)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.canvas.scene().sigMouseMoved.connect(self._hover)
        self.info_label = ReadoutLabel()
        self.plots: list[MatrixPlot] = []
        for col, colours in enumerate((layouts.colormap(), layouts.colormap(),
                                       pg.colormap.get(DIFFERENCE_COLORMAP))):
            plot = MatrixPlot(colours)
            self.canvas.ci.addItem(plot, row=0, col=col)
            self.plots.append(plot)
        self.bars = [layouts.colour_bar((0.0, 1.0), "normalised score (word level)",
                                        [p.image for p in self.plots[:2]]),
                     layouts.colour_bar((-1.0, 1.0), "A − B", [self.plots[2].image],
                                        colours=pg.colormap.get(DIFFERENCE_COLORMAP))]
        self.canvas.ci.addItem(self.bars[0], row=0, col=3)
        self.canvas.ci.addItem(self.bars[1], row=0, col=4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.info_label)
        self.set_comparison(None)

    def set_comparison(self, comparison: Comparison | None, message: str = "") -> None:
        self.comparison = comparison
        self.canvas.setVisible(comparison is not None)
        if message:
            self.message.setText(message)
        self.what.blockSignals(True)
        self.what.clear()
        for component, method in comparison.keys() if comparison else []:
            self.what.addItem(f"{COMPONENT_TITLES.get(component, component)} · "
                              f"{method_title(method)}", f"{component}.{method}")
        self.what.blockSignals(False)
        self.what.setEnabled(comparison is not None)
        self.layer_slider.setEnabled(comparison is not None)
        if comparison is not None:
            self.message.setText(f"A: {comparison.names[0]}    B: {comparison.names[1]}")
            self._show()
        self.info_label.setText("")

    def key(self) -> tuple[str, str] | None:
        data = self.what.currentData()
        return tuple(data.split(".", 1)) if data else None

    def show_key(self, component: str, method: str) -> None:
        self.what.setCurrentIndex(self.what.findData(f"{component}.{method}"))

    def layer(self) -> int:
        return self.layer_slider.value() - 1

    def matrices(self) -> list[np.ndarray]:
        """A, B and A − B as shown (current key and layer)."""
        component, method = self.key()
        c, layer = self.comparison, self.layer()
        return [c.a[(component, method)][layer], c.b[(component, method)][layer],
                c.difference(component, method)[layer]]

    def _show(self) -> None:
        if self.comparison is None or self.key() is None:
            return
        component, method = self.key()
        layers = self.comparison.a[(component, method)].shape[0]
        self.layer_slider.blockSignals(True)
        self.layer_slider.setRange(1, layers)
        self.layer_slider.blockSignals(False)
        shown = self.matrices()
        both = np.concatenate([m[np.isfinite(m)] for m in shown[:2]])
        high = float(both.max()) if both.size else 1.0
        spread = float(np.nanmax(np.abs(shown[2]))) if np.isfinite(shown[2]).any() else 1.0
        levels = [(0.0, high or 1.0), (0.0, high or 1.0), (-(spread or 1.0), spread or 1.0)]
        row_title, _ = AXIS_TITLES.get("encoder")
        words = self.comparison.words
        names = ("A", "B", "A − B")
        for plot, matrix, level, name in zip(self.plots, shown, levels, names, strict=True):
            plot.set_labels(words, words)
            plot.set_matrix(np.nan_to_num(matrix), level)
            plot.setTitle(f"<b>{name}</b><br>{method_title(method)} · layer {self.layer() + 1}",
                          size="10pt")
        self.plots[0].setLabel("left", f"{row_title} (word level)")
        layouts.set_bar_levels(self.bars[0], levels[0])
        layouts.set_bar_levels(self.bars[1], levels[2])

    def _hover(self, scene_pos) -> None:
        text = ""
        for plot, matrix, name in zip(self.plots, self.matrices() if self.comparison else [],
                                      ("A", "B", "A − B"), strict=False):
            row, col = plot.cell_at(scene_pos)
            plot.show_cursor(row, col)
            if row >= 0:
                words = self.comparison.words
                text = (f"{name} · layer {self.layer() + 1} · “{words[row]}” × "
                        f"“{words[col]}” = {matrix[row, col]:.4g}")
        self.info_label.setText(text)
