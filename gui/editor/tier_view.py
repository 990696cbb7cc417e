"""One tier row: labels, and boundaries (or points) as draggable InfiniteLines.

Only the visible intervals get graphics items, so a tier with thousands of words pans as
fast as a short one. A boundary line is bounded by its neighbours while it is dragged and
snaps to boundaries of other tiers near the mouse; the edit is reported once, when the drag
ends (``sigPositionChangeFinished``), so one drag is one undo step."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontMetricsF

from gui.editor.time_plot import TimeMarks, make_time_plot
from gui.state.view_state import TierItem

MAX_VISIBLE_ITEMS = 400  # more intervals than this in view: draw a hint instead
GAP = 1e-4  # seconds a dragged boundary keeps from its neighbours
LABEL_MARGIN_PX = 6  # a label keeps this far from its interval's edges
SNAP_PIXELS = 7
TIER_HEIGHT = 56

BOUNDARY_PEN = pg.mkPen((0, 60, 170), width=2)
FOCUS_PEN = pg.mkPen((220, 0, 0), width=3)
HOVER_PEN = pg.mkPen((0, 140, 255), width=3)


class BoundaryLine(pg.InfiniteLine):
    """A boundary or point line that snaps while it is dragged."""

    def __init__(self, time: float, index: int, snap: Callable[[float], float] | None):
        super().__init__(time, movable=True, pen=BOUNDARY_PEN, hoverPen=HOVER_PEN)
        self.index = index
        self._snap = snap

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 (Qt naming)
        super().mouseClickEvent(ev)
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()  # a click on a boundary selects it, not the interval under it

    def setPos(self, pos):  # noqa: N802 (Qt naming)
        if self.moving and self._snap is not None and not isinstance(pos, (list, tuple)):
            x = pos.x() if hasattr(pos, "x") else float(pos)
            pos = self._snap(x)
        super().setPos(pos)


class TierView(QObject):
    boundary_moved = Signal(int, int, float)  # tier, boundary k (or point index), time
    boundary_clicked = Signal(int, int)  # tier, boundary k (or point index)
    boundary_dragging = Signal(float)  # the time of a boundary while it is dragged

    def __init__(self, tier_index: int, snap_targets: Callable[[int], list[float]]):
        super().__init__()
        self.point_labels: list[int] = []  # points whose mark is written (the others overlap)
        self.tier_index = tier_index
        self.tier = None
        self.plot = make_time_plot("", (0.0, 1.0))
        self.plot.setFixedHeight(TIER_HEIGHT)
        self.plot.getAxis("left").setTicks([[]])
        self.marks = TimeMarks(self.plot)
        self.focus_band = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(120, 170, 255, 80),
                                              pen=pg.mkPen(None))
        self.focus_band.setZValue(-5)
        self.plot.addItem(self.focus_band, ignoreBounds=True)
        self.focus_band.hide()
        self.hint = pg.TextItem("", color=(120, 120, 120), anchor=(0.5, 0.5))
        self.plot.addItem(self.hint, ignoreBounds=True)
        self._snap_targets = snap_targets
        self._items: list = []
        self._lines: dict[int, BoundaryLine] = {}
        self._range = (0.0, 1.0)
        self._focus: TierItem | None = None
        self._drawn_width = 0.0
        self._metrics = QFontMetricsF(self.hint.textItem.font())  # labels use the same font
        self.plot.vb.sigResized.connect(self._resized)

    # -- content -------------------------------------------------------------------------
    @property
    def is_point_tier(self) -> bool:
        return self.tier is not None and not hasattr(self.tier, "intervals")

    def set_tier(self, tier, index: int) -> None:
        self.tier = tier
        self.tier_index = index
        self.plot.setLabel("left", tier.name)
        self._rebuild()

    def show_range(self, start: float, end: float) -> None:
        self._range = (start, end)
        self._rebuild()

    def set_focus(self, focus: TierItem | None) -> None:
        self._focus = focus if focus is not None and focus.tier == self.tier_index else None
        self._show_focus()

    def interval_at(self, time: float) -> int | None:
        if self.tier is None or self.is_point_tier:
            return None
        for i, interval in enumerate(self.tier.intervals):
            if interval.start <= time < interval.end:
                return i
        if self.tier.intervals and time >= self.tier.intervals[-1].end:
            return len(self.tier.intervals) - 1
        return 0 if self.tier.intervals else None

    def boundary_times(self) -> list[float]:
        """Times of this tier's boundaries (k = 1..n-1) or points."""
        if self.tier is None:
            return []
        if self.is_point_tier:
            return [p.time for p in self.tier.points]
        return [iv.start for iv in self.tier.intervals[1:]]

    def line(self, k: int) -> BoundaryLine | None:
        """The drawn line of boundary k (or point k), when it is visible."""
        return self._lines.get(k)

    # -- drawing -------------------------------------------------------------------------
    def _rebuild(self) -> None:
        for item in self._items:
            self.plot.removeItem(item)
        self._items.clear()
        self._lines.clear()
        if self.tier is None:
            return
        start, end = self._range
        if self.is_point_tier:
            self._draw_points(start, end)
        else:
            self._draw_intervals(start, end)
        self._show_focus()

    def _draw_intervals(self, start: float, end: float) -> None:
        intervals = self.tier.intervals
        visible = [i for i, iv in enumerate(intervals) if iv.end >= start and iv.start <= end]
        if len(visible) > MAX_VISIBLE_ITEMS:
            self._show_hint(start, end, f"{len(visible)} intervals: zoom in to edit")
            return
        self.hint.hide()
        for i in visible:
            interval = intervals[i]
            if interval.label:
                left, right = max(interval.start, start), min(interval.end, end)
                text = pg.TextItem(interval.label, color=(0, 0, 0), anchor=(0.5, 0.5))
                if self._fit_label(text, interval.label, right - left):
                    text.setPos((left + right) / 2, 0.5)
                    self._add(text)
            if i > 0 and start <= interval.start <= end:
                self._add_line(i, interval.start, intervals[i - 1].start, interval.end)

    def _draw_points(self, start: float, end: float) -> None:
        points = self.tier.points
        visible = [i for i, p in enumerate(points) if start <= p.time <= end]
        if len(visible) > MAX_VISIBLE_ITEMS:
            self._show_hint(start, end, f"{len(visible)} points: zoom in to edit")
            return
        self.hint.hide()
        self.point_labels = []
        pixels_per_second = self.plot.vb.width() / max(end - start, 1e-12)
        free_from = -float("inf")  # pixels: where the next label may start
        for i in visible:
            point = points[i]
            lo = points[i - 1].time if i > 0 else self.tier.xmin
            hi = points[i + 1].time if i + 1 < len(points) else self.tier.xmax
            self._add_line(i, point.time, lo, hi)
            if not point.mark:
                continue
            self._lines[i].setToolTip(point.mark)
            half = self._metrics.horizontalAdvance(point.mark) / 2 + LABEL_MARGIN_PX
            centre = (point.time - start) * pixels_per_second
            if centre - half < free_from:
                continue  # would overlap the label before it: the tooltip still shows it
            text = pg.TextItem(point.mark, color=(0, 0, 0), anchor=(0.5, 0.0))
            text.setPos(point.time, 0.95)
            self._add(text)
            self.point_labels.append(i)
            free_from = centre + half

    def _fit_label(self, item, label: str, seconds: float) -> bool:
        """Elide ``label`` to the interval's on-screen width; False when not even "…" fits.
        The full label stays available as the item's tooltip."""
        start, end = self._range
        pixels = seconds * self.plot.vb.width() / max(end - start, 1e-12) - 2 * LABEL_MARGIN_PX
        shown = self._metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(pixels, 0.0))
        if not shown:
            return False
        if shown != label:
            item.setText(shown)
            item.setToolTip(label)
        return True

    def _resized(self, *_) -> None:
        """Labels are fitted to pixels: refit when the tier's width really changes."""
        width = self.plot.vb.width()
        if abs(width - self._drawn_width) >= 1.0:
            self._drawn_width = width
            self._rebuild()

    def _add_line(self, k: int, time: float, lo: float, hi: float) -> None:
        line = BoundaryLine(time, k, self._snapper)
        line.setBounds((lo + GAP, hi - GAP))
        line.sigPositionChangeFinished.connect(self._line_finished)
        line.sigPositionChanged.connect(
            lambda ln: self.boundary_dragging.emit(float(ln.value())) if ln.moving else None)
        line.sigClicked.connect(lambda ln, ev: self.boundary_clicked.emit(self.tier_index,
                                                                          ln.index))
        self._lines[k] = line
        self._add(line)

    def _add(self, item) -> None:
        self.plot.addItem(item, ignoreBounds=True)
        self._items.append(item)

    def _show_hint(self, start: float, end: float, text: str) -> None:
        self.hint.setText(text)
        self.hint.setPos((start + end) / 2, 0.5)
        self.hint.show()

    def _show_focus(self) -> None:
        for line in self._lines.values():
            line.setPen(BOUNDARY_PEN)
        focus = self._focus
        self.focus_band.hide()
        if focus is None or self.tier is None:
            return
        if focus.kind == "interval" and not self.is_point_tier:
            if 0 <= focus.index < len(self.tier.intervals):
                interval = self.tier.intervals[focus.index]
                self.focus_band.setRegion((interval.start, interval.end))
                self.focus_band.show()
        elif focus.index in self._lines:
            self._lines[focus.index].setPen(FOCUS_PEN)

    # -- dragging ------------------------------------------------------------------------
    def _snapper(self, x: float) -> float:
        start, end = self._range
        width = max(self.plot.vb.width(), 1.0)
        tolerance = SNAP_PIXELS * (end - start) / width
        best, best_distance = x, tolerance
        for t in self._snap_targets(self.tier_index):
            if abs(t - x) <= best_distance:
                best, best_distance = t, abs(t - x)
        return best

    def _line_finished(self, line: BoundaryLine) -> None:
        times = self.boundary_times()
        k = line.index
        old = times[k] if self.is_point_tier else times[k - 1]
        if abs(line.value() - old) > 1e-9:
            self.boundary_moved.emit(self.tier_index, k, float(line.value()))

