"""Offered at start when recordings were left unfinished (a crash, a power cut, or a take
never saved): open one in the editor, discard it, or decide later."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from analysis.recording.store import Recoverable, RecoveryStore

STATES = {"recording": "interrupted", "stopped": "not saved"}


def describe(item: Recoverable) -> str:
    meta = item.recording.meta
    try:
        when = datetime.fromisoformat(item.recording.started).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        when = item.recording.wav_path.stem
    state = STATES.get(meta.get("state"), "unfinished")
    prompt = f" — “{item.recording.prompt}”" if item.recording.prompt else ""
    return f"{when} — {item.duration:.1f} s — {state}{prompt}"


class RecoveryDialog(QDialog):
    recover = Signal(object)  # Recoverable

    def __init__(self, store: RecoveryStore, items: list[Recoverable], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Recover recordings")
        self.store = store
        self.list = QListWidget(self)
        for item in items:
            row = QListWidgetItem(describe(item))
            row.setData(Qt.ItemDataRole.UserRole, item)
            self.list.addItem(row)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _: self.open_selected())
        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton("Open in editor", self)
        self.discard_button = QPushButton("Discard", self)
        self.later_button = QPushButton("Later", self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self.open_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.later_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel("MixScope kept these recordings, which were never saved. They stay here "
                      f"until you save or discard them.\nFolder: {store.folder}", self)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(620, 300)

    def selected(self) -> Recoverable | None:
        row = self.list.currentItem()
        return row.data(Qt.ItemDataRole.UserRole) if row else None

    def open_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.recover.emit(item)
            self.accept()

    def discard_selected(self) -> None:
        """Delete the selected recording for good, once the user confirmed it."""
        item = self.selected()
        if item is None:
            return
        answer = QMessageBox.question(
            self, "Discard recording", f"Delete the recording {describe(item)} for good? "
            "It cannot be recovered afterwards.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.store.discard(item.recording)
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.accept()
