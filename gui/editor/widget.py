"""The editor widget: waveform, spectrogram and tier rows stacked and X-linked, with a
scrollbar for the whole file. It follows one ViewState (visible range, selection, cursor,
focus) and one Document; editing commands live in gui/editor/tier_edits.py and the
keyboard map in gui/editor/actions.py."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtWidgets import QScrollBar, QVBoxLayout, QWidget

from gui.audio.player import Player
from gui.editor.label_editor import LabelEditor
from gui.editor.spectrogram_view import SpectrogramView
from gui.editor.tier_view import TIER_HEIGHT, TierView
from gui.editor.waveform import WaveformView
from gui.state.view_state import TierItem, ViewState

SCROLL_STEPS = 10000
TIME_AXIS_HEIGHT = 40


class EditorWidget(QWidget):
    boundary_dragging = Signal(float)  # a boundary's time while it is dragged

    def __init__(self, undo_stack, jobs, parent=None, stream_factory=None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.document = None
        self.view = ViewState()
        self.player = Player(self, stream_factory=stream_factory)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.ci.layout.setSpacing(2)
        self.graphics.ci.setContentsMargins(4, 4, 12, 4)
        self.waveform = WaveformView()
        self.spectrogram = SpectrogramView(jobs)  # computed by a gui.workers job
        self.graphics.addItem(self.waveform.plot, row=0, col=0)
        self.graphics.addItem(self.spectrogram.plot, row=1, col=0)
        self.spectrogram.plot.setXLink(self.waveform.plot)
        self.tiers: list[TierView] = []
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal)
        self.scrollbar.setRange(0, 0)
        self.scrollbar.valueChanged.connect(self._scrolled)
        self.label_editor = LabelEditor(self.graphics)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.scrollbar)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.graphics.installEventFilter(self)
        for plot in (self.waveform.plot, self.spectrogram.plot):
            plot.vb.clicked.connect(self._signal_clicked)
            plot.vb.selecting.connect(self._selecting)
            plot.vb.wheeled.connect(self._wheeled)
        self.view.changed.connect(self._view_changed)
        self.player.position_changed.connect(self._show_play_position)
        self.player.stopped.connect(lambda: self._each_marks(lambda m: m.play_line.hide()))
        from gui.editor import tier_edits

        self.edits = tier_edits.TierEdits(self)
        self.label_editor.committed.connect(self.edits.label_committed)
        self.label_editor.cancelled.connect(lambda: self.graphics.setFocus())

    # -- the public contract ---------------------------------------------------------------
    def set_document(self, document) -> None:
        if self.document is not None:
            self.document.grid_changed.disconnect(self.show_grid)
        self.player.stop()
        self.label_editor.hide()
        self.document = document
        document.grid_changed.connect(self.show_grid)
        samples = document.mono()
        self.waveform.set_samples(samples, document.sample_rate)
        self.spectrogram.set_samples(samples, document.sample_rate)
        self._rebuild_tiers()
        self.view.reset(document.duration)

    def select_time_range(self, t0: float, t1: float) -> None:
        """Select ``t0``..``t1`` and bring it into view (zooming out if it does not fit)."""
        self.view.set_selection(t0, t1)
        self.view.set_cursor(min(t0, t1))
        start, end = self.view.visible
        if min(t0, t1) < start or max(t0, t1) > end:
            margin = 0.1 * abs(t1 - t0)
            if abs(t1 - t0) <= end - start:
                self.view.scroll_to(min(t0, t1) - margin)
            else:
                self.view.set_visible(min(t0, t1) - margin, max(t0, t1) + margin)

    def play_range(self, t0: float, t1: float) -> bool:
        if self.document is None or self.document.audio is None:
            return False
        return self.player.play(self.document.mono(), self.document.sample_rate,
                                min(t0, t1), max(t0, t1))

    def play_selection_or_window(self) -> bool:
        return self.play_range(*self.view.play_range())

    def stop(self) -> None:
        self.player.stop()

    def position(self) -> float:
        """The end of the selection, else the cursor: where a search for the next thing
        starts."""
        return self.view.selection[1] if self.view.selection else self.view.cursor

    # -- tiers -------------------------------------------------------------------------------
    def _rebuild_tiers(self) -> None:
        for view in self.tiers:
            self.graphics.removeItem(view.plot)
        self.tiers = []
        for index, tier in enumerate(self.document.grid.tiers):
            view = TierView(index, self._snap_targets)
            view.plot.setXLink(self.waveform.plot)
            view.plot.vb.clicked.connect(lambda t, ev, v=view: self.edits.tier_clicked(v, t, ev))
            view.plot.vb.selecting.connect(self._selecting)
            view.plot.vb.wheeled.connect(self._wheeled)
            view.boundary_moved.connect(self.edits.move_boundary)
            view.boundary_dragging.connect(self.boundary_dragging)
            view.boundary_clicked.connect(
                lambda tier, k, v=view: self.view.set_focus(
                    TierItem(tier, k, "point" if v.is_point_tier else "boundary")))
            view.set_tier(tier, index)
            self.graphics.addItem(view.plot, row=2 + index, col=0)
            self.tiers.append(view)
        last = self.tiers[-1].plot if self.tiers else self.spectrogram.plot
        for plot in [self.waveform.plot, self.spectrogram.plot] + [v.plot for v in self.tiers]:
            plot.showAxis("bottom", plot is last)
        for view in self.tiers:
            view.plot.setFixedHeight(TIER_HEIGHT + (TIME_AXIS_HEIGHT if view.plot is last else 0))
        last.setLabel("bottom", "time", units="s")
        self._update_marks()
        start, end = self.view.visible
        for view in self.tiers:
            view.show_range(start, end)
            view.set_focus(self.view.focus)

    def show_grid(self, grid) -> None:
        """Bring the tier views in line with ``grid`` (the document's, after an edit or a
        refused one: a dragged line goes back where the boundary is)."""
        same_shape = len(grid.tiers) == len(self.tiers) and all(
            type(t) is type(v.tier) for t, v in zip(grid.tiers, self.tiers, strict=True))
        if not same_shape:
            self._rebuild_tiers()
            return
        for index, (tier, view) in enumerate(zip(grid.tiers, self.tiers, strict=True)):
            if tier is not view.tier or index != view.tier_index:
                view.set_tier(tier, index)
                view.set_focus(self.view.focus)

    def _snap_targets(self, tier_index: int) -> list[float]:
        times = [self.view.cursor]
        for view in self.tiers:
            if view.tier_index != tier_index:
                times += view.boundary_times()
        return times

    # -- view state -> widgets --------------------------------------------------------------
    def _view_changed(self, what: str) -> None:
        if what == "visible":
            start, end = self.view.visible
            self.waveform.plot.setXRange(start, end, padding=0)
            self.waveform.show_range(start, end)
            for view in self.tiers:
                view.show_range(start, end)
            self.spectrogram.request(start, end)
            self._update_scrollbar()
            self.label_editor.hide()
        elif what == "focus":
            for view in self.tiers:
                view.set_focus(self.view.focus)
        else:
            self._update_marks()

    def _update_marks(self) -> None:
        cursor, selection = self.view.cursor, self.view.selection

        def update(marks):
            marks.cursor.setValue(cursor)
            marks.show_selection(selection)

        self._each_marks(update)

    def _each_marks(self, function) -> None:
        for marks in [self.waveform.marks, self.spectrogram.marks] + [v.marks for v in self.tiers]:
            function(marks)

    def _show_play_position(self, time: float) -> None:
        def update(marks):
            marks.play_line.setValue(time)
            marks.play_line.show()

        self._each_marks(update)

    def _update_scrollbar(self) -> None:
        duration = self.view.duration
        start, end = self.view.visible
        page = int(round(SCROLL_STEPS * (end - start) / duration))
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(0, max(SCROLL_STEPS - page, 0))
        self.scrollbar.setPageStep(max(page, 1))
        self.scrollbar.setSingleStep(max(page // 10, 1))
        self.scrollbar.setValue(int(round(SCROLL_STEPS * start / duration)))
        self.scrollbar.blockSignals(False)

    # -- mouse -------------------------------------------------------------------------------
    def _scrolled(self, value: int) -> None:
        self.view.scroll_to(value / SCROLL_STEPS * self.view.duration)

    def _signal_clicked(self, time: float, ev) -> None:
        self.graphics.setFocus()
        self.view.set_selection(None)
        self.view.set_focus(None)
        self.view.set_cursor(time)

    def _selecting(self, start: float, end: float, finished: bool) -> None:
        self.graphics.setFocus()
        self.view.set_selection(start, end)
        self.view.set_cursor(min(start, end))

    def _wheeled(self, degrees: float, time: float, modifiers) -> None:
        steps = degrees / 15.0
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            self.view.zoom(1.25 ** steps, time)
        else:
            self.view.scroll(-0.1 * steps)

    # -- label editing overlay ------------------------------------------------------------
    def interval_rect(self, tier_index: int, start: float, end: float) -> QRect:
        """The on-screen rectangle (graphics widget coordinates) of an interval."""
        plot = self.tiers[tier_index].plot
        box = plot.vb
        left = box.mapViewToScene(pg.Point(max(start, self.view.visible[0]), 1.0))
        right = box.mapViewToScene(pg.Point(min(end, self.view.visible[1]), 0.0))
        top_left = self.graphics.mapFromScene(left)
        bottom_right = self.graphics.mapFromScene(right)
        rect = QRect(top_left, bottom_right).normalized()
        rect.setWidth(max(rect.width(), 80))
        rect.setHeight(min(max(rect.height(), 24), 28))
        rect.moveTop(top_left.y() + 14)
        return rect

    def eventFilter(self, watched, event) -> bool:
        if watched is self.graphics and event.type() == QEvent.Type.KeyPress:
            text = event.text()
            if text and text.isprintable() and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                return self.edits.start_label_edit(text)
        return super().eventFilter(watched, event)
