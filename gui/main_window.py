"""The main window: wires menus, actions and docks; all behaviour lives elsewhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox

from analysis import __version__
from analysis.environment import portaudio_status
from gui.services import Services

MENU_ORDER = ["&File", "&Edit", "&View", "&Analysis", "&Tools", "&Help"]


class MainWindow(QMainWindow):
    closing = Signal()  # the close was accepted: stop work, release resources

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("MixScope[*]")
        # Features register here rather than filtering every window event in Python:
        # drop_handlers: (list[Path]) -> bool, True when the handler opened the files.
        # (What may stop a close is the document guards': services.documents.guards.)
        self.drop_handlers: list = []
        self.resize(1280, 800)
        self.setCentralWidget(_welcome_label())
        self._build_menus()
        self.services = Services.for_window(self)  # what the features share, typed
        self._show_sound_status()
        from gui.features import install_features

        self.features = install_features(self.services)  # each feature, typed, for tests

    # -- window events, handed to the features -------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self.services.documents.release_document():
            self.closing.emit()
            self.services.jobs.shutdown()  # after the features stopped their own work
            event.accept()
        else:
            event.ignore()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self.drop_handlers and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt naming
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        any(handler(paths) for handler in self.drop_handlers)

    # -- wiring --------------------------------------------------------------------------
    def menu(self, title: str) -> QMenu:
        """The menu called ``title`` (created on first use, kept in MENU_ORDER)."""
        if title not in self._menus:
            menu = QMenu(title, self)
            rank = MENU_ORDER.index(title) if title in MENU_ORDER else len(MENU_ORDER)
            after = [m for t, m in self._menus.items()
                     if (MENU_ORDER.index(t) if t in MENU_ORDER else len(MENU_ORDER)) > rank]
            before = min(after, key=lambda m: self.menuBar().actions().index(m.menuAction()),
                         default=None)
            if before is None:
                self.menuBar().addMenu(menu)
            else:
                self.menuBar().insertMenu(before.menuAction(), menu)
            self._menus[title] = menu
        return self._menus[title]

    def _build_menus(self) -> None:
        self._menus: dict[str, QMenu] = {}
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu = self.menu("&File")
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)  # features insert their File items above it

        shortcuts_action = QAction("&Keyboard Shortcuts", self)
        shortcuts_action.triggered.connect(self.show_shortcuts)
        about_action = QAction("&About MixScope", self)
        about_action.triggered.connect(self.show_about)
        self.menu("&Help").addAction(shortcuts_action)
        self.menu("&Help").addAction(about_action)

    def _show_sound_status(self) -> None:
        available, message = portaudio_status()
        self.recording_available = available
        self.statusBar().showMessage("Ready" if available else message)

    # -- actions -------------------------------------------------------------------------
    def about_text(self) -> str:
        return (
            f"<h3>MixScope {__version__}</h3>"
            "<p>Context-mixing analysis of speech Transformers: which words did the model "
            "use to decide this one?</p>"
            "<p>Raw attention and Value Zeroing for Whisper and wav2vec2-family models, "
            "with a Praat-like alignment editor.</p>"
            "<p>Licence: GPL-3.0-or-later.</p>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, "About MixScope", self.about_text())

    def show_shortcuts(self) -> None:
        from gui.shortcuts_help import ShortcutsDialog

        ShortcutsDialog(self).open()


def _welcome_label() -> QLabel:
    label = QLabel(
        "<h2>MixScope</h2><p>Context mixing in speech Transformers.</p>"
    )
    label.setMargin(40)
    return label
