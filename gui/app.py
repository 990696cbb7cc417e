"""Create the QApplication and the main window; the handler of ``python main.py open``."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtWidgets import QApplication

from analysis import __version__
from analysis.errors import MixScopeError

APP_NAME = "MixScope"
ORGANIZATION = "MixScope"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, configured (names for QSettings, pyqtgraph options)."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    import pyqtgraph

    pyqtgraph.setConfigOptions(antialias=True, background="w", foreground="k",
                               imageAxisOrder="row-major")
    return app


def check_display() -> None:
    """Name the libraries Qt's X11 plugin lacks before Qt aborts with a misleading message
    ("could not load the Qt platform plugin")."""
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb" or os.environ.get("WAYLAND_DISPLAY"):
        return
    from analysis.qt_display import display_status

    usable, message = display_status()
    if not usable:
        raise MixScopeError(message)


def run(args: argparse.Namespace) -> int:
    check_display()
    app = create_application()
    from gui.editor.startup import start
    from gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    start(window, args)
    return app.exec()
