"""Create the QApplication and the main window; the handler of ``python main.py open``."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication

from analysis import __version__

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
    from gui.workers import collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread()
    return app



def run(args: argparse.Namespace) -> int:
    from analysis.environment import display_problem
    from analysis.errors import MixScopeError

    problem = display_problem()
    if problem:  # Qt would abort the process (no message, no exit code 2)
        raise MixScopeError(problem)
    app = create_application()
    from gui.editor.startup import start
    from gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    start(window.features.editor, args)
    return app.exec()
