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


def test_a_job_raising_cancelled_reports_cancelled_not_failed(qtbot):
    from analysis.cancel import Cancelled

    def fn(progress, cancel):
        raise Cancelled("the model stopped it")

    job = Job(fn)
    outcomes = []
    job.failed.connect(lambda *a: outcomes.append("failed"))
    job.cancelled.connect(lambda: outcomes.append("cancelled"))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert outcomes == ["cancelled"]


def test_runner_shutdown_cancels_and_waits_for_every_running_job(qtbot):
    from gui.workers import JobRunner

    runner = JobRunner()
    started = [threading.Event(), threading.Event()]
    stopped = []

    def until_cancelled(number):
        def fn(progress, cancel):
            started[number].set()
            while not cancel.cancelled:
                time.sleep(0.01)
            stopped.append(number)
        return fn

    jobs = [runner.start(until_cancelled(0), "first"), runner.start(until_cancelled(1), "second")]
    assert all(event.wait(5) for event in started)
    assert runner.running() == jobs
    assert runner.shutdown(msecs=5000)
    assert sorted(stopped) == [0, 1]
    assert not any(job._thread.isRunning() for job in jobs)
    with qtbot.waitSignal(jobs[1].finished, timeout=1000):
        pass  # the outcomes still arrive, then the runner forgets the jobs
    assert runner.running() == []


def test_closing_the_window_stops_its_background_jobs(qtbot):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    started, stopped = threading.Event(), threading.Event()

    def fn(progress, cancel):
        started.set()
        while not cancel.cancelled:
            time.sleep(0.01)
        stopped.set()

    job = window.services.jobs.start(fn, "endless")
    assert started.wait(5)
    window.close()
    assert stopped.is_set() and not job._thread.isRunning()
