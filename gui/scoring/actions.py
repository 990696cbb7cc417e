"""Scoring's menu actions: Analysis > Load Model, Score (Ctrl+Enter), Cancel Scoring
(Ctrl+.), Link Layers Across Docks; File > Export Scores (one item per export format)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from gui import settings
from gui.scoring.export import EXPORT_FORMATS


class ScoringActions:
    def __init__(self, window, *, load, score, cancel, export) -> None:
        """``load()``, ``score()``, ``cancel()`` and ``export(format name)`` do the work."""
        analysis = window.menu("&Analysis")
        self.score_action = QAction("&Score", window)
        self.score_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.score_action.setToolTip("Score the current utterance with the loaded model")
        self.score_action.triggered.connect(score)
        self.cancel_action = QAction("&Cancel Scoring", window)
        self.cancel_action.setShortcut(QKeySequence("Ctrl+."))
        self.cancel_action.setEnabled(False)
        self.cancel_action.triggered.connect(cancel)
        self.link_layers_action = QAction("&Link Layers Across Docks", window, checkable=True)
        self.link_layers_action.setChecked(settings.LINK_LAYERS.get())
        self.link_layers_action.setToolTip("Browsing layers in one heatmap dock moves the "
                                           "others to the same layer")
        self.link_layers_action.toggled.connect(settings.LINK_LAYERS.set)
        load_action = QAction("&Load Model", window)
        load_action.triggered.connect(load)
        for action in (load_action, self.score_action, self.cancel_action):
            analysis.addAction(action)
        analysis.addSeparator()
        analysis.addAction(self.link_layers_action)
        self.export_menu = QMenu("&Export Scores", window)
        window.menu("&File").insertMenu(window.quit_action, self.export_menu)
        for fmt in EXPORT_FORMATS:
            self.export_menu.addAction(f"As {fmt.title} ({fmt.suffix})…",
                                       lambda _=False, name=fmt.name: export(name))

    def set_busy(self, busy: bool) -> None:
        """A run started (Score waits, Cancel works) or ended."""
        self.score_action.setEnabled(not busy)
        self.cancel_action.setEnabled(busy)
