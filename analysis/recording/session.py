"""One recording from start to stop, without Qt: opens the capture, streams what it keeps to
the recovery store, and turns the result into an ``Audio`` at the rate asked for.

The owner calls ``poll()`` regularly (the GUI from a QTimer); nothing here runs on the audio
thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analysis.audio import Audio, load_audio, resample
from analysis.errors import MixScopeError
from analysis.recording.capture import Capture
from analysis.recording.devices import InputDevice, choose_capture_rate
from analysis.recording.levels import as_float, is_clipping, peak
from analysis.recording.store import RecoveryStore, StoredRecording
from analysis.recording.wav_stream import StreamingWavWriter

DTYPES = {"PCM_16": "int16", "FLOAT": "float32"}


@dataclass(frozen=True)
class RecordingSettings:
    device: InputDevice
    sample_rate: int = 16000  # the rate of the document; captured natively when unsupported
    channels: int = 1
    subtype: str = "PCM_16"  # capture and file format: "PCM_16" or "FLOAT"
    prompt: str = ""
    align_language: str | None = None  # eSpeak language to align the take to its prompt in


@dataclass
class Progress:
    """What arrived since the last poll, for the meter and the live waveform."""

    blocks: list[np.ndarray] = field(default_factory=list)  # mono float32, paused ones too
    peak: float = 0.0
    clipped: bool = False
    frames: int = 0  # frames kept so far
    lost: bool = False


@dataclass
class Take:
    audio: Audio
    settings: RecordingSettings
    recording: StoredRecording  # stays in the recovery store until the user saves it
    interrupted: str | None = None  # why the recording ended by itself, if it did


class RecordingSession:
    def __init__(self, settings: RecordingSettings, store: RecoveryStore,
                 capture_rate: int | None = None):
        if settings.subtype not in DTYPES:
            raise MixScopeError(f"unsupported recording format {settings.subtype!r}")
        self.settings = settings
        self.store = store
        dtype = DTYPES[settings.subtype]
        self.capture_rate = capture_rate or choose_capture_rate(
            settings.device, settings.sample_rate, settings.channels, dtype)
        self._capture = Capture(settings.device, self.capture_rate, settings.channels, dtype)
        self._writer: StreamingWavWriter | None = None
        self._lock = None
        self.recording: StoredRecording | None = None
        self.interrupted: str | None = None
        self.overflows = 0

    # -- control ---------------------------------------------------------------------------
    def start(self) -> None:
        meta = {"device": self.settings.device.name, "sample_rate": self.capture_rate,
                "target_rate": self.settings.sample_rate, "channels": self.settings.channels,
                "subtype": self.settings.subtype, "prompt": self.settings.prompt,
                "align_language": self.settings.align_language}
        self.recording, self._lock = self.store.create(meta)
        try:
            self._writer = StreamingWavWriter(self.recording.wav_path, self.capture_rate,
                                              self.settings.channels, self.settings.subtype)
            self._capture.start()
        except BaseException:
            if self._writer is not None:
                self._writer.close()
            self._lock.release()
            self.store.discard(self.recording)
            raise

    @property
    def paused(self) -> bool:
        return self._capture.paused

    def pause(self) -> None:
        self._capture.paused = True

    def resume(self) -> None:
        self._capture.paused = False

    @property
    def frames(self) -> int:
        return self._writer.frames if self._writer is not None else 0

    @property
    def elapsed(self) -> float:
        return self.frames / self.capture_rate

    def poll(self) -> Progress:
        progress = self._take_blocks(self._capture.drain())
        if self._capture.lost and self.interrupted is None:
            self.interrupted = (f"the input device {self.settings.device.name} stopped "
                                "delivering audio (disconnected?); the recording was kept")
        progress.lost = self.interrupted is not None
        return progress

    def stop(self) -> Take:
        """Stop capturing, close the file and return the take (kept in the store)."""
        self._take_blocks(self._capture.stop())
        self._writer.close()
        self.store.mark(self.recording, "stopped")
        self._lock.release()
        audio = load_audio(self.recording.wav_path)
        if self.capture_rate != self.settings.sample_rate:
            audio = Audio(resample(audio.samples, self.capture_rate, self.settings.sample_rate),
                          self.settings.sample_rate)
        else:
            audio = Audio(audio.samples, audio.sample_rate)  # no path: not saved yet
        return Take(audio, self.settings, self.recording, self.interrupted)

    # -- internals -------------------------------------------------------------------------
    def _take_blocks(self, blocks) -> Progress:
        progress = Progress()
        for block in blocks:
            if not block.paused:
                self._writer.write(block.samples)
            self.overflows += block.overflowed
            samples = as_float(block.samples)
            mono = samples.mean(axis=1) if samples.ndim == 2 else samples
            progress.blocks.append(mono.astype(np.float32, copy=False))
            level = peak(samples)
            progress.peak = max(progress.peak, level)
        progress.clipped = is_clipping(progress.peak)
        progress.frames = self.frames
        return progress
