"""The common parts of every stacked time view: a ViewBox whose mouse does what Praat's
does (click = cursor, drag = selection, wheel = scroll, Ctrl+wheel = zoom around the
mouse), plus the cursor line, selection band and play line that every view shows.

The views never pan or zoom themselves: they report to the editor, which changes the one
ViewState; the plots follow it."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

LEFT_AXIS_WIDTH = 64


class TimeViewBox(pg.ViewBox):
    clicked = Signal(float, object)  # time (s), the mouse event
    selecting = Signal(float, float, bool)  # start, end, finished
    wheeled = Signal(float, float, object)  # angle delta (degrees), time (s), modifiers

    def __init__(self, **kwargs) -> None:
        super().__init__(enableMenu=False, **kwargs)
        self.setMouseEnabled(x=False, y=False)
        self._drag_start: float | None = None

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.clicked.emit(self.mapSceneToView(ev.scenePos()).x(), ev)
        else:
            ev.ignore()

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        start = self.mapSceneToView(ev.buttonDownScenePos()).x()
        here = self.mapSceneToView(ev.scenePos()).x()
        self.selecting.emit(start, here, ev.isFinish())

    def wheelEvent(self, ev, axis=None) -> None:
        delta = ev.delta() if hasattr(ev, "delta") else ev.angleDelta().y()
        time = self.mapSceneToView(ev.scenePos()).x()
        self.wheeled.emit(delta / 8.0, time, ev.modifiers())
        ev.accept()


def make_time_plot(y_label: str = "", y_range=(0.0, 1.0), show_time_axis: bool = False,
                   ) -> pg.PlotItem:
    """A PlotItem with a TimeViewBox, a fixed-width left axis (so stacked plots line up),
    fixed Y range and no auto-range."""
    box = TimeViewBox()
    plot = pg.PlotItem(viewBox=box)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
    plot.getAxis("left").enableAutoSIPrefix(False)
    plot.setLabel("left", y_label)
    plot.showAxis("bottom", show_time_axis)
    if show_time_axis:
        plot.setLabel("bottom", "time", units="s")
    box.disableAutoRange()
    box.setYRange(*y_range, padding=0)
    box.setDefaultPadding(0)
    return plot


class TimeMarks:
    """The cursor line, the selection band and the play line of one plot."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.selection = pg.LinearRegionItem(movable=False,
                                             brush=pg.mkBrush(255, 200, 80, 70),
                                             pen=pg.mkPen(None))
        self.selection.setZValue(5)  # above images, translucent
        for line in self.selection.lines:
            line.setPen(pg.mkPen(None))
            line.setHoverPen(pg.mkPen(None))
        self.cursor = pg.InfiniteLine(0, pen=pg.mkPen((200, 0, 0), style=Qt.PenStyle.DashLine))
        self.play_line = pg.InfiniteLine(0, pen=pg.mkPen((0, 130, 0), width=2))
        for item in (self.selection, self.cursor, self.play_line):
            plot.addItem(item, ignoreBounds=True)
        self.selection.hide()
        self.play_line.hide()

    def show_selection(self, selection: tuple[float, float] | None) -> None:
        if selection is None:
            self.selection.hide()
        else:
            self.selection.setRegion(selection)
            self.selection.show()
