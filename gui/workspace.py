"""Two arrangements of the docks, switched from View (Ctrl+1 / Ctrl+2) or the toolbar:

- Annotate: the editor is the main view; the heatmaps share a strip below it.
- Analyse: the heatmaps get the room (Encoder beside Decoder and Cross, which share a tab
  set, across the whole width), the editor shrinks to a strip above them, the Model panel
  and the cue-contribution curve sit beside it.

Each workspace remembers how the user left it (dock sizes, floating docks, tabs), and the
window its geometry, across sessions (gui.settings). Installed after every other feature:
it arranges the docks they made, found by their object names."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QToolBar

from gui import settings

WORKSPACES = {"annotate": ("&Annotate", "Ctrl+1"), "analyse": ("Anal&yse", "Ctrl+2")}
# The Analyse arrangement, by dock object name: the bottom area across the whole window
# (columns, each a tab set), and the right area beside the editor. Below WIDE_PX the
# heatmaps share one tab set: two methods of 16 tokens need about 600 px to label them all.
ANALYSE_BOTTOM_WIDE = (("dock-encoder",), ("dock-decoder", "dock-cross"))
ANALYSE_BOTTOM_NARROW = (("dock-encoder", "dock-decoder", "dock-cross"),)
WIDE_PX = 1500
ANALYSE_RIGHT = (("dock-cue", "dock-faithfulness", "dock-profile", "dock-model"),)
STATE_VERSION = 1
# docks hidden until their feature has something to show (an open corpus, a comparison)
WAITING_DOCKS = ("corpus", "dock-compare")


class Workspace(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.current = "annotate"
        self._annotate_preset = window.saveState(STATE_VERSION)  # as the features built it
        self.actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        toolbar = QToolBar("Workspace", window)
        toolbar.setObjectName("toolbar-workspace")
        toolbar.setMovable(False)
        view = window.menu("&View")
        view.addSeparator()
        for name, (text, shortcut) in WORKSPACES.items():
            action = QAction(text, window, checkable=True)
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text.replace('&', '')} workspace ({shortcut})")
            action.triggered.connect(lambda _on=False, n=name: self.switch(n))
            group.addAction(action)
            view.addAction(action)
            toolbar.addAction(action)
            self.actions[name] = action
        reset = view.addAction("&Reset Layout", self.reset_layout)
        reset.setToolTip("Put the docks of this workspace back where they start")
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        window.closing.connect(self.save)
        self._restore()

    # -- switching -------------------------------------------------------------------------
    def switch(self, name: str) -> None:
        """Show workspace ``name`` as the user last left it (or as it starts)."""
        if name != self.current:
            settings.workspace_state(self.current).set(self._state())
            self.current = name
            if not self._restore_state(settings.workspace_state(name).get()):
                self._apply_preset(name)
        self.actions[name].setChecked(True)
        settings.WORKSPACE.set(name)

    def reset_layout(self) -> None:
        settings.workspace_state(self.current).clear()
        self._apply_preset(self.current)

    def save(self) -> None:
        """Remember the window's geometry and the current workspace's arrangement."""
        settings.WINDOW_GEOMETRY.set(bytes(self.window.saveGeometry().data()))
        settings.workspace_state(self.current).set(self._state())
        settings.WORKSPACE.set(self.current)

    # -- arrangements ----------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = settings.WINDOW_GEOMETRY.get()
        if geometry:
            self.window.restoreGeometry(geometry)
        name = settings.WORKSPACE.get()
        self.current = name if name in WORKSPACES else "annotate"
        if not self._restore_state(settings.workspace_state(self.current).get()):
            self._apply_preset(self.current)
        self.actions[self.current].setChecked(True)

    def _state(self) -> bytes:
        return bytes(self.window.saveState(STATE_VERSION).data())

    def _restore_state(self, state: bytes) -> bool:
        """Restore a saved arrangement; docks their feature keeps hidden until they have
        something to show (e.g. an open corpus) stay hidden."""
        if not state:
            return False
        waiting = [d for d in self._docks() if not d.isVisibleTo(self.window)
                   and d.objectName().startswith(WAITING_DOCKS)]
        restored = self.window.restoreState(state, STATE_VERSION)
        for dock in waiting:
            dock.hide()
        return restored

    def _apply_preset(self, name: str) -> None:
        if name == "annotate":
            self._restore_state(self._annotate_preset)
            return
        w = self.window
        docks = {d.objectName(): d for d in self._docks()}
        for area, columns in ((Qt.DockWidgetArea.BottomDockWidgetArea, self._bottom()),
                              (Qt.DockWidgetArea.RightDockWidgetArea, ANALYSE_RIGHT)):
            previous = None
            for column in columns:
                present = [docks[n] for n in column if n in docks]
                if not present:
                    continue
                for dock in present:
                    dock.setFloating(False)
                    dock.show()
                first = present[0]
                if previous is None:
                    w.addDockWidget(area, first)
                else:
                    w.splitDockWidget(previous, first, Qt.Orientation.Horizontal)
                for other in present[1:]:
                    w.tabifyDockWidget(first, other)
                first.raise_()
                previous = first
        self._analyse_sizes()
        QTimer.singleShot(0, self._analyse_sizes)  # again once the docks are laid out

    def _analyse_sizes(self) -> None:
        w = self.window
        docks = {d.objectName(): d for d in self._docks()}
        width, height = w.width(), w.height()
        bottom = [docks[c[0]] for c in self._bottom() if c[0] in docks]
        right = [docks[c[0]] for c in ANALYSE_RIGHT if c[0] in docks]
        if bottom:
            w.resizeDocks(bottom, [width // len(bottom)] * len(bottom), Qt.Orientation.Horizontal)
            w.resizeDocks(bottom[:1], [int(height * 0.62)], Qt.Orientation.Vertical)
        if right:
            w.resizeDocks(right, [int(width * 0.3)], Qt.Orientation.Horizontal)

    def _bottom(self) -> tuple:
        return ANALYSE_BOTTOM_WIDE if self.window.width() >= WIDE_PX else ANALYSE_BOTTOM_NARROW

    def _docks(self) -> list[QDockWidget]:
        return self.window.findChildren(QDockWidget)


def install(services) -> Workspace:
    return Workspace(services.shell)
