"""In-place label editing: a line edit laid over the selected interval.

Enter commits, Escape cancels, Tab / Shift+Tab commit and move to the next / previous
interval (so a whole tier can be labelled without the mouse)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLineEdit

KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter,
        Qt.Key.Key_Escape)


class LabelEditor(QLineEdit):
    committed = Signal(str, int)  # text, then +1 / -1 to move on, 0 to stay
    cancelled = Signal()

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.setFrame(True)
        self.hide()

    def open(self, rect, text: str) -> None:
        """Show over ``rect`` (parent coordinates) with ``text``, cursor at the end."""
        self.setGeometry(rect)
        self.setText(text)
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.deselect()
        self.end(False)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in KEYS:
            event.accept()  # ours, not the editor's Tab/Enter/Escape shortcuts
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in KEYS:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.hide()
                self.cancelled.emit()
            else:
                step = {Qt.Key.Key_Tab: 1, Qt.Key.Key_Backtab: -1}.get(key, 0)
                if key == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    step = -1
                self.hide()
                self.committed.emit(self.text(), step)
            return True
        return super().event(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if self.isVisible():  # clicking elsewhere keeps what was typed, like Praat
            self.hide()
            self.committed.emit(self.text(), 0)
