"""The "Align Words" dialog: aligner, model, language, text, refinement and review threshold.

Without a previous run, the aligner is the loaded model's kind (with that model filled in)
or, when no model is loaded, Praat's eSpeak aligner, which needs none."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.autoalign import BACKENDS, DEFAULT_REVIEW_BELOW

MODEL_FREE = "praat"  # the aligner that needs no model
TEXT_SOURCES = [("transcription", "the transcription"), ("tier", "the word tier's labels")]


@dataclass(frozen=True)
class AlignOptions:
    aligner: str  # a key of analysis.autoalign.BACKENDS
    model: str  # hub id or folder ("" for the praat aligner)
    text: str
    language: str = "fr"  # Whisper's language, or eSpeak's for praat
    review_below: float = DEFAULT_REVIEW_BELOW
    refine: bool = True  # refine the boundaries on the recording's pauses


class AlignWordsDialog(QDialog):
    """Asks how to align. ``texts`` maps a text source ("transcription", "tier") to its text;
    ``previous`` pre-fills the fields from the last run; ``loaded`` is the (kind, source)
    of the model loaded in the app, if any."""

    def __init__(self, texts: dict[str, str], previous: AlignOptions | None = None,
                 parent=None, loaded: tuple[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Align Words")
        self.setMinimumWidth(560)
        self._texts = texts
        self.aligner = QComboBox()
        for key, title in BACKENDS.items():
            self.aligner.addItem(title, key)
        self.model = QLineEdit()
        self.model.setPlaceholderText("hub id (e.g. facebook/wav2vec2-base-960h) or a folder")
        browse = self.browse = QPushButton("Folder…")
        browse.clicked.connect(self._browse)
        model_row = QWidget()
        row = QHBoxLayout(model_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.model, 1)
        row.addWidget(browse)
        self.language = QLineEdit("fr")
        self.language.setMaximumWidth(160)
        self.language.setToolTip("Whisper: a language code such as fr or en. Praat: an eSpeak "
                                 "code (fr, en, de, cmn...) or name ('French (Belgium)')")
        self.source = QComboBox()
        for key, title in TEXT_SOURCES:
            self.source.addItem(title, key)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("the words spoken, in order")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(DEFAULT_REVIEW_BELOW)
        self.threshold.setToolTip("words with a lower confidence get a mark on the 'review' "
                                  "tier; Tools > Next Word to Review (F8) visits them")
        self.refine = QCheckBox("Refine boundaries on the pauses")
        self.refine.setChecked(True)
        self.refine.setToolTip("silences between words become empty intervals, the first word "
                               "starts where speech starts; boundaries snap to intensity minima")

        form = QFormLayout()
        form.addRow("Aligner:", self.aligner)
        form.addRow("Model:", model_row)
        form.addRow("Language:", self.language)
        form.addRow("Text from:", self.source)
        form.addRow(self.text)
        form.addRow("Review words below confidence:", self.threshold)
        form.addRow(self.refine)
        note = QLabel("The result replaces the word tier in one step (Edit > Undo restores it).")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Align")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.aligner.currentIndexChanged.connect(self._aligner_changed)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.model.textChanged.connect(self._validate)
        self.text.textChanged.connect(self._validate)
        if previous is not None:
            self.aligner.setCurrentIndex(max(0, self.aligner.findData(previous.aligner)))
            self.model.setText(previous.model)
            self.language.setText(previous.language)
            self.threshold.setValue(previous.review_below)
            self.refine.setChecked(previous.refine)
        else:
            kind, source = loaded or (MODEL_FREE, "")
            self.aligner.setCurrentIndex(max(0, self.aligner.findData(kind)))
            self.model.setText(source)
        default_source = "transcription" if texts.get("transcription", "").strip() else "tier"
        self.source.setCurrentIndex(self.source.findData(default_source))
        self._source_changed()
        self._aligner_changed()

    def options(self) -> AlignOptions:
        aligner = self.aligner.currentData()
        return AlignOptions(aligner, "" if aligner == MODEL_FREE else self.model.text().strip(),
                            self.text.toPlainText().strip(), self.language.text().strip() or "fr",
                            self.threshold.value(), self.refine.isChecked())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Model folder", self.model.text())
        if folder:
            self.model.setText(folder)

    def _aligner_changed(self) -> None:
        aligner = self.aligner.currentData()
        self.language.setEnabled(aligner in ("whisper", MODEL_FREE))
        self.model.setEnabled(aligner != MODEL_FREE)
        self.browse.setEnabled(aligner != MODEL_FREE)
        self._validate()

    def _source_changed(self) -> None:
        self.text.setPlainText(self._texts.get(self.source.currentData(), ""))

    def _validate(self) -> None:
        options = self.options()
        problem = ("choose a model" if not options.model and options.aligner != MODEL_FREE
                   else "there is no text to align" if not options.text else "")
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
