"""The browser's table: examples of a source paged in lazily (``canFetchMore`` /
``fetchMore``), so a 10,000-row dataset opens at once; a filter proxy over all columns.

Only the rows fetched so far exist in the model. Filtering needs every row, so the proxy
fetches the rest the first time a filter is typed (text columns only: fast)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

PAGE = 256
ROOT = QModelIndex()
COLUMNS = ["Transcription", "Cue", "Target", "Speaker", "Alignment", "Scores"]
CHECK = "✓"


class ExampleTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.source = None
        self._rows: list[tuple] = []
        self._extra: list[str] = []

    # -- the source ----------------------------------------------------------------------
    def set_source(self, source) -> None:
        self.beginResetModel()
        self.source = source
        self._rows = []
        self._extra = list(getattr(source, "extra_columns", [])) if source is not None else []
        self.endResetModel()
        if source is not None:
            self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """Re-read the rows fetched so far (after the corpus was edited)."""
        loaded = len(self._rows)
        self.beginResetModel()
        self._extra = list(getattr(self.source, "extra_columns", []))
        total = len(self.source) if self.source is not None else 0
        self._rows = self._read(0, min(max(loaded, PAGE), total))
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self.source) if self.source is not None else 0

    def fetch_all(self) -> None:
        while self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex(), self.total)

    # -- lazy paging ---------------------------------------------------------------------
    def canFetchMore(self, parent=ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent=ROOT, count: int = PAGE) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        stop = min(start + count, self.total)
        if stop <= start:
            return
        rows = self._read(start, stop)
        self.beginInsertRows(QModelIndex(), start, stop - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def _read(self, start: int, stop: int) -> list[tuple]:
        examples = self.source.examples(start, stop)
        has_scores = self.source.has_scores
        return [_cells(e, has_scores(start + k), self._extra) for k, e in enumerate(examples)]

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS) + len(self._extra)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            names = COLUMNS + self._extra
            return names[section] if section < len(names) else None
        return str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (4, 5):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _cells(example, has_scores: bool, extra: list[str]) -> tuple:
    target = example.target_word or ""
    if example.target_word_2:
        target = f"{target} / {example.target_word_2}"
    return (example.transcription, example.cue_word or "", target, example.speaker,
            CHECK if example.has_alignment else "", CHECK if has_scores else "",
            *(_text(example.extra.get(name)) for name in extra))


def _text(value) -> str:
    return "" if value is None else str(value)


class ExampleFilterModel(QSortFilterProxyModel):
    """Case-insensitive substring filter over every column; fetches all rows first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        model = self.sourceModel()
        if text and model is not None:
            model.fetch_all()
        self.setFilterFixedString(text)

    def example_index(self, proxy_row: int) -> int:
        return self.mapToSource(self.index(proxy_row, 0)).row()

    def proxy_row(self, example_index: int) -> int | None:
        model = self.sourceModel()
        while example_index >= model.rowCount() and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        row = self.mapFromSource(model.index(example_index, 0)).row()
        return row if row >= 0 else None
