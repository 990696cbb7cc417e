"""Export heatmaps as PNG or SVG, laid out like the panel (titles, axis labels, colour bar).

The "visible" export renders what the panel shows; the "grid" export lays every layer out
off screen, whatever the panel currently shows, so a figure never depends on the window."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsPixmapItem, QGraphicsRectItem

from analysis.atomic import atomic_path
from analysis.errors import MixScopeError
from analysis.figures.style import grid_shape
from analysis.file_formats import PLOT_IMAGE_FORMATS, alternatives
from gui.heatmaps import layouts

FORMATS = {f.suffix: f.title for f in PLOT_IMAGE_FORMATS}
CELL_PX = 28  # off-screen size of one matrix cell
MIN_PLOT_PX = 180


def export_layout(item: pg.GraphicsLayout, path: str | Path, scale: float = 2.0) -> Path:
    """Write ``item`` (a laid-out GraphicsLayout) to ``path`` (.png or .svg), atomically.

    Rendered with Qt directly (QSvgGenerator / QImage): pyqtgraph's SVG exporter fails on
    the closed paths Qt 6 writes ("... Z")."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise MixScopeError(f"cannot export {path.name}: choose a "
                            f"{alternatives(PLOT_IMAGE_FORMATS)} file name")
    source = item.sceneBoundingRect()
    scene = item.scene()
    with atomic_path(path) as tmp:
        if suffix == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(tmp))
            generator.setSize(source.size().toSize())
            generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
            generator.setTitle(path.stem)
            generator.setDescription("MixScope context-mixing heatmaps")
            with cells_as_shapes(item):
                painter = QPainter(generator)
                _render(scene, painter, source, QRectF(0, 0, source.width(), source.height()))
        else:
            size = QSize(int(source.width() * scale), int(source.height() * scale))
            image = QImage(size, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            _render(scene, painter, source, QRectF(0, 0, size.width(), size.height()))
            if not image.save(str(tmp), "PNG"):
                raise MixScopeError(f"cannot write {path}")
    return path


@contextmanager
def cells_as_shapes(layout: pg.GraphicsItem):
    """While open, every bitmap under ``layout`` (heatmap images, colour-bar gradients) is
    drawn as one filled rectangle per pixel instead, in the bitmap's own colours. An SVG
    then holds exact cells: viewers neither blur nor misplace them, and nothing spills
    past the axes (Qt writes bitmaps as unclipped, interpolated <image> elements)."""
    swapped = []
    for item in _descendants(layout):
        image = _bitmap(item)
        if image is None or not item.isVisible():
            continue
        shapes = []
        for row in range(image.height()):
            for col in range(image.width()):
                colour = image.pixelColor(col, row)
                cell = QGraphicsRectItem(QRectF(col, row, 1, 1), item.parentItem())
                cell.setTransform(item.transform())
                cell.setPos(item.pos())
                cell.setZValue(item.zValue())
                cell.setBrush(QBrush(colour))
                cell.setPen(pg.mkPen(colour, width=0.5, cosmetic=True))  # no seams between cells
                shapes.append(cell)
        item.setVisible(False)
        swapped.append((item, shapes))
    try:
        yield
    finally:
        for item, shapes in swapped:
            for cell in shapes:
                cell.setParentItem(None)
                if cell.scene() is not None:
                    cell.scene().removeItem(cell)
            item.setVisible(True)


def _descendants(item):
    for child in item.childItems():
        yield child
        yield from _descendants(child)


def _bitmap(item) -> QImage | None:
    """The colours ``item`` paints, one pixel per cell, for an image or a pixmap item."""
    if isinstance(item, pg.ImageItem):
        if item.image is None:
            return None
        item.render()
        return None if item.qimage is None else item.qimage
    if isinstance(item, QGraphicsPixmapItem) and not item.pixmap().isNull():
        return item.pixmap().toImage()
    return None


def _render(scene, painter: QPainter, source: QRectF, target: QRectF) -> None:
    try:
        scene.render(painter, target, source)
    finally:
        painter.end()


def export_panel(panel, path: str | Path, all_layers: bool = False) -> Path:
    """Export ``panel``'s component: the layer shown (or every layer with ``all_layers``)."""
    data = panel.data()
    if data is None:
        raise MixScopeError("there are no scores to export yet")
    if not all_layers and not panel.all_layers_box.isChecked():
        return export_layout(panel.canvas.ci, path)
    canvas = pg.GraphicsLayoutWidget()
    canvas.setBackground("w")
    canvas.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    try:
        layouts.build(canvas.ci, data, panel.marks(), None)
        rows, cols = grid_shape(data.layers)
        n_rows, n_cols = data.shown[data.methods[0]].shape[1:]
        plot_w = max(MIN_PLOT_PX, n_cols * CELL_PX)
        plot_h = max(MIN_PLOT_PX, n_rows * CELL_PX)
        canvas.resize(cols * plot_w * len(data.methods) + 260, rows * plot_h + 220)
        canvas.show()  # off screen: lays the scene out at that size
        QApplication.processEvents()
        return export_layout(canvas.ci, path)
    finally:
        canvas.close()
        canvas.deleteLater()
