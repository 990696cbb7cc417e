"""The heatmap panel's method choice: a drop-down of check marks, one per score of the
shown results (registry methods and their rollouts), titled from the registry."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from analysis.methods import REGISTRY, base_method, is_rollout, method_title


def _order(name: str) -> tuple[int, int]:
    names = list(REGISTRY)
    base = base_method(name)
    return (names.index(base) if base in names else len(names), int(is_rollout(name)))


DEFAULT_SHOWN = 2  # side by side at first; the others are one click away


class MethodMenuButton(QToolButton):
    """``shown()`` lists the checked methods among those available; the user's choices
    persist across results. At first the first DEFAULT_SHOWN methods in registry order are
    shown (rollouts never), so that a dock stays readable when many were computed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setText("Methods")
        self.setToolTip("Which scores to show side by side")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self._available: list[str] = []
        self._hidden: set[str] = set()
        self._seen: set[str] = set()

    def set_available(self, methods) -> None:
        self._available = sorted(methods, key=_order)
        shown = [m for m in self._available if m in self._seen and m not in self._hidden]
        for name in self._available:
            if name not in self._seen:
                if is_rollout(name) or len(shown) >= DEFAULT_SHOWN:
                    self._hidden.add(name)
                else:
                    shown.append(name)
            self._seen.add(name)
        menu = self.menu()
        menu.clear()
        for name in self._available:
            action = menu.addAction(method_title(name))
            action.setCheckable(True)
            action.setChecked(name not in self._hidden)
            action.setData(name)
            action.toggled.connect(lambda on, n=name: self._toggle(n, on))

    def available(self) -> list[str]:
        return list(self._available)

    def shown(self) -> list[str]:
        shown = [m for m in self._available if m not in self._hidden]
        return shown or self._available[:1]

    def set_shown(self, names) -> None:
        self._hidden = {m for m in self._available if m not in names}
        self.set_available(self._available)
        self.changed.emit()

    def _toggle(self, name: str, on: bool) -> None:
        (self._hidden.discard if on else self._hidden.add)(name)
        self.changed.emit()
