"""The sounddevice input stream. Its callback runs on PortAudio's thread and does one thing:
copy the block into a queue (tagged with the pause flag at capture time). Whoever owns the
capture drains the queue from its own thread, a bounded amount at a time: a device that
delivers faster than real time must not keep the owner (the GUI's timer) busy for ever."""

from __future__ import annotations

import queue
from dataclasses import dataclass

import numpy as np

from analysis.errors import MixScopeError
from analysis.recording.devices import InputDevice, sounddevice_module

# One drain takes at most this much audio; the rest waits, in order, for the next one.
MAX_DRAIN_SECONDS = 0.5


@dataclass(frozen=True)
class Block:
    samples: np.ndarray  # frames x channels, the stream's dtype
    paused: bool  # captured while the recording was paused: shown, not kept
    overflowed: bool  # PortAudio dropped input before this block


class Capture:
    def __init__(self, device: InputDevice, sample_rate: int, channels: int, dtype: str):
        self.device = device
        self.sample_rate = int(sample_rate)
        self.channels = int(channels)
        self.dtype = dtype
        self.paused = False
        self._queue: queue.Queue[Block] = queue.Queue()
        self._stream = None
        self._stopping = False

    def start(self) -> None:
        sd = sounddevice_module()
        try:
            self._stream = sd.InputStream(device=self.device.index, samplerate=self.sample_rate,
                                          channels=self.channels, dtype=self.dtype,
                                          callback=self._callback)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as err:
            self._close_quietly()
            raise MixScopeError(f"cannot record from {self.device.name} at "
                                f"{self.sample_rate} Hz, {self.channels} channel(s): {err}") \
                from err

    def _callback(self, indata, frames, time, status) -> None:
        self._queue.put(Block(indata.copy(), self.paused, bool(status.input_overflow)))

    def drain(self, limit: bool = True) -> list[Block]:
        """The queued blocks, oldest first: at most ``MAX_DRAIN_SECONDS`` of audio (one
        block more at most) unless ``limit`` is False."""
        blocks = []
        frames, most = 0, MAX_DRAIN_SECONDS * self.sample_rate
        while not limit or frames < most:
            try:
                block = self._queue.get_nowait()
            except queue.Empty:
                break
            blocks.append(block)
            frames += len(block.samples)
        return blocks

    @property
    def lost(self) -> bool:
        """The stream stopped by itself: the device disappeared or failed."""
        return self._stream is not None and not self._stopping and not self._stream.active

    def stop(self) -> list[Block]:
        """Stop the stream; returns the blocks still queued."""
        self._stopping = True
        if self._stream is not None:
            sd = sounddevice_module()
            try:
                self._stream.stop()
            except sd.PortAudioError:
                pass  # a vanished device cannot be stopped; what was queued is still kept
            self._close_quietly()
        return self.drain(limit=False)

    def _close_quietly(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.close(ignore_errors=True)
        except Exception:  # noqa: BLE001 (closing a dead stream must never hide the recording)
            pass
