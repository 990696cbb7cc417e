"""Undo commands every feature pushes onto the one undo stack (shared, so no feature reaches
into another for them). The grid is immutable, so every alignment edit is the same command:
it holds the grid before and after, and undo/redo swap them. The text is what the Edit menu
shows ("Undo Move boundary")."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class GridEdit(QUndoCommand):
    def __init__(self, document, new_grid, text: str, on_apply=None) -> None:
        super().__init__(text)
        self.document = document
        self.old_grid = document.grid
        self.new_grid = new_grid
        self._on_apply = on_apply  # called with the grid after redo/undo (e.g. to refocus)

    def redo(self) -> None:
        self.document.set_grid(self.new_grid)
        if self._on_apply:
            self._on_apply(False)

    def undo(self) -> None:
        self.document.set_grid(self.old_grid)
        if self._on_apply:
            self._on_apply(True)


class AnnotationEdit(QUndoCommand):
    def __init__(self, document, new_annotation, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.old = document.annotation
        self.new = new_annotation

    def redo(self) -> None:
        self.document.set_annotation(self.new)

    def undo(self) -> None:
        self.document.set_annotation(self.old)
