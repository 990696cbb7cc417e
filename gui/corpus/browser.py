"""The corpus browser widget: source name, filter field and the example table.

Double-click (or Enter) on a row emits ``example_activated(example index)``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.corpus.table_model import ExampleFilterModel, ExampleTableModel


class CorpusBrowser(QWidget):
    example_activated = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = ExampleTableModel(self)
        self.proxy = ExampleFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.title = QLabel("No corpus open: File › New Corpus… or Open Corpus or Dataset…")
        self.title.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter (transcription, cue, target, speaker…)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        # Fixed-size columns: sizing to contents would read every row.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        self.model.modelReset.connect(self._size_columns)
        # activated: a double-click, or Enter on the current row (the platform's habit).
        self.table.activated.connect(
            lambda index: self.example_activated.emit(self.proxy.example_index(index.row())))
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)

    def _size_columns(self) -> None:
        """Fixed widths (sizing to contents would read every row); transcription stretches."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, (240, 80, 110, 80, 70, 55)[column]
                                      if column < 6 else 100)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def set_source(self, source) -> None:
        self.filter.clear()
        self.model.set_source(source)
        if source is None:
            self.title.setText("No corpus open")
        else:
            kind = "Corpus" if getattr(source, "writable", False) else "Dataset (read-only)"
            self.title.setText(f"<b>{kind}</b>: {source.name}")
            self.title.setToolTip(str(source.name))

    def refresh(self) -> None:
        self.model.refresh()
        self._filter_changed(self.filter.text())

    def select_example(self, index: int | None) -> None:
        """Highlight example ``index`` (fetching rows up to it) without activating it."""
        if index is None:
            self.table.clearSelection()
            return
        row = self.proxy.proxy_row(index)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.proxy.index(row, 0))

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _update_count(self, *args) -> None:
        total = self.model.total
        if self.model.source is None:
            self.count.setText("")
        elif self.filter.text():
            self.count.setText(f"{self.proxy.rowCount()} of {total} examples match")
        else:
            self.count.setText(f"{total} examples")
