"""Recordings are never lost by a click or starved by a device: discarding a recoverable
recording asks first, and a microphone that delivers faster than real time is drained a
bounded amount per timer tick, so Stop is always handled."""

from __future__ import annotations

import queue

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from analysis.recording.capture import Block, Capture
from analysis.recording.devices import InputDevice
from analysis.recording.store import RecoveryStore
from analysis.recording.wav_stream import StreamingWavWriter

RATE = 16000


class EndlessQueue(queue.Queue):
    """A device far faster than real time: ``total`` blocks are always already waiting."""

    def __init__(self, total: int, frames: int = 512):
        super().__init__()
        self.left = total
        self.block = Block(np.zeros((frames, 1), np.int16), False, False)

    def get_nowait(self):
        if self.left == 0:
            raise queue.Empty
        self.left -= 1
        return self.block


def test_one_drain_takes_a_bounded_amount_of_a_flooding_device():
    from analysis.recording.capture import MAX_DRAIN_SECONDS

    capture = Capture(InputDevice(0, "fast", "test", 1, RATE), RATE, 1, "int16")
    capture._queue = EndlessQueue(100_000)
    drained = capture.drain()
    assert 0 < sum(len(b.samples) for b in drained) <= MAX_DRAIN_SECONDS * RATE + 512
    assert capture._queue.left > 0  # the rest waits for the next tick; nothing is dropped
    rest = capture.drain(limit=False)
    assert capture._queue.left == 0 and len(drained) + len(rest) == 100_000


def test_stop_is_handled_while_the_device_floods_the_recorder(qtbot, virtual_microphone,
                                                              tmp_path, monkeypatch):
    from analysis.recording.capture import MAX_DRAIN_SECONDS
    from analysis.recording.devices import default_input_device
    from analysis.recording.session import RecordingSettings
    from gui.recording.recorder import Recorder

    virtual_microphone.feed(np.zeros(RATE, np.int16))  # then zeros, ~40 million frames/s
    recorder = Recorder(RecoveryStore(tmp_path / "store"))
    sizes = []
    recorder.samples.connect(lambda samples: sizes.append(len(samples)))
    recorder.start(RecordingSettings(default_input_device()), RATE)
    qtbot.waitUntil(lambda: len(sizes) >= 3, timeout=10_000)
    with qtbot.waitSignal(recorder.finished, timeout=10_000) as finished:
        recorder.stop()
    assert recorder.state == "idle"
    assert max(sizes) <= MAX_DRAIN_SECONDS * RATE + 4096
    take = finished.args[0]
    assert take.audio.duration > 0
    RecoveryStore(tmp_path / "store").discard(take.recording)


@pytest.fixture
def store(tmp_path):
    store = RecoveryStore(tmp_path / "recordings")
    stored, lock = store.create({"prompt": "ils mangent", "sample_rate": RATE,
                                 "target_rate": RATE, "subtype": "PCM_16"})
    with StreamingWavWriter(stored.wav_path, RATE, 1) as writer:
        writer.write(np.ones(RATE // 2, np.int16))
    lock.release()
    return store


def test_discarding_a_recoverable_recording_asks_first(qtbot, store, monkeypatch):
    from gui.recording.recovery import RecoveryDialog

    asked = []

    def answer(reply):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return reply
        monkeypatch.setattr(QMessageBox, "question", question)

    dialog = RecoveryDialog(store, store.unfinished())
    qtbot.addWidget(dialog)
    answer(QMessageBox.StandardButton.No)
    dialog.discard_button.click()
    assert len(asked) == 1 and "ils mangent" in asked[0]
    assert len(store.unfinished()) == 1 and dialog.list.count() == 1
    answer(QMessageBox.StandardButton.Yes)
    dialog.discard_button.click()
    assert store.unfinished() == [] and len(asked) == 2
