"""How scoring tells the user: a line in the status bar, or a warning box that does not
block (opened, not exec()'d: the event loop, and any run, keep going)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.services import StatusLine

STATUS_MS = 8000
HOVER_MS = 3000


class Messages:
    def __init__(self, status: StatusLine, parent: QWidget) -> None:
        self._status = status
        self._parent = parent
        self._last_hover = ""
        self.last_error_box: QMessageBox | None = None

    def status(self, message: str) -> None:
        self._status.show(message, STATUS_MS)

    def error(self, title: str, message: str) -> None:
        self.status(f"{title}: {message}")
        box = QMessageBox(QMessageBox.Icon.Warning, title, message,
                          QMessageBox.StandardButton.Ok, self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error_box = box

    def hover(self, text: str) -> None:
        """A heatmap's hover read-out in the status bar too; cleared with the panel's."""
        if text:
            self._status.show(text, HOVER_MS)
        else:
            self._status.clear(self._last_hover)
        self._last_hover = text
