"""Analysis › Corpus Curves and Open Batch Results…: the curves dock in the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from gui.curves.dock import CurvesDock


def install(services) -> CurvesDock:
    window = services.shell
    dock = CurvesDock(window, services.documents, services.jobs)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    menu = window.menu("&Analysis")
    toggle = dock.toggleViewAction()
    toggle.setText("Corpus &Curves")
    menu.addAction(toggle)
    open_action = QAction("Open Batch &Results…", window)
    open_action.triggered.connect(lambda: (dock.show(), dock.choose_folder()))
    menu.addAction(open_action)
    return dock
