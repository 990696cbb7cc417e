"""Scores follow the current document: the scores saved beside its alignment are read back
when it opens (marked stale when its words changed), written again whenever its alignment
is saved, and shown in the scoring views, with the cue and target words the annotation
names."""

from __future__ import annotations

from analysis.errors import MixScopeError
from analysis.token_labels import find_word
from gui.scoring import persistence

STALE_TEXT = ("These scores no longer match the word tier (it changed since scoring). "
              "Press Ctrl+Enter to score again.")


def cue_and_target(results, annotation) -> tuple[int | None, int | None]:
    """The indices of the annotation's cue and target words among the scored words."""
    if results is None or annotation is None:
        return None, None
    return (find_word(results.words, annotation.cue_word),
            find_word(results.words, annotation.target_word))


class DocumentScores:
    def __init__(self, documents, views, controller, messages) -> None:
        self.views = views
        self.controller = controller
        self.messages = messages
        self._document = None
        documents.document_changed.connect(self._document_changed)
        if documents.document is not None:
            self._document_changed(documents.document)

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
                self.messages.error("Saved scores not loaded", str(err))
        self.views.annotation_form.set_document(document)
        self._results_changed(document.results)
        if self.controller.loaded is not None:
            self.controller.transcribe()

    def _results_changed(self, results) -> None:
        cue, target = cue_and_target(results, self._document.annotation)
        stale = STALE_TEXT if results is not None and self._document.results_stale else None
        self.views.show_scores(results, cue, target, stale)

    def _annotation_changed(self, annotation) -> None:
        results = self._document.results
        self.views.show_cue_target(results, *cue_and_target(results, annotation))

    def _paths_changed(self) -> None:
        """The alignment was saved (or saved elsewhere): its scores go beside it."""
        try:
            written = persistence.save_results(self._document)
        except (MixScopeError, OSError) as err:
            self.messages.error("Scores not saved", str(err))
            return
        if written is not None:
            self.messages.status(f"Saved {self._document.alignment_path.name} and its scores "
                                 f"({written.name})")
