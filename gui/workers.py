"""Background jobs on a QThread whose progress, result and exception come back as signals:
the one mechanism for every long job of the app (model loading, transcription, scoring,
alignment, spectrograms, corpus opening and export).

A job is a plain function called on its own QThread as ``fn(progress, cancel)``, where
``progress(done, total, phrase)`` reports and ``cancel`` is the job's
``analysis.cancel.CancelToken``. The outcome signals are emitted on the GUI thread *after*
the thread has stopped, so a slot that sees ``succeeded``/``failed``/``cancelled`` can rely
on no thread being left running. ``JobRunner`` starts the jobs of a window and, when it
closes, cancels them and waits for them.

Why not superqt's ``create_worker``: it runs on the global QThreadPool and emits
``returned``/``errored`` from inside the pool thread (the thread may still be running when
the slot runs), a plain function gets neither progress nor cancellation (only generators
can be aborted, at their ``yield``), and its workers cannot be waited for one by one.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from analysis.cancel import Cancelled, CancelToken
from analysis.errors import MixScopeError
from analysis.progress import Progress

PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress updates a second reach the GUI
SHUTDOWN_WAIT_MS = 5000  # how long closing the window waits for each job to stop

JobFunction = Callable[[Progress, CancelToken], Any]


class _JobThread(QThread):
    progressed = Signal(int, int, str)

    def __init__(self, fn: JobFunction, cancel: CancelToken):
        super().__init__()
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

    def release(self) -> None:
        self._fn = self.result = self.error = None

    def _report(self, done: int, total: int, phrase: str = "") -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.progressed.emit(int(done), int(total), str(phrase))


class Job(QObject):
    """Runs ``fn(progress, cancel)`` on a fresh QThread.

    Signals (all on the GUI thread): ``progress(done, total, phrase)``, then exactly one of
    ``succeeded(result)``, ``failed(exception, traceback_text)`` or ``cancelled()``, then
    ``finished()``. A job whose token was set when it ended, or that raised ``Cancelled``,
    reports ``cancelled`` even if the function returned normally (its result is stale by
    definition). The outcome arrives through the event loop, so connecting right after
    ``start()`` misses nothing.
    """

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: JobFunction, name: str = "job", parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
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

    def wait(self, msecs: int = SHUTDOWN_WAIT_MS) -> bool:
        """Block until the thread has ended (for shutdown); True when it has."""
        return self._done or self._thread.wait(msecs)

    # -- outcome -------------------------------------------------------------------------
    def _on_thread_finished(self) -> None:
        thread = self._thread
        self._done = True
        if self.token.cancelled or isinstance(thread.error, Cancelled):
            self.cancelled.emit()
        elif thread.error is not None:
            self.failed.emit(thread.error, thread.error_text)
        else:
            self.succeeded.emit(thread.result)
        # let go of the function, the result and the error (its traceback's frames): they may
        # be large (a model's tensors) or tie the thread into a reference cycle
        thread.release()
        self.finished.emit()


class JobRunner(QObject):
    """Starts background jobs and keeps the ones still running, so that closing the app can
    cancel them and wait until their threads have stopped (``shutdown``).

    A job belongs to Python, not to a Qt parent: the runner holds it until it has reported
    its outcome, whoever else keeps it (a controller, a test waiting on its signals) may use
    it as long as they like, and it is freed when the last of them lets go."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        collect_garbage_on_gui_thread()
        self._running: list[Job] = []
        self._ended: list[Job] = []  # held until the next turn of the event loop

    def start(self, fn: JobFunction, name: str = "job") -> Job:
        """Run ``fn(progress, cancel)`` on its own thread and return its ``Job``."""
        job = Job(fn, name)
        self._running.append(job)
        job.finished.connect(self._forget)
        return job.start()

    def running(self) -> list[Job]:
        return [job for job in self._running if job.is_running()]

    def shutdown(self, msecs: int = SHUTDOWN_WAIT_MS) -> bool:
        """Cancel every running job and wait for each (at most ``msecs`` each); True when
        every thread has stopped."""
        jobs = self.running()
        for job in jobs:
            job.cancel()
        return all([job.wait(msecs) for job in jobs])

    @Slot()
    def _forget(self) -> None:
        job = self.sender()
        if job in self._running:  # never let go of a job inside its own emit
            self._running.remove(job)
            self._ended.append(job)
            QTimer.singleShot(0, self, self._ended.clear)


def error_message(err: BaseException) -> str:
    """One readable line for a job's failure: MixScope's own messages as they are, others
    with their type (an unexpected error is a bug worth reporting)."""
    if isinstance(err, MixScopeError):
        return str(err)
    return f"{type(err).__name__}: {err}"


_collector = None


def collect_garbage_on_gui_thread():
    """Background jobs run Python on their own threads, and Python's cycle collector runs on
    whichever thread happens to allocate: freeing a Qt object there can crash Qt. So the
    automatic collection is replaced by pyqtgraph's GarbageCollector, which collects on a
    timer of the GUI thread (idempotent; returns it)."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector()
    return _collector
