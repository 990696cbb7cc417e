"""Playback through sounddevice.

``play`` copies the requested samples into a buffer before the stream starts; the audio
callback only copies from that buffer and advances an integer (no Qt, no allocation, no
locks). A QTimer on the GUI thread reads that position to move the play line and notices
the end. The play line follows what is heard, not what was handed over: it trails the
frames sent by the stream's output latency, and playback counts as over when the stream
has played out its last buffer. The stream class is injectable so tests can record exactly
what was sent."""

from __future__ import annotations

import time

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
        self._latency = 0.0  # seconds between handing a frame over and hearing it
        self._drained_at: float | None = None  # monotonic time the last frame was handed over
        self._timer = QTimer(self)
        self._timer.setInterval(25)
        self._timer.timeout.connect(self._tick)

    @property
    def playing(self) -> bool:
        return self._stream is not None

    @property
    def position(self) -> float:
        """Seconds in the document of the sample being heard now."""
        heard = self._frames_done / self._rate - self._latency
        if self._drained_at is not None:  # nothing more to hand over: the tail plays out
            heard += time.monotonic() - self._drained_at
        return self._start + min(max(heard, 0.0), self._end - self._start)

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
        self._drained_at = None
        self._rate = int(sample_rate)
        self._start, self._end = first / sample_rate, last / sample_rate
        try:
            factory = self.stream_factory or _sounddevice_stream()
            self._stream = factory(samplerate=self._rate, channels=1, dtype="float32",
                                   blocksize=BLOCK, callback=self._callback,
                                   finished_callback=None)
            self._stream.start()
            self._latency = _seconds(getattr(self._stream, "latency", 0.0))
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
        if self._drained_at is None and self._frames_done >= len(self._buffer):
            self._drained_at = time.monotonic()
        self.position_changed.emit(self.position)
        played_out = self._drained_at is not None and \
            time.monotonic() - self._drained_at >= self._latency
        if not self._stream.active or played_out:
            self.stop()


def _seconds(latency) -> float:
    """A stream's output latency in seconds (sounddevice gives a pair for duplex streams)."""
    if isinstance(latency, (tuple, list)):
        latency = latency[-1]
    try:
        return max(float(latency), 0.0)
    except (TypeError, ValueError):
        return 0.0


def _sounddevice_stream():
    import sounddevice

    return sounddevice.OutputStream


def _callback_stop():
    try:
        import sounddevice

        return sounddevice.CallbackStop()
    except (ImportError, OSError):
        return StopIteration()
