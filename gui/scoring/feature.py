"""Installs scoring: the ScoringController (models, runs) with its docks (gui.scoring.docks),
menu actions (gui.scoring.actions), heatmap links (gui.scoring.panel_links), the scores of
the current document (gui.scoring.document_scores), export (gui.scoring.export) and the
messages of each run's outcome (gui.scoring.messages)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from analysis.errors import MixScopeError
from analysis.figures.heatmap_data import COMPONENT_TITLES
from gui.scoring.actions import ScoringActions
from gui.scoring.controller import ScoringController
from gui.scoring.docks import ScoringViews
from gui.scoring.document_scores import DocumentScores
from gui.scoring.export import export_format, export_scores
from gui.scoring.messages import Messages
from gui.scoring.panel_links import PanelLinks
from gui.services import Services


class ScoringFeature(QObject):
    """``controller``, ``views`` (panels, docks, model panel...), ``actions`` and
    ``messages`` (with the last error box) of scoring."""

    def __init__(self, services: Services) -> None:
        window = services.shell
        super().__init__(window)
        self.services = services
        self.controller = ScoringController(services.documents, services.jobs, self)
        self.messages = Messages(services.status, window)
        self.views = ScoringViews(window, self.controller, services.undo_stack)
        self.actions = ScoringActions(window, load=self.views.show_model_panel,
                                      score=self.score, cancel=self.controller.cancel,
                                      export=self.export_scores)
        services.status.add_widget(self.views.progress)
        self.links = PanelLinks(self.views.panels, services, self.messages,
                                self.actions.link_layers_action, self.views.show_profile)
        c = self.controller
        c.score_finished.connect(self._finished)
        c.score_failed.connect(lambda message: self.messages.error("Scoring failed", message))
        c.score_cancelled.connect(lambda: self.messages.status(
            "Scoring cancelled; the previous results are kept."))
        c.model_failed.connect(lambda m: self.messages.status(f"Model not loaded: {m}"))
        c.model_loaded.connect(lambda m: self.messages.status(f"Model {m.source} loaded."))
        c.model_loaded.connect(services.models.put)
        c.busy_changed.connect(self.actions.set_busy)
        self.document_scores = DocumentScores(services.documents, self.views, c, self.messages)

    def score(self) -> None:
        try:
            self.controller.score()
        except MixScopeError as err:
            self.messages.error("Cannot score", str(err))

    def export_scores(self, format_name: str, path: str | Path | None = None) -> Path | None:
        """Export in the format called ``format_name`` ("npz" or "csv")."""
        return export_scores(self.services.documents.document, export_format(format_name),
                             self.messages, self.services.shell, path)

    def _finished(self, scoreset) -> None:
        parts = ", ".join(f"{COMPONENT_TITLES.get(c, c)} {scoreset.num_layers[k]} layers"
                          for c in scoreset.components()
                          for k in [f"{c}.{scoreset.methods(c)[0]}"])
        self.messages.status(f"Scored: {parts}.")


def install(services: Services) -> ScoringFeature:
    return ScoringFeature(services)
