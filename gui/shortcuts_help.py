"""Help › Keyboard Shortcuts: every action that has a shortcut, read from the menus and the
window's actions at the moment it is opened, so the list is never out of date."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(where, action, keys) for every action with a shortcut, menus first."""
    rows, seen = [], set()

    def visit(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                visit(action.menu(), f"{where} › {_plain(action.text())}")
            elif action.shortcuts() and id(action) not in seen:
                seen.add(id(action))
                rows.append((where, _plain(action.text()), _keys(action)))

    for action in window.menuBar().actions():
        if action.menu() is not None:
            visit(action.menu(), _plain(action.text()))
    for action in window.findChildren(type(window.quit_action)):
        if action.shortcuts() and id(action) not in seen and action.text():
            seen.add(id(action))
            rows.append(("Editor", _plain(action.text()), _keys(action)))
    return rows


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip("…").strip()


def _keys(action) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts())


class ShortcutsDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)
