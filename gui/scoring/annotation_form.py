"""A small form for the document's annotation that scoring uses: the reference text (the
decoder tokens when chosen) and the cue and target words (highlighted on the heatmaps and
plotted as the cue contribution). Every change is one undoable AnnotationEdit."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from gui.editor.commands import AnnotationEdit
from gui.scoring.controller import document_words

NONE = "—"


class AnnotationForm(QWidget):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window = window
        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText("reference transcription of the utterance")
        self.cue_box = _word_box("the word that decides the target's spelling (e.g. ils)")
        self.target_box = _word_box("the homophone whose spelling depends on the cue")
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow("Reference text", self.reference_edit)
        layout.addRow("Cue word", self.cue_box)
        layout.addRow("Target word", self.target_box)
        self.reference_edit.editingFinished.connect(self._commit)
        self.cue_box.activated.connect(self._commit)
        self.target_box.activated.connect(self._commit)
        self.cue_box.lineEdit().editingFinished.connect(self._commit)
        self.target_box.lineEdit().editingFinished.connect(self._commit)
        self._updating = False

    def refresh(self) -> None:
        """Show the document's annotation and its words as choices."""
        document = self.window.document
        self._updating = True
        try:
            words = [w.label for w in document_words(document)] if document else []
            annotation = document.annotation if document else None
            self.reference_edit.setText(annotation.transcription if annotation else "")
            for box, value in ((self.cue_box, annotation and annotation.cue_word),
                               (self.target_box, annotation and annotation.target_word)):
                box.clear()
                box.addItems([NONE] + list(dict.fromkeys(words)))
                box.setCurrentText(value or NONE)
            self.setEnabled(document is not None)
        finally:
            self._updating = False

    def _commit(self, *_args) -> None:
        document = self.window.document
        if self._updating or document is None:
            return
        new = replace(document.annotation,
                      transcription=self.reference_edit.text().strip(),
                      cue_word=_value(self.cue_box), target_word=_value(self.target_box))
        if new != document.annotation:
            self.window.undo_stack.push(AnnotationEdit(document, new, "Edit cue/target words"))


def _word_box(tip: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setToolTip(tip)
    return box


def _value(box: QComboBox) -> str | None:
    text = box.currentText().strip()
    return None if text in ("", NONE) else text
