"""One score matrix as a labelled heatmap: rows down, columns across, each cell centred on
its integer index, noise-level rows hatched, the hovered cell outlined."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from analysis.figures import style
from gui.heatmaps.label_axis import LabelAxis

NOISE_FILL = QColor(*style.NOISE_FILL)
NOISE_HATCH = QColor(*style.NOISE_HATCH)


class MatrixPlot(pg.PlotItem):
    """A PlotItem showing one [rows, cols] matrix of one method and layer. The panel routes
    the scene's pointer events here (``pointer_moved``, ``cell_at``)."""

    hovered = Signal(int, int)  # (-1, -1) when the pointer leaves the matrix

    def __init__(self, colormap: pg.ColorMap, labels: bool = True, parent=None):
        super().__init__(parent=parent, axisItems={"left": LabelAxis("left"),
                                                   "bottom": LabelAxis("bottom")})
        self.method = ""
        self.layer = 0
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(colormap)
        self.addItem(self.image)
        self.invertY(True)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.getViewBox().setDefaultPadding(0.0)
        self.showAxis("left", labels)
        self.showAxis("bottom", labels)
        self._noise_items: list[QGraphicsRectItem] = []
        self._cursor = QGraphicsRectItem()
        self._cursor.setPen(pg.mkPen("#e41a1c", width=2, cosmetic=True))
        self._cursor.setZValue(20)
        self._cursor.hide()
        self.addItem(self._cursor, ignoreBounds=True)
        self._shape = (0, 0)
        self._hover = (-1, -1)
        # a long title must not widen the plot (narrow docks keep room for the colour bar):
        # LabelItem recomputes its minimum from the text on every change, so switch that off
        self.titleLabel.updateMin = lambda: None
        self.titleLabel.setMinimumWidth(10)

    # -- content -------------------------------------------------------------------------
    def set_matrix(self, matrix: np.ndarray, levels: tuple[float, float],
                   noise: np.ndarray | None = None) -> None:
        """Show ``matrix`` ([rows, cols]); rows flagged in ``noise`` are greyed and hatched."""
        matrix = np.asarray(matrix, dtype=np.float32)
        rows, cols = matrix.shape
        self._shape = (rows, cols)
        self.image.setImage(matrix, levels=levels, autoLevels=False)
        self.image.setRect(QRectF(-0.5, -0.5, cols, rows))
        self.getViewBox().setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows - 0.5),
                                   padding=0)
        self._set_noise(noise if noise is not None else np.zeros(rows, bool), cols)

    def set_labels(self, rows, cols, row_marks=None, col_marks=None) -> None:
        self.getAxis("left").set_labels(rows, row_marks)
        self.getAxis("bottom").set_labels(cols, col_marks)

    def matrix(self) -> np.ndarray | None:
        return self.image.image

    def noise_rows(self) -> list[int]:
        return [int(item.data(0)) for item in self._noise_items]

    def _set_noise(self, noise: np.ndarray, cols: int) -> None:
        for item in self._noise_items:
            self.removeItem(item)
        self._noise_items = []
        for row in np.flatnonzero(noise):
            for brush in (QBrush(NOISE_FILL), QBrush(NOISE_HATCH, Qt.BrushStyle.BDiagPattern)):
                item = QGraphicsRectItem(QRectF(-0.5, row - 0.5, cols, 1.0))
                item.setPen(QPen(Qt.PenStyle.NoPen))
                item.setBrush(brush)
                item.setZValue(10)
                item.setData(0, int(row))
                self.addItem(item, ignoreBounds=True)
                self._noise_items.append(item)

    # -- pointer -------------------------------------------------------------------------
    def cell_at(self, scene_pos: QPointF) -> tuple[int, int]:
        """The (row, col) under a scene position, or (-1, -1) outside the matrix."""
        box = self.getViewBox()
        if not box.sceneBoundingRect().contains(scene_pos):
            return (-1, -1)
        point = box.mapSceneToView(scene_pos)
        row, col = int(np.floor(point.y() + 0.5)), int(np.floor(point.x() + 0.5))
        if 0 <= row < self._shape[0] and 0 <= col < self._shape[1]:
            return (row, col)
        return (-1, -1)

    def pointer_moved(self, scene_pos: QPointF) -> None:
        cell = self.cell_at(scene_pos)
        if cell != self._hover:
            self._hover = cell
            self.show_cursor(*cell)
            self.hovered.emit(*cell)

    def show_cursor(self, row: int, col: int) -> None:
        if row < 0:
            self._cursor.hide()
            return
        self._cursor.setRect(QRectF(col - 0.5, row - 0.5, 1.0, 1.0))
        self._cursor.show()
