"""The paper's summary curve for this utterance: per layer, how much of the cue word each
method and component mixes into the target word (METHODS.md, "Cue contribution")."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.figures import style
from analysis.figures.curves import utterance_cue_curves
from analysis.figures.heatmap_data import COMPONENT_TITLES, method_title

PEN_STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine,
              "dot": Qt.PenStyle.DotLine}


class CuePlot(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.plot = self.canvas.addPlot(row=0, col=0,
                                        axisItems={"bottom": LayerAxis("bottom")})
        self.plot.setLabel("bottom", style.CUE_AXIS_TITLES[0])
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.setMenuEnabled(False)
        # the legend below the plot, never over the lines it explains: the colours (the
        # components) and the line styles (the methods), not every pair
        self.legend = pg.LegendItem(colCount=3, verSpacing=-6, horSpacing=12)
        self.canvas.addItem(self.legend, row=1, col=0)
        self.plot.legend = self.legend  # PlotItem.plot(name=...) fills it
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.canvas, 1)
        self.curves: dict[str, np.ndarray] = {}
        self.set_scores(None, None, None)

    def set_scores(self, scoreset, cue: int | None, target: int | None) -> None:
        """Plot the cue contribution curves (cue/target as word indices of the ScoreSet)."""
        self.plot.clear()
        self.legend.clear()
        self.missing: list[str] = []
        self.curves = {}
        if scoreset is None:
            self.message.setText("Score an utterance to see where the cue is mixed in.")
            return
        if cue is None or target is None:
            self.message.setText("Choose the cue and target words (Model panel) to plot how "
                                 "much of the cue each layer mixes into the target.")
            return
        cue_word, target_word = scoreset.words[cue].label, scoreset.words[target].label
        self.curves, problems = utterance_cue_curves(scoreset, cue_word, target_word)
        problems = "".join(f"<br>{c}: {why}" for c, why in problems.items())
        self.message.setText(f"Cue “{cue_word}” → target “{target_word}”{problems}")
        for key, curve in self.curves.items():
            component, method = key.split(".", 1)
            colour = style.COMPONENT_COLOURS.get(component, style.OTHER_COLOUR)
            pen = pg.mkPen(colour, width=2, style=PEN_STYLES[style.line_style(method)])
            name = style.cue_curve_label(component, method)
            if np.all(np.isnan(curve)):
                self.missing.append(name)
            item = self.plot.plot(np.arange(1, len(curve) + 1), curve, pen=pen, symbol="o",
                                  symbolSize=5, connect="finite", symbolBrush=colour)
            item.setToolTip(name)
            item.curve_name = name
        self._fill_legend()

    def _fill_legend(self) -> None:
        components = dict.fromkeys(key.split(".", 1)[0] for key in self.curves)
        methods = dict.fromkeys(key.split(".", 1)[1] for key in self.curves)
        for component in components:
            self.legend.addItem(pg.PlotDataItem(pen=pg.mkPen(
                style.COMPONENT_COLOURS.get(component, style.OTHER_COLOUR), width=3)),
                COMPONENT_TITLES.get(component, component))
        for method in methods:
            self.legend.addItem(pg.PlotDataItem(pen=pg.mkPen(
                "#555", width=2, style=PEN_STYLES[style.line_style(method)])),
                method_title(method))
        if self.missing:
            self.message.setText(self.message.text() + "<br>not found in the tokens: "
                                 + ", ".join(self.missing))


class LayerAxis(pg.AxisItem):
    """Ticks at whole layers only: there is no layer 1.5."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph naming
        levels = super().tickValues(minVal, maxVal, size)
        whole = []
        for spacing, values in levels:
            if spacing >= 1:
                whole.append((spacing, [v for v in values if float(v).is_integer()]))
        if not whole:
            first, last = int(np.ceil(minVal)), int(np.floor(maxVal))
            whole = [(1.0, list(range(first, last + 1)))]
        return whole
