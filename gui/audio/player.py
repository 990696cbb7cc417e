"""Playback through sounddevice.

``play`` copies the requested samples into a buffer before the stream starts; the audio
callback only copies from that buffer and advances an integer (no Qt, no allocation, no
locks). A QTimer on the GUI thread reads that position to move the play line and notices
the end. The stream class is injectable so tests can record exactly what was sent."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

BLOCK = 512


class Player(QObject):
    started = Signal(float, float)  # start, end (seconds in the document)
    position_changed = Signal(float)  # seconds in the document
    stopped = Signal()
    failed = Signal(str)

    def __init__(self, parent=None, stream_factory=None) -> None:
        super().__init__(parent)
        self.stream_factory = stream_factory  # None: sounddevice.OutputStream
        self._stream = None
        self._buffer = np.zeros(0, np.float32)
        self._frames_done = 0
        self._start = 0.0
        self._end = 0.0
        self._rate = 16000
        self._timer = QTimer(self)
        self._timer.setInterval(25)
        self._timer.timeout.connect(self._tick)

    @property
    def playing(self) -> bool:
        return self._stream is not None

    @property
    def position(self) -> float:
        return self._start + self._frames_done / self._rate

    def play(self, samples: np.ndarray, sample_rate: int, start: float, end: float) -> bool:
        """Play ``samples`` (mono) from ``start`` to ``end`` seconds; stops what is playing.
        Returns False (and emits ``failed``) when no output device can be opened."""
        self.stop()
        first = max(int(round(start * sample_rate)), 0)
        last = min(int(round(end * sample_rate)), len(samples))
        if last <= first:
            return False
        self._buffer = np.ascontiguousarray(samples[first:last], dtype=np.float32)
        self._frames_done = 0
        self._rate = int(sample_rate)
        self._start, self._end = first / sample_rate, last / sample_rate
        try:
            factory = self.stream_factory or _sounddevice_stream()
            self._stream = factory(samplerate=self._rate, channels=1, dtype="float32",
                                   blocksize=BLOCK, callback=self._callback,
                                   finished_callback=None)
            self._stream.start()
        except Exception as err:  # PortAudio missing, no device, device busy
            self._stream = None
            self.failed.emit(f"cannot play sound: {err}")
            return False
        self._timer.start()
        self.started.emit(self._start, self._end)
        return True

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        self._timer.stop()
        if stream is None:
            return
        try:
            stream.stop()
            stream.close()
        except Exception:  # a device that vanished: nothing left to stop
            pass
        self.stopped.emit()

    # -- audio thread: reads the prepared buffer only --------------------------------------
    def _callback(self, outdata, frames, time_info, status) -> None:
        done = self._frames_done
        chunk = self._buffer[done: done + frames]
        outdata[: len(chunk), 0] = chunk
        if len(chunk) < frames:
            outdata[len(chunk):, 0] = 0.0
        self._frames_done = done + len(chunk)
        if len(chunk) < frames:
            raise _callback_stop()

    # -- GUI thread ------------------------------------------------------------------------
    def _tick(self) -> None:
        if self._stream is None:
            return
        self.position_changed.emit(self.position)
        if self._frames_done >= len(self._buffer) or not self._stream.active:
            self.stop()


def _sounddevice_stream():
    import sounddevice

    return sounddevice.OutputStream


def _callback_stop():
    try:
        import sounddevice

        return sounddevice.CallbackStop()
    except (ImportError, OSError):
        return StopIteration()
