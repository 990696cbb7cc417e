"""Screenshot the running app for the README and for reviewing visible changes.

Run under a real X server (e.g. ``xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python
tools/screenshot.py out.png [--interval TIER:INDEX] [--zoom T0:T1] [--corpus FOLDER|PARQUET
[--example N]] [--score MODEL] [--layer N] [--contours] [--cue WORD] [--target WORD]
[--dock NAME] [--workspace annotate|analyse] [--size WxH] [main.py arguments...]``): it
starts the app as
``main.py`` would (files from the arguments; recovery offers are declined; settings go to a
temporary folder, never the user's), optionally selects an interval or zooms, opens a corpus
example, switches the pitch and intensity contours on, or loads MODEL (hub id or folder) and scores the utterance (decoder tokens from the
reference text when the document has one), showing layer N in the heatmap docks; waits for
the window to settle, grabs the screen and quits.
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QDockWidget  # noqa: E402

from analysis.cli import parse_args  # noqa: E402
from gui.app import create_application  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402


def _options(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    options, rest = {}, []
    it = iter(argv)
    for arg in it:
        if arg == "--contours":
            options["contours"] = "yes"
        elif arg in ("--interval", "--zoom", "--corpus", "--example", "--score", "--layer",
                     "--cue", "--target", "--dock", "--workspace", "--size"):
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
    if "size" in options:
        window.resize(*(int(x) for x in options["size"].split("x")))
    else:
        window.showMaximized()
    window.show()
    if "workspace" in options:
        window.features.workspace.switch(options["workspace"])
    from gui.editor.startup import start

    start(window.features.editor, args, ask=lambda text: False)
    if "corpus" in options:
        from analysis.corpus.sources import open_dataset

        window.features.corpus.set_source(open_dataset(options["corpus"]))
        if "example" in options:
            window.features.corpus.open_example(int(options["example"]))
    if "contours" in options:
        for action in window.features.editor.widget.contour_actions.values():
            action.setChecked(True)
    if "zoom" in options:
        t0, t1 = (float(x) for x in options["zoom"].split(":"))
        window.features.editor.widget.view.set_visible(t0, t1)
    form = window.features.scoring.views.annotation_form
    for role in ("cue", "target"):  # pick the cue/target words in the Model panel's form
        if role in options:
            form.combos[f"{role}_word"].setCurrentText(options[role])
    if "dock" in options:  # e.g. --dock faithfulness: raise that dock (dock-NAME)
        window.findChild(QDockWidget, f"dock-{options['dock']}").raise_()
    if "interval" in options:
        tier, index = (int(x) for x in options["interval"].split(":"))
        window.features.editor.widget.edits.select_interval(tier, index)

    def grab():
        screen = QGuiApplication.primaryScreen()
        x, y, w, h = window.frameGeometry().getRect()
        screen.grabWindow(0, x, y, w, h).save(str(out))
        window.services.documents.guards.clear()  # keeps nothing: no unsaved-changes question
        app.quit()

    if "score" in options:
        _score_then(window, options["score"], int(options.get("layer", 1)) - 1,
                    lambda: QTimer.singleShot(1500, grab))
    else:
        QTimer.singleShot(2000, grab)
    return app.exec()


def _score_then(window, model: str, layer: int, done) -> None:
    """Load ``model``, score the open utterance, show ``layer``, then call ``done``."""
    from gui.scoring.controller import ScoreOptions

    feature = window.features.scoring
    controller = feature.controller
    document = window.services.documents.document
    annotation = document.annotation if document else None
    reference = annotation is not None and bool(annotation.transcription)
    if reference:
        controller.options = ScoreOptions(decoder_source="reference")
        feature.views.model_panel.decoder_box.setCurrentIndex(1)

    def loaded(_model):
        if reference:
            controller.options = ScoreOptions(decoder_source="reference")
        feature.score()
        if not controller.is_scoring():  # refused (the reason is in the status bar)
            failed(window.statusBar().currentMessage())

    state = {"scored": False, "transcribed": False}

    def finished(_scores):
        for panel in feature.views.panels.values():
            panel.set_layer(layer)
        state["scored"] = True
        if state["transcribed"]:
            done()

    def transcribed(_text):
        state["transcribed"] = True
        if state["scored"]:
            done()

    def failed(message):
        print(f"screenshot: {message}", file=sys.stderr)
        done()

    controller.model_loaded.connect(loaded)
    controller.model_failed.connect(failed)
    controller.score_finished.connect(finished)
    controller.score_failed.connect(failed)
    controller.transcribed.connect(transcribed)
    feature.views.model_panel.model_box.setCurrentText(model)
    feature.views.model_panel.load()


if __name__ == "__main__":
    sys.exit(main())
