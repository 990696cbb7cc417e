"""Background jobs on a QThread whose progress, result and exception come back as signals.

One small wrapper for every long job (model loading, scoring): the job is a plain function
called on its own QThread as ``fn(progress, cancel)`` where ``progress(done, total, phrase)``
reports and ``cancel`` is the job's :class:`CancelFlag` (anything with ``.cancelled``). The
outcome signals are emitted on the GUI thread *after* the thread has stopped, so a slot that
sees ``succeeded``/``failed``/``cancelled`` can rely on no thread being left running.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress updates a second reach the GUI


class CancelFlag:
    """A thread-safe "please stop" flag (a bool write is atomic under the GIL).

    ``analysis.scoring.CancelToken`` has the same interface; a job may be given either."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class _JobThread(QThread):
    progressed = Signal(int, int, str)

    def __init__(self, fn, cancel, parent=None):
        super().__init__(parent)
        self._fn = fn
        self._cancel = cancel
        self._last_progress = 0.0
        self.result: Any = None
        self.error: BaseException | None = None
        self.error_text = ""

    def run(self) -> None:  # on the worker thread
        try:
            self.result = self._fn(self._report, self._cancel)
        except BaseException as err:  # noqa: BLE001 - every failure must reach the GUI
            self.error = err
            self.error_text = traceback.format_exc()

    def _report(self, done: int, total: int, phrase: str = "") -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.progressed.emit(int(done), int(total), str(phrase))


class Job(QObject):
    """Runs ``fn(progress, cancel)`` on a fresh QThread.

    Signals (all on the GUI thread): ``progress(done, total, phrase)``, then exactly one of
    ``succeeded(result)``, ``failed(exception, traceback_text)`` or ``cancelled()``, then
    ``finished()``. A job whose cancel flag was set when it ended reports ``cancelled`` even
    if the function returned normally or raised (its result is stale by definition).
    """

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[[Callable, Any], Any], name: str = "job",
                 cancel_token: Any | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.token = cancel_token if cancel_token is not None else CancelFlag()
        self._thread = _JobThread(fn, self.token)
        self._thread.setObjectName(f"mixscope-{name}")
        self._thread.progressed.connect(self.progress)
        self._thread.finished.connect(self._on_thread_finished)
        self._done = False

    # -- control -------------------------------------------------------------------------
    def start(self) -> Job:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the job to stop; it reports ``cancelled`` once its thread has ended."""
        self.token.cancel()

    def is_running(self) -> bool:
        return not self._done

    def wait(self, msecs: int = 5000) -> bool:
        """Block until the thread has ended (for shutdown); True when it has."""
        return self._done or self._thread.wait(msecs)

    # -- outcome -------------------------------------------------------------------------
    def _on_thread_finished(self) -> None:
        thread = self._thread
        self._done = True
        if getattr(self.token, "cancelled", False):
            self.cancelled.emit()
        elif thread.error is not None:
            self.failed.emit(thread.error, thread.error_text)
        else:
            self.succeeded.emit(thread.result)
        self.finished.emit()
