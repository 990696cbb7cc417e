"""The spectrogram view: computed off the GUI thread for the visible window only, with the
pitch and intensity contours when they are switched on (gui/editor/prosody_overlay.py).

One job runs at a time. A view change while a job runs only records the newest request;
when the job returns, its result is dropped if a newer request exists and the newest is
started instead. So fast scrolling never queues work and never shows a stale image."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Signal

from analysis.prosody import ProsodySettings, intensity_contour, pitch_contour
from analysis.spectrogram import SpectrogramSettings, spectrogram
from gui.editor.prosody_overlay import ProsodyOverlay
from gui.editor.time_plot import TimeMarks, make_time_plot

MAX_SPAN = 60.0  # seconds: wider windows show a hint instead (as Praat does)


class SpectrogramView(QObject):
    ready = Signal()  # a fresh image is shown

    def __init__(self, jobs, settings: SpectrogramSettings | None = None) -> None:
        super().__init__()
        self._jobs = jobs  # gui.workers.JobRunner
        self.settings = settings or SpectrogramSettings()
        self.plot = make_time_plot("Hz", (0.0, self.settings.max_frequency))
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(_praat_greys())
        self.plot.addItem(self.image)
        self.hint = pg.TextItem("", color=(90, 90, 90), anchor=(0.5, 0.5))
        self.plot.addItem(self.hint, ignoreBounds=True)
        self.marks = TimeMarks(self.plot)
        self.prosody = ProsodyOverlay(self.plot)
        self._range: tuple[float, float] | None = None  # the newest requested window
        self._samples: np.ndarray | None = None
        self._rate = 16000
        self._latest = 0  # id of the newest request
        self._running = False
        self._pending: tuple | None = None

    def set_samples(self, samples: np.ndarray | None, sample_rate: int) -> None:
        self._samples, self._rate = samples, sample_rate
        self._latest += 1
        self.image.clear()
        self.prosody.hide()

    def set_settings(self, settings: SpectrogramSettings) -> None:
        self.settings = settings
        self.plot.vb.setYRange(0.0, settings.max_frequency, padding=0)

    def show_contours(self, pitch: bool, intensity: bool) -> None:
        """Switch the pitch / intensity contours on or off; the visible window is redone."""
        self.prosody.show_pitch, self.prosody.show_intensity = pitch, intensity
        if self._range is not None:
            self.request(*self._range)

    @property
    def busy(self) -> bool:
        return self._running

    def request(self, start: float, end: float) -> None:
        """Ask for the spectrogram of ``start``..``end`` (the visible window)."""
        if self._samples is None:
            return
        self._latest += 1
        self._range = (start, end)
        if end - start > MAX_SPAN:
            self.image.hide()
            self.prosody.hide()
            self.hint.setText(f"zoom in to {MAX_SPAN:.0f} s or less to see the spectrogram")
            self.hint.setPos((start + end) / 2, self.settings.max_frequency / 2)
            self.hint.show()
            return
        self.hint.hide()
        job = (self._latest, start, end, self.settings, self.prosody.settings,
               self.prosody.wanted)
        if self._running:
            self._pending = job
        else:
            self._start(job)

    def _start(self, job: tuple) -> None:
        request_id, start, end, settings, prosody, wanted = job
        pixels = max(int(self.plot.vb.width()), 300)
        self._running = True
        samples, rate = self._samples, self._rate
        job = self._jobs.start(lambda progress, cancel: _compute(
            samples, rate, start, end, settings, pixels, request_id, prosody, wanted),
            "spectrogram")
        job.succeeded.connect(self._on_result)
        job.failed.connect(lambda err, _trace: self._on_error(err))
        job.cancelled.connect(self._stopped)

    def _on_result(self, result) -> None:
        request_id, spec, pitch, intensity = result
        self._finish_job()
        if request_id != self._latest:
            return  # stale: the view moved on while it was computed
        self.image.setImage(spec.db, levels=(-self.settings.dynamic_range, 0.0),
                            autoLevels=False)
        self.image.setRect(QRectF(spec.start, 0.0, spec.end - spec.start, spec.max_frequency))
        self.image.show()
        start, end = self._range
        self.prosody.show(pitch, intensity, start, end, self.settings.max_frequency)
        self.ready.emit()

    def _on_error(self, err) -> None:
        self._finish_job()
        self.hint.setText(f"spectrogram failed: {err}")
        self.hint.show()

    def _stopped(self) -> None:
        """Cancelled (the window is closing): nothing more is started."""
        self._running = False
        self._pending = None

    def _finish_job(self) -> None:
        self._running = False
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] == self._latest:
            self._start(pending)


def _compute(samples, rate, start, end, settings, pixels, request_id,
             prosody: ProsodySettings, wanted: tuple[bool, bool]):
    spec = spectrogram(samples, rate, start, end, settings, max_frames=pixels)
    want_pitch, want_intensity = wanted
    pitch = pitch_contour(samples, rate, start, end, prosody) if want_pitch else None
    intensity = intensity_contour(samples, rate, start, end, prosody) if want_intensity \
        else None
    return request_id, spec, pitch, intensity


def _praat_greys() -> np.ndarray:
    """White for silence, black for the loudest cells (Praat's look)."""
    ramp = np.linspace(255, 0, 256).astype(np.uint8)
    return np.stack([ramp, ramp, ramp], axis=1)
