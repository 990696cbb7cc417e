"""The scoring docks and their default arrangement: Model (with the cue/target form), the
Encoder, Decoder and Cross heatmaps side by side below the editor, and Cue contribution,
Faithfulness and Cell over layers tabbed with the Model dock; each listed in View."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QScrollArea, QWidget

from analysis.methods import COMPONENTS
from gui.annotation_form import AnnotationForm
from gui.heatmaps import HeatmapPanel
from gui.scoring.cell_profile import CellProfile
from gui.scoring.cue_plot import CuePlot
from gui.scoring.faithfulness_table import FaithfulnessTable
from gui.scoring.model_panel import ModelPanel
from gui.scoring.progress import ScoreProgress


def make_dock(window, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    return dock


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a scroll area: a tall form never sets the height of a dock area."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class ScoringViews:
    """The widgets scoring shows, each in its dock (``docks`` by component)."""

    def __init__(self, window, controller, undo_stack) -> None:
        self.panels = {c: HeatmapPanel(c) for c in COMPONENTS}
        self.model_panel = ModelPanel(controller)
        self.annotation_form = AnnotationForm(undo_stack)
        self.model_panel.extra_layout.addWidget(self.annotation_form)
        self.model_panel.extra_layout.addStretch(1)
        self.cue_plot = CuePlot()
        self.faithfulness_table = FaithfulnessTable()
        self.cell_profile = CellProfile()
        self.progress = ScoreProgress(controller)
        self._build_docks(window)

    def _build_docks(self, w) -> None:
        self.docks = {c: make_dock(w, COMPONENTS[c].dock_title, f"dock-{c}", self.panels[c])
                      for c in COMPONENTS}
        self.model_dock = make_dock(w, "Model", "dock-model", scrolling(self.model_panel))
        self.cue_dock = make_dock(w, "Cue contribution", "dock-cue", self.cue_plot)
        self.faithfulness_dock = make_dock(w, "Faithfulness", "dock-faithfulness",
                                           self.faithfulness_table)
        self.profile_dock = make_dock(w, "Cell over layers", "dock-profile", self.cell_profile)
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

    def show_model_panel(self) -> None:
        self.model_dock.show()
        self.model_dock.raise_()
        self.model_panel.model_box.setFocus()

    def show_profile(self, results, component: str, row: int, col: int) -> None:
        self.cell_profile.show_cell(results, component, row, col)
        self.profile_dock.show()
        self.profile_dock.raise_()

    def show_scores(self, results, cue, target, stale_text: str | None) -> None:
        """Fresh (or cleared) scores everywhere; ``stale_text`` over the heatmaps."""
        for panel in self.panels.values():
            panel.set_scores(results, cue, target)
            panel.set_stale(stale_text)
        self.cue_plot.set_scores(results, cue, target)
        self.faithfulness_table.set_scores(results, target)
        self.cell_profile.clear()

    def show_cue_target(self, results, cue, target) -> None:
        """The cue or target word changed: highlights and cue curves follow."""
        for panel in self.panels.values():
            panel.set_highlight(cue, target)
        self.cue_plot.set_scores(results, cue, target)
        self.faithfulness_table.set_scores(results, target)
