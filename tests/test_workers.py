import threading
import time

from PySide6.QtCore import QThread

from gui.workers import Job


def test_job_runs_off_the_gui_thread_and_returns_its_result(qtbot):
    seen = {}

    def fn(progress, cancel):
        seen["thread"] = threading.get_ident()
        progress(1, 1, "done")
        return 42

    job = Job(fn, "answer")
    with qtbot.waitSignal(job.succeeded, timeout=5000) as blocker:
        job.start()
    assert blocker.args == [42]
    assert seen["thread"] != threading.get_ident()
    assert not job.is_running()


def test_job_forwards_progress_to_the_gui_thread(qtbot):
    received = []

    def fn(progress, cancel):
        for i in range(3):
            progress(i + 1, 3, f"step {i + 1}")
            time.sleep(0.06)
        return None

    job = Job(fn)
    job.progress.connect(lambda d, t, p: received.append((d, t, p, QThread.currentThread())))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert received[-1][:3] == (3, 3, "step 3")
    assert all(r[3] is QThread.currentThread() for r in received)


def test_job_reports_the_exception_and_its_traceback(qtbot):
    def fn(progress, cancel):
        raise ValueError("word 'pommes' ends after the audio")

    job = Job(fn)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    error, text = blocker.args
    assert isinstance(error, ValueError) and "pommes" in str(error)
    assert "Traceback" in text


def test_cancelled_job_reports_cancelled_after_its_thread_stopped(qtbot):
    started = threading.Event()

    def fn(progress, cancel):
        started.set()
        while not cancel.cancelled:
            time.sleep(0.01)
        return "too late"

    job = Job(fn)
    outcomes = []
    job.succeeded.connect(lambda r: outcomes.append("succeeded"))
    job.cancelled.connect(lambda: outcomes.append(("cancelled", job._thread.isRunning())))
    job.start()
    assert started.wait(5)
    with qtbot.waitSignal(job.finished, timeout=1000):
        job.cancel()
    assert outcomes == [("cancelled", False)]


def test_progress_is_throttled_so_a_chatty_job_cannot_flood_the_gui(qtbot):
    calls = 200
    received = []

    def fn(progress, cancel):
        for i in range(calls):
            progress(i + 1, calls, "tick")

    job = Job(fn)
    job.progress.connect(lambda d, t, p: received.append(d))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert received[-1] == calls
    assert len(received) < calls / 10
