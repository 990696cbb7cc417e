"""Screenshot the running app for the README and for reviewing visible changes.

Run under a real X server (e.g. ``xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python
tools/screenshot.py out.png [main.py arguments...]``): it starts the app as ``main.py``
would, waits for the window to settle, grabs the screen and quits.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from analysis.cli import parse_args  # noqa: E402
from gui.app import create_application  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402


def main() -> int:
    out = Path(sys.argv[1])
    args = parse_args(sys.argv[2:])
    app = create_application()
    window = MainWindow()
    if hasattr(window, "open_from_args"):
        window.open_from_args(args)
    window.show()

    def grab():
        screen = QGuiApplication.primaryScreen()
        screen.grabWindow(0).save(str(out))
        app.quit()

    QTimer.singleShot(1500, grab)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
