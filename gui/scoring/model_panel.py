"""The Model panel: choose a checkpoint (the paper's presets, recent ones, any hub id or a
folder), a device, Whisper's language/task and decoder tokens; load it in the background;
see the model's transcription and the reference text; and the cue/target words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.models.language import DEFAULT_LANGUAGE, english_only
from gui import file_dialogs, settings
from gui.scoring.controller import ScoreOptions
from gui.scoring.method_choice import MethodChoice

# The checkpoints analysed in the paper (Mohebbi et al. 2023, MODEL_PATH of its code).
PRESETS = (
    "openai/whisper-base",
    "openai/whisper-small",
    "openai/whisper-medium",
    "jonatasgrosman/wav2vec2-large-xlsr-53-french",
    "bhuang/asr-wav2vec2-french",
)
RECENT_MAX = 8
DEVICES = ("auto", "cpu", "cuda", "mps")
TASKS = ("transcribe", "translate")
ENGLISH_ONLY = "none: English-only model"
DECODER_SOURCES = (("Model transcription", "transcription"),
                   ("Transcription (below)", "reference"))


def recent_models() -> list[str]:
    return list(settings.RECENT_MODELS.get())


def remember_model(source: str) -> None:
    settings.remember(settings.RECENT_MODELS, source, RECENT_MAX)


class ModelPanel(QWidget):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.model_box = QComboBox()
        self.model_box.setEditable(True)
        self.model_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_box.setMinimumContentsLength(16)
        self.model_box.lineEdit().setPlaceholderText("hub id or local folder")
        self.model_box.setToolTip("A Whisper or wav2vec2-family CTC checkpoint: a Hugging Face "
                                  "id (e.g. openai/whisper-base) or a local folder")
        self.browse_button = QPushButton("Folder…")
        self.browse_button.clicked.connect(self._browse)
        self.revision_edit = QLineEdit()
        self.revision_edit.setPlaceholderText("default branch")
        self.revision_edit.setToolTip("The hub revision to load: a branch, tag or commit "
                                      "(pins the weights; a model id may also end in @REVISION)")
        self.device_box = QComboBox()
        self.device_box.addItems(DEVICES)
        self.load_button = QPushButton("Load model")
        self.load_button.clicked.connect(self.load)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel("No model loaded.")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.language_edit = QLineEdit(DEFAULT_LANGUAGE)
        self.language_edit.setToolTip("Whisper's language: a code or a name, such as fr or "
                                      "french (English-only models take none)")
        self._chosen_language = DEFAULT_LANGUAGE  # kept while an English-only model is loaded
        self.task_box = QComboBox()
        self.task_box.addItems(TASKS)
        self.decoder_box = QComboBox()
        for text, key in DECODER_SOURCES:
            self.decoder_box.addItem(text, key)
        self.decoder_box.setToolTip("The decoder tokens scored for Whisper: the model's own "
                                    "transcription, or the reference text teacher-forced")
        self.alternative_edit = QLineEdit()
        self.alternative_edit.setPlaceholderText("e.g. mange for mangent")
        self.alternative_edit.setToolTip("Another spelling of the target word: scoring adds "
                                         "log p(target) - log p(alternative) and its drop per "
                                         "blanked word (Whisper)")
        self.method_choice = MethodChoice()
        self.method_choice.changed.connect(self._options_changed)
        self.transcription = QPlainTextEdit()
        self.transcription.setReadOnly(True)
        self.transcription.setPlaceholderText("The model's transcription appears here.")
        self.transcription.setMaximumHeight(60)

        source_row = QHBoxLayout()
        source_row.addWidget(self.model_box, 1)
        source_row.addWidget(self.browse_button)
        revision_row = QHBoxLayout()
        revision_row.addWidget(QLabel("Revision"))
        revision_row.addWidget(self.revision_edit, 1)
        load_row = QHBoxLayout()
        load_row.addWidget(QLabel("Device"))
        load_row.addWidget(self.device_box)
        load_row.addStretch(1)
        load_row.addWidget(self.load_button)
        whisper = QFormLayout()
        whisper.addRow("Language", self.language_edit)
        whisper.addRow("Task", self.task_box)
        whisper.addRow("Decoder tokens", self.decoder_box)
        whisper.addRow("Alternative", self.alternative_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(source_row)
        layout.addLayout(revision_row)
        layout.addLayout(load_row)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addLayout(whisper)
        layout.addWidget(QLabel("Methods"))
        layout.addWidget(self.method_choice)
        layout.addWidget(QLabel("Model transcription"))
        layout.addWidget(self.transcription)
        self.extra_layout = layout  # the annotation form is added below by the feature

        for widget in (self.language_edit, self.task_box, self.decoder_box,
                       self.alternative_edit):
            signal = getattr(widget, "editingFinished", None) or widget.currentIndexChanged
            signal.connect(self._options_changed)
        controller.model_loading.connect(self._on_loading)
        controller.model_loaded.connect(self._on_loaded)
        controller.model_failed.connect(self._on_failed)
        controller.transcribed.connect(
            lambda text: self.transcription.setPlainText(text or "(the model transcribed nothing)"))
        self._fill_models()

    # -- choices ---------------------------------------------------------------------------
    def _fill_models(self) -> None:
        current = self.model_box.currentText()
        self.model_box.clear()
        recent = recent_models()
        self.model_box.addItems(recent + [p for p in PRESETS if p not in recent])
        self.model_box.setCurrentText(current or (recent[0] if recent else PRESETS[0]))

    def _browse(self) -> None:
        """Choose a model folder and load it: one step, as the button promises."""
        folder = file_dialogs.open_folder(self, "Model folder")
        if folder:
            self.model_box.setCurrentText(folder)
            self.load()

    def _options_changed(self, *_args) -> None:
        takes_language = self.language_edit.placeholderText() != ENGLISH_ONLY
        if takes_language:
            self._chosen_language = self.language_edit.text().strip() or DEFAULT_LANGUAGE
        self.controller.options = ScoreOptions(
            language=self._chosen_language if takes_language else None,
            task=self.task_box.currentText(),
            decoder_source=self.decoder_box.currentData(),
            methods=self.method_choice.methods(),
            alternative=self.alternative_edit.text(),
        )

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> None:
        source = self.model_box.currentText().strip()
        if not source:
            self._on_failed("Give a model: a Hugging Face id or a local folder.")
            return
        self._options_changed()
        self.controller.load_model(source, self.device_box.currentText(),
                                   self.revision_edit.text().strip() or None)

    def _on_loading(self, source: str) -> None:
        self.load_button.setEnabled(False)
        self.busy.show()
        self.status.setText(f"Loading {source}…")
        self.status.setStyleSheet("")

    def _on_loaded(self, loaded) -> None:
        self.load_button.setEnabled(True)
        self.busy.hide()
        layers = getattr(loaded.config, "num_hidden_layers", None) or getattr(
            loaded.config, "encoder_layers", "?")
        kind = "Whisper" if loaded.kind == "whisper" else "CTC encoder"
        revision, commit = loaded.info.get("revision"), loaded.info.get("commit_hash")
        at = f" at {revision}" if revision else ""
        at += f" (commit {commit[:10]})" if commit else ""
        self.status.setText(f"Loaded {loaded.source}{at}: {kind}, {layers} encoder layers, "
                            f"on {loaded.device}.")
        for widget in (self.language_edit, self.task_box, self.decoder_box,
                       self.alternative_edit):
            widget.setEnabled(loaded.kind == "whisper")
        entry = f"{loaded.source}@{revision}" if revision else loaded.source
        remember_model(entry)
        self.model_box.setCurrentText(entry)  # the entry names the revision from now on
        self.revision_edit.clear()
        self._show_language(english_only(loaded))
        self._fill_models()
        self.transcription.setPlainText("Transcribing…")

    def _show_language(self, english: bool) -> None:
        """An English-only Whisper takes no language or task: show none rather than "fr"."""
        self.language_edit.setPlaceholderText(ENGLISH_ONLY if english else "")
        self.language_edit.setText("" if english else self._chosen_language)
        if english:
            self.task_box.setCurrentText("transcribe")
            self.language_edit.setEnabled(False)
            self.task_box.setEnabled(False)
        self._options_changed()

    def _on_failed(self, message: str) -> None:
        self.load_button.setEnabled(True)
        self.busy.hide()
        self.status.setText(message)
        self.status.setStyleSheet("color: #b00020;")
