"""The cue/target form: transcription, cue word, target word and second target, picked
from the document's word tier. Every change is one undoable AnnotationEdit. Shown in the
Model panel (the transcription is the reference text scoring can teacher-force; cue and
target are highlighted and plotted) and beside the corpus browser (saved into the corpus
metadata)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPushButton, QWidget

from gui.undo_commands import AnnotationEdit

NONE = "—"
FIELDS = (("cue_word", "&Cue word"), ("target_word", "&Target word"),
          ("target_word_2", "Target word &2"))


class AnnotationForm(QWidget):
    def __init__(self, undo_stack, parent=None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.document = None
        self._updating = False
        self.transcription = QLineEdit()
        self.transcription.setPlaceholderText("the words of the utterance")
        self.transcription.editingFinished.connect(self._transcription_edited)
        self.fill_button = QPushButton("From word tier")
        self.fill_button.setToolTip("Set the transcription to the word tier's words")
        self.fill_button.clicked.connect(self._fill_transcription)
        self.combos: dict[str, QComboBox] = {}
        layout = QFormLayout(self)
        layout.addRow("Transcription", self.transcription)
        layout.addRow("", self.fill_button)
        for name, label in FIELDS:
            combo = QComboBox()
            combo.setEditable(False)
            combo.currentTextChanged.connect(lambda text, n=name: self._word_picked(n, text))
            self.combos[name] = combo
            layout.addRow(label, combo)
        self.setEnabled(False)

    def set_document(self, document) -> None:
        if self.document is not None:
            self.document.annotation_changed.disconnect(self._refresh)
            self.document.grid_changed.disconnect(self._refresh)
        self.document = document
        if document is not None:
            document.annotation_changed.connect(self._refresh)
            document.grid_changed.connect(self._refresh)
        self.setEnabled(document is not None)
        self._refresh()

    def words(self) -> list[str]:
        """The word tier's labels, in order (empty intervals are silence)."""
        from analysis.alignment import tier_to_words
        from analysis.errors import MixScopeError

        if self.document is None:
            return []
        try:
            return [w.label for w in tier_to_words(self.document.grid.word_tier())]
        except MixScopeError:
            return []

    def _refresh(self, *args) -> None:
        self._updating = True
        try:
            annotation = self.document.annotation if self.document is not None else None
            self.transcription.setText(annotation.transcription if annotation else "")
            words = list(dict.fromkeys(self.words()))
            for name, combo in self.combos.items():
                value = getattr(annotation, name) if annotation else None
                choices = [NONE] + words + ([value] if value and value not in words else [])
                combo.clear()
                combo.addItems(choices)
                combo.setCurrentText(value or NONE)
        finally:
            self._updating = False

    def _push(self, text: str, **changes) -> None:
        if self.document is None or self._updating:
            return
        new = replace(self.document.annotation, **changes)
        if new != self.document.annotation:
            self.undo_stack.push(AnnotationEdit(self.document, new, text))

    def _word_picked(self, name: str, text: str) -> None:
        label = dict(FIELDS)[name].replace("&", "").lower()
        self._push(f"Set {label}", **{name: None if text in ("", NONE) else text})

    def _transcription_edited(self) -> None:
        self._push("Edit transcription", transcription=self.transcription.text().strip())

    def _fill_transcription(self) -> None:
        self._push("Transcription from word tier", transcription=" ".join(self.words()))
