"""The play line follows what is heard: it trails the frames handed to the device by the
stream's output latency, and playback ends once the last buffer has played out."""

import numpy as np
import pytest

from gui.audio.player import Player

RATE = 16000


class ManualStream:
    """An output stream whose audio thread is driven by the test, block by block."""

    latency = 0.2

    def __init__(self, samplerate, channels, dtype, blocksize, callback, **kwargs):
        self.blocksize, self.callback = blocksize, callback
        self.active = False

    def start(self):
        self.active = True

    def pull(self, blocks: int) -> None:
        for _ in range(blocks):
            out = np.zeros((self.blocksize, 1), np.float32)
            try:
                self.callback(out, self.blocksize, None, None)
            except Exception:  # CallbackStop: the device plays out what it holds
                return

    def stop(self):
        self.active = False

    def close(self):
        pass


@pytest.fixture
def player(qtbot):
    streams = []

    def factory(**kwargs):
        streams.append(ManualStream(**kwargs))
        return streams[-1]

    player = Player(stream_factory=factory)
    player.streams = streams
    yield player
    player.stop()


def test_the_play_line_trails_the_frames_sent_by_the_output_latency(player):
    samples = np.zeros(2 * RATE, np.float32)
    assert player.play(samples, RATE, 0.5, 1.5)
    stream = player.streams[-1]
    assert player.position == 0.5  # nothing heard yet
    stream.pull(10)  # 10 x 512 frames = 0.32 s handed over, 0.12 s of it heard
    assert player.position == pytest.approx(0.5 + 10 * 512 / RATE - 0.2)
    assert player.playing


def test_playback_ends_after_the_last_buffer_has_played_out(player, qtbot, monkeypatch):
    monkeypatch.setattr(ManualStream, "latency", 1.0)
    samples = np.zeros(RATE, np.float32)
    player.play(samples, RATE, 0.0, 0.1)
    stream = player.streams[-1]
    stream.pull(10)  # everything handed over; the device still holds a second of it
    positions = []
    player.position_changed.connect(positions.append)
    qtbot.wait(60)
    assert player.playing and stream.active
    with qtbot.waitSignal(player.stopped, timeout=3000):
        pass
    assert positions and positions[-1] <= 0.1
    assert positions == sorted(positions)
