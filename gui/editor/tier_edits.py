"""What the editor's tier gestures and keys do to the document: each edit is computed by
gui/state/edits.py and pushed as one undo command (so it can be undone and redone)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from analysis.errors import MixScopeError
from analysis.zero_crossing import nearest_zero_crossing
from gui.state import edits
from gui.state.view_state import TierItem
from gui.undo_commands import GridEdit

PICK_PIXELS = 6  # how near the cursor a boundary must be for Alt+Backspace to find it


class TierEdits:
    def __init__(self, editor) -> None:
        self.editor = editor

    # -- helpers ---------------------------------------------------------------------------
    @property
    def document(self):
        return self.editor.document

    @property
    def view(self):
        return self.editor.view

    def _push(self, grid, text: str, focus: TierItem | None = None) -> None:
        def refocus(undone: bool) -> None:
            if focus is not None and not undone:
                self.view.set_focus(focus)

        self.editor.undo_stack.push(GridEdit(self.document, grid, text, refocus))

    def _report(self, err: MixScopeError) -> None:
        window = self.editor.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(str(err), 5000)

    def _active(self):
        grid = self.document.grid
        index = min(self.view.active_tier, len(grid.tiers) - 1)
        return index, grid.tiers[index]

    # -- mouse -----------------------------------------------------------------------------
    def tier_clicked(self, tier_view, time: float, ev) -> None:
        self.editor.graphics.setFocus()
        index = tier_view.tier_index
        self.view.set_active_tier(index)
        self.view.set_cursor(time)
        interval = tier_view.interval_at(time)
        if interval is None:
            self.view.set_selection(None)
            return
        self.select_interval(index, interval)
        if ev is not None and ev.double():
            self.editor.play_selection_or_window()

    def select_interval(self, tier_index: int, i: int) -> None:
        interval = self.document.grid.tiers[tier_index].intervals[i]
        self.view.set_focus(TierItem(tier_index, i, "interval"))
        self.editor.select_time_range(interval.start, interval.end)

    def move_boundary(self, tier_index: int, k: int, time: float) -> None:
        try:
            grid = edits.move_boundary(self.document.grid, tier_index, k, time)
        except (MixScopeError, IndexError) as err:
            self._report(MixScopeError(str(err)))
            self.editor.show_grid(self.document.grid)
            return
        tier = self.document.grid.tiers[tier_index]
        kind = "boundary" if edits.is_interval_tier(tier) else "point"
        self._push(grid, f"Move {kind}", TierItem(tier_index, k, kind))

    # -- keys ------------------------------------------------------------------------------
    def add_boundary(self) -> None:
        """Enter: a boundary (or point) at the cursor on the active tier."""
        if self.document is None:
            return
        index, tier = self._active()
        time = self.view.cursor
        try:
            grid = edits.add_boundary(self.document.grid, index, time)
        except MixScopeError as err:
            self._report(err)
            return
        if edits.is_interval_tier(tier):
            k = grid.tiers[index].interval_at(time)
            self._push(grid, "Add boundary", TierItem(index, k, "boundary"))
        else:
            k = [p.time for p in grid.tiers[index].points].index(time)
            self._push(grid, "Add point", TierItem(index, k, "point"))

    def _target_boundary(self) -> tuple[int, int] | None:
        focus = self.view.focus
        if focus is not None and focus.kind in ("boundary", "point"):
            return focus.tier, focus.index
        index, tier = self._active()
        width = max(self.editor.waveform.plot.vb.width(), 1.0)
        k = edits.boundary_near(tier, self.view.cursor, PICK_PIXELS * self.view.span / width)
        return None if k is None else (index, k)

    def remove_boundary(self) -> None:
        """Alt+Backspace: remove the selected boundary (labels merged), else the one at the
        cursor on the active tier."""
        if self.document is None:
            return
        target = self._target_boundary()
        if target is None:
            self._report(MixScopeError("no boundary selected or at the cursor to remove"))
            return
        index, k = target
        tier = self.document.grid.tiers[index]
        grid = edits.remove_boundary(self.document.grid, index, k)
        if edits.is_interval_tier(tier):
            self._push(grid, "Remove boundary", TierItem(index, k - 1, "interval"))
        else:
            self._push(grid, "Remove point", None)
            self.view.set_focus(None)

    def move_to_zero_crossing(self) -> None:
        target = self._target_boundary()
        if target is None or self.document.audio is None:
            self._report(MixScopeError("select a boundary first"))
            return
        index, k = target
        old = edits.boundary_time(self.document.grid.tiers[index], k)
        time = nearest_zero_crossing(self.document.mono(), self.document.sample_rate, old)
        if time is None:
            self._report(MixScopeError("no zero crossing within 20 ms"))
            return
        self.move_boundary(index, k, time)

    def step_interval(self, step: int) -> None:
        """Alt+Right / Alt+Left: select the next / previous interval of the active tier."""
        if self.document is None:
            return
        index, tier = self._active()
        if not edits.is_interval_tier(tier):
            return
        focus = self.view.focus
        if focus is not None and focus.kind == "interval" and focus.tier == index:
            current = focus.index
        else:
            current = tier.interval_at(self.view.cursor)
            current = (current if current is not None else 0) - (step > 0)
        target = min(max(current + step, 0), len(tier.intervals) - 1)
        self.select_interval(index, target)

    # -- labels ------------------------------------------------------------------------------
    def start_label_edit(self, typed: str = "") -> bool:
        """Open the in-place editor on the selected interval (or point), appending
        ``typed``; False when nothing labelable is selected."""
        focus = self.view.focus
        if self.document is None or focus is None:
            return False
        tier = self.document.grid.tiers[focus.tier]
        if focus.kind == "interval":
            interval = tier.intervals[focus.index]
            start, end, text = interval.start, interval.end, interval.label
        elif focus.kind == "point":
            point = tier.points[focus.index]
            start = end = point.time
            text = point.mark
        else:
            return False
        rect = self.editor.interval_rect(focus.tier, start, end)
        self.editor.label_editor.open(rect, text + typed)
        return True

    def label_committed(self, text: str, step: int) -> None:
        focus = self.view.focus
        self.editor.graphics.setFocus(Qt.FocusReason.OtherFocusReason)
        if focus is None or focus.kind == "boundary":
            return
        tier = self.document.grid.tiers[focus.tier]
        old = tier.intervals[focus.index].label if focus.kind == "interval" else \
            tier.points[focus.index].mark
        if text != old:
            grid = edits.set_label(self.document.grid, focus.tier, focus.index, text)
            self._push(grid, "Edit label", focus)
        if step and focus.kind == "interval":
            self.step_interval(step)
            self.start_label_edit()
