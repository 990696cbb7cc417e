"""What the heatmap panels do to the rest of the app: a clicked cell's two words are
selected and played (the ``player`` service), browsing layers in one dock moves the others
when layers are linked, and the hover read-out shows in the status bar."""

from __future__ import annotations

from PySide6.QtGui import QAction

from gui.services import Services


class PanelLinks:
    def __init__(self, panels: dict, services: Services, messages, link_action: QAction,
                 show_profile) -> None:
        """``show_profile(results, component, row, col)`` shows a chosen cell over layers."""
        self.panels = panels
        self.services = services
        self.messages = messages
        self.link_action = link_action
        self._following = False
        for panel in panels.values():
            panel.cell_clicked.connect(self.listen)
            panel.cell_chosen.connect(
                lambda component, row, col: show_profile(self._results(), component, row, col))
            panel.layer_changed.connect(lambda layer, p=panel: self.follow_layer(p, layer))
            panel.hover_changed.connect(messages.hover)

    def _results(self):
        document = self.services.documents.document
        return document.results if document is not None else None

    def listen(self, row_word: int, col_word: int) -> None:
        """Select and play the two words of a clicked cell in the editor."""
        results = self._results()
        player = self.services.player
        indices = [i for i in (row_word, col_word) if i >= 0]
        if results is None or player is None or not indices:
            return
        words = [results.words[i] for i in indices]
        t0, t1 = min(w.start for w in words), max(w.end for w in words)
        player.select_time_range(t0, t1)
        player.play_range(t0, t1)
        self.messages.status("Playing " + " … ".join(f"“{w.label}”" for w in words))

    def follow_layer(self, source, layer: int) -> None:
        """With linked layers, the other docks show the layer ``source`` shows (their last
        one when they have fewer)."""
        if not self.link_action.isChecked() or self._following:
            return
        self._following = True
        try:
            for panel in self.panels.values():
                if panel is not source:
                    panel.set_layer(layer)
        finally:
            self._following = False
