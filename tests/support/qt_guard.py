"""Finds what a test leaked: QThreads still running, pool workers busy, windows left open,
and modal dialogs that nobody answered (offscreen they would block the run for ever)."""

from __future__ import annotations

_started_qthreads: list = []
_unanswered_dialogs: list[str] = []


def answer_modal_dialogs() -> None:
    """Replace the blocking dialog calls with ones that answer at once (Cancel / Rejected:
    nothing is destroyed) and record what was asked; ``find_leaks`` reports it. A test that
    expects a dialog patches the call itself (``monkeypatch.setattr``), which wins."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    if getattr(QDialog.exec, "_mixscope_answered", False):
        return
    buttons = QMessageBox.StandardButton

    def static(kind, answer):
        def ask(parent, title="", text="", *args, **kwargs):
            _unanswered_dialogs.append(f"QMessageBox.{kind}({title!r}, {text!r})")
            return answer
        return staticmethod(ask)

    QMessageBox.question = static("question", buttons.Cancel)
    QMessageBox.warning = static("warning", buttons.Ok)
    QMessageBox.critical = static("critical", buttons.Ok)
    QMessageBox.information = static("information", buttons.Ok)
    QMessageBox.about = static("about", None)

    def exec_(self, *args, **kwargs):
        _unanswered_dialogs.append(f"{type(self).__name__}.exec() ({self.windowTitle()!r})")
        return QDialog.DialogCode.Rejected.value

    exec_._mixscope_answered = True
    QDialog.exec = exec_


def track_qthreads() -> None:
    """Record every QThread started from now on (idempotent)."""
    from PySide6.QtCore import QThread

    if getattr(QThread.start, "_mixscope_tracked", False):
        return
    original_start = QThread.start

    def start(self, *args, **kwargs):
        _started_qthreads.append(self)
        return original_start(self, *args, **kwargs)

    start._mixscope_tracked = True
    QThread.start = start


def isolate_settings(folder: str | None = None) -> str:
    """Point QSettings (INI format) and the editor's autosave folder at a fresh temporary
    folder, so tests neither depend on nor change the user's settings. Returns the folder."""
    import os
    import tempfile

    from PySide6.QtCore import QCoreApplication, QSettings

    folder = folder or tempfile.mkdtemp(prefix="mixscope-test-settings-")
    QCoreApplication.setOrganizationName("MixScopeTests")
    QCoreApplication.setApplicationName("MixScopeTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
    os.environ["MIXSCOPE_AUTOSAVE_DIR"] = os.path.join(folder, "autosave")
    return folder


def visible_windows() -> set[int]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    return {id(w) for w in app.topLevelWidgets() if w.isVisible()} if app else set()


def find_leaks(windows_before: set[int], grace_ms: int = 2000) -> list[str]:
    """Problems left behind since ``windows_before`` was taken; closes leaked windows."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    running = []
    for thread in list(_started_qthreads):
        try:
            if thread.isRunning() and not thread.wait(grace_ms):
                running.append(thread)
        except RuntimeError:  # the C++ object is already deleted: not running
            pass
    _started_qthreads.clear()
    pool_busy = not QThreadPool.globalInstance().waitForDone(grace_ms)
    windows = []
    if app is not None:
        windows = [w for w in app.topLevelWidgets()
                   if w.isVisible() and id(w) not in windows_before]
        for window in windows:
            window.close()
    problems = []
    if _unanswered_dialogs:
        problems.append("modal dialog(s) nobody answered: " + "; ".join(_unanswered_dialogs))
        _unanswered_dialogs.clear()
    if running:
        problems.append(f"{len(running)} QThread(s) still running")
    if pool_busy:
        problems.append("QThreadPool workers still running")
    if windows:
        problems.append("top-level window(s) left open: "
                        + ", ".join(type(w).__name__ for w in windows))
    return problems


def collect_garbage() -> None:
    """As the app does (gui.workers.collect_garbage_on_gui_thread): cycles are collected on
    the GUI thread only, here at the end of each test too, never on a job's thread."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    from gui.workers import collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread().check()
