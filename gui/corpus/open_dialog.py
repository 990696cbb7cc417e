"""The small dialog of File › Open Corpus or Dataset: a folder, a parquet file, or a
Hugging Face hub id, and an optional split."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from analysis.corpus.schema import REFERENCE_DATASET
from analysis.file_formats import DATASET_FORMATS
from gui.file_dialogs import open_filter


class OpenDatasetDialog(QDialog):
    def __init__(self, parent=None, last: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Corpus or Dataset")
        self.spec = QLineEdit(last)
        self.spec.setPlaceholderText(f"a folder, a .parquet file or a hub id ({REFERENCE_DATASET})")
        self.spec.setMinimumWidth(420)
        self.split = QLineEdit()
        self.split.setPlaceholderText("train (default)")
        folder = QPushButton("Folder…")
        folder.clicked.connect(self._pick_folder)
        parquet = QPushButton("Parquet…")
        parquet.clicked.connect(self._pick_parquet)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.spec, 1)
        row.addWidget(folder)
        row.addWidget(parquet)
        holder = QWidget()
        holder.setLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("Source", holder)
        layout.addRow("Split", self.split)
        layout.addRow(buttons)

    def values(self) -> tuple[str, str | None]:
        return self.spec.text().strip(), (self.split.text().strip() or None)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Corpus, audiofolder or saved dataset")
        if folder:
            self.spec.setText(folder)

    def _pick_parquet(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Parquet file", "",
                                              open_filter("Parquet", DATASET_FORMATS))
        if path:
            self.spec.setText(path)
