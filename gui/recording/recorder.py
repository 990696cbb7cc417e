"""The recorder: a QTimer on the GUI thread drains the capture queue into the streaming
writer and reports levels, new samples and elapsed time by signals.

The audio callback (analysis.recording.capture) only copies blocks into a queue; nothing
here runs on the audio thread, so widgets are only touched from the GUI thread.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from analysis.errors import MixScopeError
from analysis.recording.session import RecordingSession, RecordingSettings, Take
from analysis.recording.store import RecoveryStore

POLL_MS = 40


class Recorder(QObject):
    level = Signal(float, bool)  # peak (0..1) of the blocks since the last tick, clipping
    samples = Signal(object)  # mono float32 samples since the last tick (paused ones too)
    elapsed = Signal(float)  # seconds kept so far
    state_changed = Signal(str)  # "idle", "recording", "paused"
    finished = Signal(object)  # Take, after stop() or when the device was lost
    failed = Signal(str)  # a message; what was recorded is kept and finished follows

    def __init__(self, store: RecoveryStore | None = None, parent=None):
        super().__init__(parent)
        self.store = store or RecoveryStore()
        self.session: RecordingSession | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def state(self) -> str:
        if self.session is None:
            return "idle"
        return "paused" if self.session.paused else "recording"

    def start(self, settings: RecordingSettings, capture_rate: int | None = None) -> None:
        """Start recording; raises MixScopeError (device, rate, PortAudio) with nothing open."""
        if self.session is not None:
            raise MixScopeError("a recording is already running")
        session = RecordingSession(settings, self.store, capture_rate)
        session.start()
        self.session = session
        self._timer.start()
        self.state_changed.emit(self.state)

    def toggle_pause(self) -> None:
        if self.session is None:
            return
        if self.session.paused:
            self.session.resume()
        else:
            self.session.pause()
        self.state_changed.emit(self.state)

    def stop(self) -> Take | None:
        """Stop and return the take (also emitted by ``finished``); None when idle."""
        if self.session is None:
            return None
        self._timer.stop()
        session, self.session = self.session, None
        take = session.stop()
        self.elapsed.emit(take.audio.duration)
        self.state_changed.emit(self.state)
        self.finished.emit(take)
        return take

    def _tick(self) -> None:
        session = self.session
        try:
            progress = session.poll()
        except (OSError, MixScopeError) as err:  # the disk filled up, the file went away...
            self.failed.emit(f"recording stopped: {err}")
            self.stop()
            return
        if progress.blocks:
            self.samples.emit(np.concatenate(progress.blocks))
            self.level.emit(progress.peak, progress.clipped)
        self.elapsed.emit(session.elapsed)
        if progress.lost:
            self.failed.emit(session.interrupted)
            self.stop()
