"""The prompt to read: typed in or taken from a list loaded from a text file (one per line),
shown large, with previous / next; and whether the take is aligned to it (Praat + eSpeak, in
the language given) as soon as it opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import MixScopeError
from analysis.file_formats import PROMPT_FORMATS
from analysis.recording.prompts import PromptList
from gui.file_dialogs import open_filter


class PromptPanel(QWidget):
    error = Signal(str)

    def __init__(self, prompts: PromptList, parent=None):
        super().__init__(parent)
        self.prompts = prompts
        self.display = QLabel(self)
        self.display.setWordWrap(True)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(90)
        font = QFont(self.display.font())
        font.setPointSize(26)
        self.display.setFont(font)
        self.display.setStyleSheet("background:#fbfaf4;border:1px solid #d8d4c0;padding:8px;")
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Prompt to read (optional): its words pre-fill the word tier")
        self.edit.textChanged.connect(self._show)
        self.load_button = QPushButton("Load prompts…", self)
        self.previous_button = QPushButton("◀ Previous", self)
        self.next_button = QPushButton("Next ▶", self)
        self.position = QLabel(self)
        self.align = QCheckBox("Align the take to the prompt (Praat + eSpeak), language", self)
        self.align.setChecked(True)
        self.align.setToolTip("when the take opens, its words are aligned to the audio and "
                              "trimmed to speech (one undoable step); otherwise they are "
                              "spread evenly")
        self.align.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language = QLineEdit("fr", self)
        self.language.setMaximumWidth(120)
        self.language.setToolTip("eSpeak language: a code (fr, en, de...) or a name")
        for button in (self.load_button, self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.load_button.clicked.connect(self.choose_file)
        self.previous_button.clicked.connect(lambda: self._go(self.prompts.previous))
        self.next_button.clicked.connect(lambda: self._go(self.prompts.next))
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.load_button)
        row.addWidget(self.previous_button)
        row.addWidget(self.position)
        row.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.display)
        layout.addLayout(row)
        align_row = QHBoxLayout()
        align_row.addWidget(self.align)
        align_row.addWidget(self.language)
        align_row.addStretch(1)
        layout.addLayout(align_row)
        self._go(lambda: self.prompts.current)

    @property
    def text(self) -> str:
        return self.edit.text().strip()

    @property
    def align_language(self) -> str | None:
        """The eSpeak language to align the take in, or None when it is not to be aligned."""
        return (self.language.text().strip() or "fr") if self.align.isChecked() else None

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load prompts", "",
                                              open_filter("Text files", PROMPT_FORMATS))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        try:
            loaded = PromptList.from_file(path)
        except MixScopeError as err:
            self.error.emit(str(err))
            return
        self.prompts.prompts, self.prompts.source, self.prompts.index = \
            loaded.prompts, loaded.source, 0
        self._go(lambda: self.prompts.current)

    def advance(self) -> None:
        """After a take: move to the next prompt of the list, if any."""
        if self.prompts.prompts and self.prompts.index < len(self.prompts.prompts) - 1:
            self._go(self.prompts.next)

    def set_locked(self, locked: bool) -> None:
        """While recording the prompt stays put (the take is tied to it)."""
        for widget in (self.edit, self.load_button, self.previous_button, self.next_button):
            widget.setEnabled(not locked)
        if not locked:
            self._update_buttons()

    def _go(self, move) -> None:
        text = move()
        if self.prompts.prompts:
            self.edit.setText(text)
        self._update_buttons()
        self._show()

    def _update_buttons(self) -> None:
        has_list = bool(self.prompts.prompts)
        self.previous_button.setEnabled(has_list and self.prompts.index > 0)
        self.next_button.setEnabled(has_list and
                                    self.prompts.index < len(self.prompts.prompts) - 1)
        self.position.setText(self.prompts.position())

    def _show(self) -> None:
        self.display.setText(self.text or "<span style='color:#a0a0a0;font-size:14pt'>"
                             "No prompt: type one, or load a list of sentences</span>")
