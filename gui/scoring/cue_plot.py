"""The paper's summary curve for this utterance: per layer, how much of the cue word each
method and component mixes into the target word (METHODS.md, "Cue contribution")."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.figures import style
from analysis.figures.curves import utterance_cue_curves

PEN_STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine,
              "dot": Qt.PenStyle.DotLine}


class CuePlot(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", style.CUE_AXIS_TITLES[0])
        self.plot.setLabel("left", style.CUE_AXIS_TITLES[1])
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.legend = self.plot.addLegend(offset=(5, 5))
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.plot, 1)
        self.curves: dict[str, np.ndarray] = {}
        self.set_scores(None, None, None)

    def set_scores(self, scoreset, cue: int | None, target: int | None) -> None:
        """Plot the cue contribution curves (cue/target as word indices of the ScoreSet)."""
        self.plot.clear()
        self.legend.clear()
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
            name = style.cue_curve_label(component, method, found=not np.all(np.isnan(curve)))
            self.plot.plot(np.arange(1, len(curve) + 1), curve, pen=pen, symbol="o",
                           symbolSize=5, symbolBrush=colour, name=name, connect="finite")
