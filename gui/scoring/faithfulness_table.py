"""Which measure to believe for this utterance: the faithfulness table (METHODS.md) beside
the heatmaps. One row per score (component · method, rollouts included), one column per
layer, each cell the Spearman correlation of the score's target row with word occlusion
over the other words, coloured from red (-1) through white (0) to blue (+1)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from analysis.faithfulness import faithfulness
from analysis.figures.heatmap_data import COMPONENT_TITLES, method_title


def cell_colour(value: float) -> QColor:
    if np.isnan(value):
        return QColor("#eeeeee")
    v = float(np.clip(value, -1.0, 1.0))
    fade = int(255 * (1.0 - abs(v)))
    return QColor(fade, fade, 255) if v >= 0 else QColor(255, fade, fade)


class FaithfulnessTable(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(18)
        self.table.horizontalHeader().setDefaultSectionSize(40)
        font = self.table.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        self.table.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.values: dict[str, np.ndarray] = {}
        self.set_scores(None, None)

    def set_scores(self, scoreset, target: int | None) -> None:
        """Fill the table for ``target`` (a word index of the ScoreSet)."""
        self.values = {}
        if scoreset is None:
            self._empty("Score an utterance with occlusion among the methods to see which "
                        "measures agree with the model's own verdict.")
            return
        if target is None:
            self._empty("Choose the target word (Model panel) to compare every measure with "
                        "word occlusion on its row.")
            return
        self.values = faithfulness(scoreset, target)
        if not self.values:
            self._empty("No occlusion scores in these results: tick Occlusion among the "
                        "methods (Model panel) and score again.")
            return
        word = scoreset.words[target].label
        self.message.setText(f"Spearman with occlusion on the row of “{word}” (other words "
                             "only): +1 ranks the words as occlusion does.")
        layers = max(len(v) for v in self.values.values())
        components = list(dict.fromkeys(key.split(".", 1)[0] for key in self.values))
        self.table.clearSpans()
        self.table.setRowCount(len(self.values) + len(components))
        self.table.setColumnCount(layers)
        self.table.setHorizontalHeaderLabels([f"L{i + 1}" for i in range(layers)])
        names, row = [], 0
        for key, values in self.values.items():
            component, method = key.split(".", 1)
            if component in components:  # a heading row before each component's measures
                components.remove(component)
                names.append(COMPONENT_TITLES.get(component, component))
                self.table.setSpan(row, 0, 1, layers)
                heading = QTableWidgetItem("")
                heading.setBackground(QBrush(QColor("#dddddd")))
                self.table.setItem(row, 0, heading)
                row += 1
            names.append(f"  {method_title(method)}")
            for layer in range(layers):
                value = values[layer] if layer < len(values) else np.nan
                item = QTableWidgetItem("–" if np.isnan(value) else f"{value:+.2f}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(cell_colour(value)))
                strong = not np.isnan(value) and abs(value) > 0.6
                item.setForeground(QBrush(QColor("white" if strong else "black")))
                self.table.setItem(row, layer, item)
            row += 1
        self.table.setVerticalHeaderLabels(names)
        self.table.show()

    def _empty(self, text: str) -> None:
        self.message.setText(text)
        self.table.clear()
        self.table.clearSpans()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.table.hide()
