"""Which score methods a Score run computes: one check box per method of the registry
(analysis.methods.REGISTRY), titled and explained from it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from analysis.methods import DEFAULT_METHODS, REGISTRY

COLUMNS = 2


class MethodChoice(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for index, (name, method) in enumerate(REGISTRY.items()):
            box = QCheckBox(method.title)
            box.setObjectName(f"method-{name}")
            box.setToolTip(f"{name}: cost {method.cost}")
            box.setChecked(name in DEFAULT_METHODS)
            box.toggled.connect(self._toggled)
            layout.addWidget(box, index // COLUMNS, index % COLUMNS)
            self.boxes[name] = box

    def methods(self) -> tuple[str, ...]:
        return tuple(name for name, box in self.boxes.items() if box.isChecked())

    def set_methods(self, names) -> None:
        for name, box in self.boxes.items():
            box.setChecked(name in names)

    def _toggled(self, on: bool) -> None:
        if not self.methods():  # at least one method: undo the last uncheck
            self.sender().setChecked(True)
            return
        self.changed.emit()
