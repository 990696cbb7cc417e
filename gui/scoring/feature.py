"""Installs scoring into the main window: the Model, Encoder, Decoder, Cross and Cue
contribution docks, Analysis > Score (Ctrl+Enter) and Cancel, File > Export Scores, the
progress strip, and the wiring between the document and the views."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox, QScrollArea, QWidget

from analysis.errors import MixScopeError
from analysis.figures.heatmap_data import COMPONENT_TITLES
from analysis.methods import COMPONENTS
from analysis.token_labels import find_word
from gui import file_dialogs, settings
from gui.annotation_form import AnnotationForm
from gui.heatmaps.panel import HeatmapPanel
from gui.scoring import persistence
from gui.scoring.cell_profile import CellProfile
from gui.scoring.controller import ScoringController
from gui.scoring.cue_plot import CuePlot
from gui.scoring.faithfulness_table import FaithfulnessTable
from gui.scoring.model_panel import ModelPanel
from gui.scoring.progress import ScoreProgress

STALE_TEXT = ("These scores no longer match the word tier (it changed since scoring). "
              "Press Ctrl+Enter to score again.")


def _dock(window, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    return dock


def _scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a scroll area: a tall form never sets the height of a dock area."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class ScoringFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.controller = ScoringController(window, self)
        self.panels = {c: HeatmapPanel(c) for c in COMPONENTS}
        self.model_panel = ModelPanel(self.controller)
        self.annotation_form = AnnotationForm(window.undo_stack)
        self.model_panel.extra_layout.addWidget(self.annotation_form)
        self.model_panel.extra_layout.addStretch(1)
        self.cue_plot = CuePlot()
        self.faithfulness_table = FaithfulnessTable()
        self.cell_profile = CellProfile()
        self.progress = ScoreProgress(self.controller)
        self._document = None
        self._last_hover = ""
        self._following = False
        self._build_docks()
        self._build_actions()
        window.statusBar().addPermanentWidget(self.progress)
        c = self.controller
        c.scoreFinished.connect(self._finished)
        c.scoreFailed.connect(self._failed)
        c.scoreCancelled.connect(lambda: self._status("Scoring cancelled; the previous "
                                                      "results are kept."))
        c.modelFailed.connect(lambda m: self._status(f"Model not loaded: {m}"))
        c.modelLoaded.connect(lambda m: self._status(f"Model {m.source} loaded."))
        c.modelLoaded.connect(window.models.put)
        c.busyChanged.connect(self._busy)
        for panel in self.panels.values():
            panel.cellClicked.connect(self._listen)
            panel.cellChosen.connect(self._show_profile)
            panel.layerChanged.connect(lambda layer, p=panel: self._follow_layer(p, layer))
            panel.hoverChanged.connect(self._hover_status)
        window.document_changed.connect(self._document_changed)
        if window.document is not None:
            self._document_changed(window.document)

    # -- construction ----------------------------------------------------------------------
    def _build_docks(self) -> None:
        w = self.window
        self.docks = {c: _dock(w, COMPONENTS[c].dock_title, f"dock-{c}", self.panels[c])
                      for c in COMPONENTS}
        self.model_dock = _dock(w, "Model", "dock-model", _scrolling(self.model_panel))
        self.cue_dock = _dock(w, "Cue contribution", "dock-cue", self.cue_plot)
        self.faithfulness_dock = _dock(w, "Faithfulness", "dock-faithfulness",
                                       self.faithfulness_table)
        self.profile_dock = _dock(w, "Cell over layers", "dock-profile", self.cell_profile)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        w.addDockWidget(bottom, self.docks["encoder"])
        w.splitDockWidget(self.docks["encoder"], self.docks["decoder"], Qt.Orientation.Horizontal)
        w.splitDockWidget(self.docks["decoder"], self.docks["cross"], Qt.Orientation.Horizontal)
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.model_dock)
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.cue_dock)
        w.tabifyDockWidget(self.model_dock, self.cue_dock)
        w.tabifyDockWidget(self.cue_dock, self.faithfulness_dock)
        w.tabifyDockWidget(self.faithfulness_dock, self.profile_dock)
        self.model_dock.raise_()
        # the editor stays the main view: modest default sizes for the docks
        w.resizeDocks([self.model_dock, self.cue_dock], [290, 290], Qt.Orientation.Horizontal)
        w.resizeDocks(list(self.docks.values()), [330] * 3, Qt.Orientation.Vertical)
        view = w.menu("&View")
        view.addSeparator()
        for dock in (self.model_dock, *self.docks.values(), self.cue_dock,
                     self.faithfulness_dock, self.profile_dock):
            view.addAction(dock.toggleViewAction())

    def _build_actions(self) -> None:
        w = self.window
        analysis = w.menu("&Analysis")
        self.score_action = QAction("&Score", w)
        self.score_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.score_action.setToolTip("Score the current utterance with the loaded model")
        self.score_action.triggered.connect(self.score)
        self.cancel_action = QAction("&Cancel Scoring", w)
        self.cancel_action.setShortcut(QKeySequence("Ctrl+."))
        self.cancel_action.setEnabled(False)
        self.cancel_action.triggered.connect(self.controller.cancel)
        self.link_layers_action = QAction("&Link Layers Across Docks", w, checkable=True)
        self.link_layers_action.setChecked(settings.LINK_LAYERS.get())
        self.link_layers_action.setToolTip("Browsing layers in one heatmap dock moves the "
                                           "others to the same layer")
        self.link_layers_action.toggled.connect(settings.LINK_LAYERS.set)
        load = QAction("&Load Model", w)
        load.triggered.connect(self._show_model_panel)
        for action in (load, self.score_action, self.cancel_action):
            analysis.addAction(action)
        analysis.addSeparator()
        analysis.addAction(self.link_layers_action)
        export = QMenu("&Export Scores", w)
        w.menu("&File").insertMenu(w.quit_action, export)
        export.addAction("As NumPy archive (.npz)…", lambda: self.export_scores(".npz"))
        export.addAction("As CSV table (.csv)…", lambda: self.export_scores(".csv"))
        self.export_menu = export

    # -- actions ---------------------------------------------------------------------------
    def score(self) -> None:
        try:
            self.controller.score()
        except MixScopeError as err:
            self._error("Cannot score", str(err))

    def _show_model_panel(self) -> None:
        self.model_dock.show()
        self.model_dock.raise_()
        self.model_panel.model_box.setFocus()

    def export_scores(self, suffix: str, path: str | Path | None = None) -> Path | None:
        document = self.window.document
        if document is None or document.results is None:
            self._error("Nothing to export", "Score the utterance first.")
            return None
        if path is None:
            start = Path(document.default_alignment_path() or "scores").with_suffix(suffix)
            path, _ = file_dialogs.save_file(self.window, "Export scores", start, f"*{suffix}")
            if not path:
                return None
        try:
            written = (document.results.save(path) if suffix == ".npz"
                       else document.results.to_csv(path))
        except (MixScopeError, OSError) as err:
            self._error("Cannot export", str(err))
            return None
        self._status(f"Scores written to {written}")
        return written

    # -- document --------------------------------------------------------------------------
    def _document_changed(self, document) -> None:
        old = self._document
        if old is not None:
            old.results_changed.disconnect(self._results_changed)
            old.annotation_changed.disconnect(self._annotation_changed)
            old.paths_changed.disconnect(self._paths_changed)
        self._document = document
        document.results_changed.connect(self._results_changed)
        document.annotation_changed.connect(self._annotation_changed)
        document.paths_changed.connect(self._paths_changed)
        if document.results is None:
            try:
                persistence.load_results(document)
            except MixScopeError as err:  # the document opens; the user is told why no scores
                self._error("Saved scores not loaded", str(err))
        self.annotation_form.set_document(document)
        self._results_changed(document.results)
        if self.controller.loaded is not None:
            self.controller.transcribe()

    def _results_changed(self, results) -> None:
        cue, target = self._cue_target(results)
        stale = STALE_TEXT if results is not None and self._document.results_stale else None
        for panel in self.panels.values():
            panel.set_scores(results, cue, target)
            panel.set_stale(stale)
        self.cue_plot.set_scores(results, cue, target)
        self.faithfulness_table.set_scores(results, target)
        self.cell_profile.clear()

    def _show_profile(self, component: str, row: int, col: int) -> None:
        results = self._document.results if self._document else None
        self.cell_profile.show_cell(results, component, row, col)
        self.profile_dock.show()
        self.profile_dock.raise_()

    def _annotation_changed(self, _annotation) -> None:
        results = self._document.results
        cue, target = self._cue_target(results)
        for panel in self.panels.values():
            panel.set_highlight(cue, target)
        self.cue_plot.set_scores(results, cue, target)
        self.faithfulness_table.set_scores(results, target)

    def _paths_changed(self) -> None:
        try:
            written = persistence.save_results(self._document)
        except (MixScopeError, OSError) as err:
            self._error("Scores not saved", str(err))
            return
        if written is not None:
            self._status(f"Saved {self._document.alignment_path.name} and its scores "
                         f"({written.name})")

    def _cue_target(self, results) -> tuple[int | None, int | None]:
        if results is None or self._document is None:
            return None, None
        annotation = self._document.annotation
        return (find_word(results.words, annotation.cue_word),
                find_word(results.words, annotation.target_word))

    # -- run outcomes ----------------------------------------------------------------------
    def _finished(self, scoreset) -> None:
        parts = ", ".join(f"{COMPONENT_TITLES.get(c, c)} {scoreset.num_layers[k]} layers"
                          for c in scoreset.components()
                          for k in [f"{c}.{scoreset.methods(c)[0]}"])
        self._status(f"Scored: {parts}.")

    def _failed(self, message: str) -> None:
        self._error("Scoring failed", message)

    def _busy(self, busy: bool) -> None:
        self.score_action.setEnabled(not busy)
        self.cancel_action.setEnabled(busy)

    def _listen(self, row_word: int, col_word: int) -> None:
        """Select and play the two words of a clicked cell in the editor."""
        results = self._document.results if self._document else None
        editor = getattr(self.window, "editor", None)
        indices = [i for i in (row_word, col_word) if i >= 0]
        if results is None or editor is None or not indices:
            return
        words = [results.words[i] for i in indices]
        t0, t1 = min(w.start for w in words), max(w.end for w in words)
        editor.select_time_range(t0, t1)
        editor.play_range(t0, t1)
        self._status("Playing " + " … ".join(f"“{w.label}”" for w in words))

    def _follow_layer(self, source: HeatmapPanel, layer: int) -> None:
        """With linked layers, the other docks show the layer ``source`` shows (their last
        one when they have fewer)."""
        if not self.link_layers_action.isChecked() or self._following:
            return
        self._following = True
        try:
            for panel in self.panels.values():
                if panel is not source:
                    panel.set_layer(layer)
        finally:
            self._following = False

    def _hover_status(self, text: str) -> None:
        """The hover read-out in the status bar too; cleared with the panel's."""
        bar = self.window.statusBar()
        if text:
            bar.showMessage(text, 3000)
        elif bar.currentMessage() == self._last_hover:
            bar.clearMessage()
        self._last_hover = text

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    def _error(self, title: str, message: str) -> None:
        self._status(f"{title}: {message}")
        box = QMessageBox(QMessageBox.Icon.Warning, title, message,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the event loop (and any run) keeps going
        self.last_error_box = box


def install(window) -> None:
    window.scoring = ScoringFeature(window)
