"""An axis that labels matrix rows or columns by name, one label per cell centre.

pyqtgraph's AxisItem draws tick text horizontally only and in one colour; this one turns
column labels vertical when they would overlap, draws the cue and target words bold in
their colours with a tinted background so they stand out on the axes, and when the cells
are thinner than a line of text it leaves labels out (never the cue's or the target's) so
that the ones drawn stay readable.
"""

from __future__ import annotations

import bisect

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from analysis.figures import style

ROLE_COLOURS = {role: QColor(colour) for role, colour in style.ROLE_COLOURS.items()}
GAP = 4  # pixels between tick and label


class LabelAxis(pg.AxisItem):
    def __init__(self, orientation: str, **kwargs):
        self._labels: list[str] = []
        self._marks: dict[int, str] = {}
        self._vertical = False
        self.drawn: list[int] = []  # the indices labelled at the last paint
        self._font = QFont()
        self._font.setPointSizeF(9)
        super().__init__(orientation, **kwargs)
        self.setStyle(tickLength=-3, tickFont=self._font)

    # -- content -------------------------------------------------------------------------
    def set_labels(self, labels, marks: dict[int, str] | None = None) -> None:
        """Name each cell centre 0..n-1; ``marks`` maps an index to "cue" or "target"."""
        self._labels = [style.elide(str(label)) for label in labels]
        self._marks = dict(marks or {})
        self.setTicks([[(i, "") for i in range(len(self._labels))], []])
        self._fit()

    def labels(self) -> list[str]:
        return list(self._labels)

    def marks(self) -> dict[int, str]:
        return dict(self._marks)

    # -- geometry ------------------------------------------------------------------------
    def _metrics(self, bold: bool = False) -> QFontMetricsF:
        font = QFont(self._font)
        font.setBold(bold)
        return QFontMetricsF(font)

    def _text_extent(self) -> float:
        metrics = self._metrics(bold=True)
        return max((metrics.horizontalAdvance(t) for t in self._labels), default=0.0) + 2

    def _fit(self) -> None:
        extent = self._text_extent()
        label_space = self.label.boundingRect().height() * 0.8 if self.label.isVisible() else 0
        if self.orientation in ("left", "right"):
            self.setWidth(int(extent + GAP + 4 + label_space))
            return
        n = max(len(self._labels), 1)
        spacing = self.geometry().width() / n if self.geometry().width() > 0 else 60
        self._vertical = extent > spacing - 2
        height = (extent if self._vertical else self._metrics().height()) + GAP + 4
        self.setHeight(int(height + label_space))

    def resizeEvent(self, ev=None):
        super().resizeEvent(ev)
        if self.orientation in ("top", "bottom"):
            was_vertical = self._vertical
            self._fit()
            if was_vertical != self._vertical:
                self.picture = None
                self.update()

    def _position(self, value: float, bounds: QRectF) -> float:
        first, last = self.range
        if last == first:
            return -1e9
        fraction = (value - first) / (last - first)
        if self.orientation in ("left", "right"):
            return bounds.bottom() - fraction * bounds.height()
        return bounds.left() + fraction * bounds.width()

    def labelled(self, cell_pixels: float, line_pixels: float) -> list[int]:
        """Indices to label when cells are ``cell_pixels`` apart and a label needs
        ``line_pixels``: every one when they fit; else the cue and target, then others in
        order wherever they keep a line's distance from every label already chosen."""
        indices = range(len(self._labels))
        if cell_pixels >= line_pixels - 0.5:
            return list(indices)
        gap = line_pixels / max(cell_pixels, 1e-9)  # in cells
        chosen = sorted(i for i in self._marks if 0 <= i < len(self._labels))
        for i in indices:
            at = bisect.bisect_left(chosen, i)
            near = chosen[max(at - 1, 0):at + 1]
            if all(abs(i - j) >= gap for j in near):
                chosen.insert(at, i)
        return chosen

    # -- drawing -------------------------------------------------------------------------
    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):
        super().drawPicture(p, axisSpec, tickSpecs, [])
        bounds = self.mapRectFromParent(self.geometry())
        p.setClipping(False)
        stacked = self.orientation in ("left", "right") or self._vertical
        cell = abs(self._position(1, bounds) - self._position(0, bounds))
        self.drawn = self.labelled(cell, self._metrics(bold=True).height()) if stacked \
            else list(range(len(self._labels)))
        for i in self.drawn:
            text = self._labels[i]
            centre = self._position(i, bounds)
            if centre < (bounds.top() if self.orientation in ("left", "right")
                         else bounds.left()) - 1:
                continue
            if centre > (bounds.bottom() if self.orientation in ("left", "right")
                         else bounds.right()) + 1:
                continue
            role = self._marks.get(i)
            font = QFont(self._font)
            font.setBold(role is not None)
            p.setFont(font)
            metrics = QFontMetricsF(font)
            width, height = metrics.horizontalAdvance(text) + 2, metrics.height()
            p.save()
            if self.orientation == "left":
                rect = QRectF(bounds.right() - GAP - width, centre - height / 2, width, height)
            elif self.orientation == "right":
                rect = QRectF(bounds.left() + GAP, centre - height / 2, width, height)
            elif self._vertical:
                # rotate about the label's anchor so the text reads bottom-to-top
                anchor_y = bounds.top() + GAP if self.orientation == "bottom" else bounds.bottom()
                p.translate(QPointF(centre, anchor_y))
                p.rotate(-90)
                rect = QRectF(-width, -height / 2, width, height)
            else:
                top = bounds.top() + GAP if self.orientation == "bottom" else (
                    bounds.bottom() - GAP - height)
                rect = QRectF(centre - width / 2, top, width, height)
            if role is not None:
                colour = ROLE_COLOURS[role]
                tint = QColor(colour)
                tint.setAlpha(style.ROLE_TINT_ALPHA)
                p.fillRect(rect, tint)
                p.setPen(colour)
            else:
                p.setPen(self.textPen())
            flags = (Qt.AlignmentFlag.AlignRight if self.orientation == "left" or self._vertical
                     else Qt.AlignmentFlag.AlignCenter) | Qt.AlignmentFlag.AlignVCenter
            p.drawText(rect, int(flags.value), text)
            p.restore()

