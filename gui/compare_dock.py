"""Analysis › Compare With…: a second ``.scores.npz`` (another sentence of a minimal pair,
random-init weights, another model) compared word by word with the current scores in the
Compare dock; it follows the current scores as they change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox

from analysis.compare import compare
from analysis.errors import MixScopeError
from analysis.file_formats import SCORE_FORMATS
from analysis.results import ScoreSet
from gui import file_dialogs
from gui.heatmaps import ComparePanel


class CompareFeature(QObject):
    def __init__(self, services) -> None:
        window = services.shell
        super().__init__(window)
        self.window = window  # docks and dialogs
        self.other: ScoreSet | None = None
        self.other_name = ""
        self.panel = ComparePanel()
        self.dock = QDockWidget("Compare (A − B, word by word)", window)
        self.dock.setObjectName("dock-compare")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        window.menu("&View").addAction(self.dock.toggleViewAction())
        action = QAction("Compare &With…", window)
        action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        action.setToolTip("Compare the current scores with a second .scores.npz, word by word")
        action.triggered.connect(self.open_dialog)
        window.menu("&Analysis").addAction(action)
        self._document = None
        services.documents.document_changed.connect(self._document_changed)
        if services.documents.document is not None:
            self._document_changed(services.documents.document)

    def open_dialog(self) -> None:
        path = file_dialogs.open_file(self.window, "Compare with scores",
                                      file_dialogs.open_filter("MixScope scores", SCORE_FORMATS))
        if path:
            self.compare_with(Path(path))

    def compare_with(self, path: Path) -> bool:
        """Load ``path`` as B and compare; a dialog names the problem when it cannot."""
        try:
            self.other = ScoreSet.load(path)
        except MixScopeError as err:
            QMessageBox.critical(self.window, "Cannot compare", str(err))
            return False
        self.other_name = path.name
        self.dock.show()
        self.dock.raise_()
        return self._update()

    def _document_changed(self, document) -> None:
        if self._document is not None:
            self._document.results_changed.disconnect(self._results_changed)
        self._document = document
        document.results_changed.connect(self._results_changed)
        self._update()

    def _results_changed(self, _results) -> None:
        self._update()

    def _update(self) -> bool:
        results = self._document.results if self._document is not None else None
        if self.other is None:
            return False
        if results is None:
            self.panel.set_comparison(None, "Score the current utterance (A) to compare it "
                                            f"with {self.other_name} (B).")
            return False
        try:
            comparison = compare(results, self.other, (str(self._document.title),
                                                       self.other_name))
        except MixScopeError as err:
            self.panel.set_comparison(None, f"Cannot compare: {err}")
            return False
        self.panel.set_comparison(comparison)
        return True


def install(services) -> CompareFeature:
    return CompareFeature(services)
