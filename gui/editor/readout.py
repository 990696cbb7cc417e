"""The times Praat users read while they work: the cursor, the selection's start, end and
duration, and a boundary's time while it is dragged. A status-bar label of fixed width, so
its changing text never resizes the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def readout_text(cursor: float | None, selection: tuple[float, float] | None) -> str:
    if selection is not None:
        start, end = sorted(selection)
        return f"selection {start:.3f} – {end:.3f} s  ({end - start:.3f} s)"
    if cursor is not None:
        return f"cursor {cursor:.3f} s"
    return ""


class TimeReadout(QLabel):
    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance(
            readout_text(0, (100.0, 200.0))) + 12)
        self.setToolTip("Cursor, selection (start – end, duration), or the boundary "
                        "being dragged")
        editor.view.changed.connect(self._view_changed)
        editor.boundary_dragging.connect(self.show_boundary)

    def _view_changed(self, what: str) -> None:
        if what in ("cursor", "selection", "reset"):
            self.setText(readout_text(self.editor.view.cursor, self.editor.view.selection))

    def show_boundary(self, time: float) -> None:
        self.setText(f"boundary {time:.3f} s")
