"""Recording through the real sounddevice + PortAudio + ALSA stack from the real-time virtual
microphone (16 kHz mono int16; offset 0: the first frame recorded is the first frame fed).

The fed signal is a counter (sample i = i mod 65536 - 32768), so every recorded sample says
which fed sample it is: equality, gaps and order are all checked exactly."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from analysis.recording.devices import default_input_device
from analysis.recording.session import RecordingSession, RecordingSettings
from analysis.recording.store import RecoveryStore, load_recording

RATE = 16000
ROOT = Path(__file__).resolve().parents[1]


def counter(seconds: float) -> np.ndarray:
    return (np.arange(int(seconds * RATE)) % 65536 - 32768).astype(np.int16)


def as_int16(samples: np.ndarray) -> np.ndarray:
    scaled = np.asarray(samples, np.float64) * 32768
    assert np.array_equal(scaled, np.round(scaled)), "not an exact 16-bit recording"
    return scaled.astype(np.int16)


def record(session: RecordingSession, until_frames: int, timeout: float = 60) -> None:
    # a guard against a hang (the microphone plays in real time), not a speed requirement
    deadline = time.monotonic() + timeout
    while session.frames < until_frames:
        assert time.monotonic() < deadline, "the microphone stopped delivering"
        assert not session.poll().lost
        time.sleep(0.02)


def test_recording_equals_the_fed_samples_exactly(realtime_microphone, tmp_path):
    fed = counter(3)
    realtime_microphone.feed(fed)
    session = RecordingSession(RecordingSettings(default_input_device()), RecoveryStore(tmp_path))
    session.start()
    record(session, RATE)  # one second
    take = session.stop()
    recorded = as_int16(take.audio.samples)
    assert RATE <= len(recorded) < len(fed)
    np.testing.assert_array_equal(recorded, fed[:len(recorded)])
    assert take.audio.sample_rate == RATE and take.audio.path is None
    assert take.recording.wav_path.exists()  # kept for recovery until saved


def test_pause_drops_exactly_what_was_fed_meanwhile(realtime_microphone, tmp_path):
    fed = counter(4)
    realtime_microphone.feed(fed)
    session = RecordingSession(RecordingSettings(default_input_device()), RecoveryStore(tmp_path))
    session.start()
    record(session, int(0.6 * RATE))
    session.pause()
    paused_at = time.monotonic()
    while time.monotonic() - paused_at < 0.6:
        session.poll()
        time.sleep(0.02)
    kept_while_paused = session.frames
    session.resume()
    record(session, kept_while_paused + int(0.5 * RATE))
    recorded = as_int16(session.stop().audio.samples)

    # The recording is fed[:k] then fed[m:m + rest]: two runs of consecutive samples.
    index = recorded.astype(np.int64) + 32768  # the fed position of each recorded sample
    jumps = np.nonzero(np.diff(index) != 1)[0]
    assert len(jumps) == 1, f"expected one gap, found {len(jumps)}"
    k = jumps[0] + 1
    m = index[k]
    assert index[0] == 0 and k == kept_while_paused
    np.testing.assert_array_equal(recorded[:k], fed[:k])
    np.testing.assert_array_equal(recorded[k:], fed[m:m + len(recorded) - k])
    assert (m - k) / RATE > 0.4  # about the 0.6 s paused were fed and dropped


def test_streamed_file_is_a_valid_wav_when_the_recorder_is_killed(realtime_microphone, tmp_path):
    fed = counter(6)
    realtime_microphone.feed(fed)
    store_folder = tmp_path / "store"
    child = subprocess.Popen([sys.executable, str(ROOT / "tests/support/record_until_killed.py"),
                              str(store_folder)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        reported = 0
        deadline = time.monotonic() + 20
        for line in child.stdout:
            if line.strip().isdigit():
                reported = int(line)
            if reported >= 1.2 * RATE or time.monotonic() > deadline:
                break
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert reported >= 1.2 * RATE, "the child never recorded"
    (wav,) = store_folder.glob("*.wav")
    data, rate = soundfile.read(wav, dtype="int16")  # valid without any repair
    assert rate == RATE
    assert len(data) >= reported  # every block the recorder had reported reached the file
    np.testing.assert_array_equal(data, fed[:len(data)])

    # The next start offers it and restores the same samples.
    (offer,) = RecoveryStore(store_folder).unfinished()
    assert offer.frames >= len(data) and offer.recording.meta["state"] == "recording"
    restored = as_int16(load_recording(offer).samples)
    np.testing.assert_array_equal(restored, fed[:len(restored)])


def test_a_live_recording_is_not_offered_for_recovery(realtime_microphone, tmp_path):
    realtime_microphone.feed(counter(2))
    store = RecoveryStore(tmp_path)
    session = RecordingSession(RecordingSettings(default_input_device()), store)
    session.start()
    try:
        record(session, 1600)
        assert store.unfinished() == []
    finally:
        take = session.stop()
    (offer,) = store.unfinished()
    assert offer.recording.wav_path == take.recording.wav_path
    assert offer.recording.meta["state"] == "stopped"


def test_device_that_stops_delivering_ends_the_recording_and_keeps_it(realtime_microphone,
                                                                        tmp_path):
    fed = counter(3)
    realtime_microphone.feed(fed)
    session = RecordingSession(RecordingSettings(default_input_device()), RecoveryStore(tmp_path))
    session.start()
    record(session, 3200)
    session._capture._stream.abort()  # what PortAudio does when the device vanishes
    progress = session.poll()
    assert progress.lost and "stopped delivering audio" in session.interrupted
    take = session.stop()
    recorded = as_int16(take.audio.samples)
    assert len(recorded) >= 3200 and take.interrupted
    np.testing.assert_array_equal(recorded, fed[:len(recorded)])


@pytest.mark.parametrize("rate", [22050])
def test_capture_at_native_rate_is_resampled_to_the_rate_asked(realtime_microphone, tmp_path,
                                                               rate):
    realtime_microphone.feed(np.zeros(RATE * 2, np.int16))
    session = RecordingSession(RecordingSettings(default_input_device()), RecoveryStore(tmp_path),
                               capture_rate=rate)
    session.start()
    record(session, rate // 4)
    take = session.stop()
    captured = soundfile.info(take.recording.wav_path)
    assert captured.samplerate == rate
    assert take.audio.sample_rate == RATE
    assert abs(len(take.audio.samples) - captured.frames * RATE / rate) <= 2
