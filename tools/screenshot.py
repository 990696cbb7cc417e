"""Screenshot the running app for the README and for reviewing visible changes.

Run under a real X server (e.g. ``xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python
tools/screenshot.py out.png [--interval TIER:INDEX] [--zoom T0:T1] [main.py arguments...]``):
it starts the app as ``main.py`` would (files from the arguments; recovery offers are
declined; settings go to a temporary folder, never the user's), optionally selects an
interval or zooms, waits for the window to settle, grabs the screen and quits.
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from analysis.cli import parse_args  # noqa: E402
from gui.app import create_application  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402


def _options(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    options, rest = {}, []
    it = iter(argv)
    for arg in it:
        if arg in ("--interval", "--zoom"):
            options[arg[2:]] = next(it)
        else:
            rest.append(arg)
    return options, rest


def main() -> int:
    out = Path(sys.argv[1])
    options, rest = _options(sys.argv[2:])
    args = parse_args(rest)
    settings_folder = tempfile.mkdtemp(prefix="mixscope-screenshot-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder)
    app = create_application()
    window = MainWindow()
    window.show()
    from gui.editor.startup import start

    start(window, args, ask=lambda text: False)
    if "zoom" in options:
        t0, t1 = (float(x) for x in options["zoom"].split(":"))
        window.editor.view.set_visible(t0, t1)
    if "interval" in options:
        tier, index = (int(x) for x in options["interval"].split(":"))
        window.editor.edits.select_interval(tier, index)

    def grab():
        screen = QGuiApplication.primaryScreen()
        x, y, w, h = window.frameGeometry().getRect()
        screen.grabWindow(0, x, y, w, h).save(str(out))
        app.quit()

    QTimer.singleShot(2000, grab)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
