"""The Qt-free parts of recording: the crash-safe WAV writer, the recovery store, the choice
of capture rate, prompts."""

import json
import os

import numpy as np
import pytest
import soundfile

from analysis.errors import MixScopeError
from analysis.recording.devices import InputDevice, choose_capture_rate
from analysis.recording.prompts import PromptList, load_prompts, prompt_grid, prompt_words
from analysis.recording.saving import save_recording_audio, wav_path_for
from analysis.recording.store import RecoveryStore, default_recordings_folder, load_recording
from analysis.recording.wav_stream import StreamingWavWriter, repair_wav


def blocks(n, size=160, channels=1):
    rng = np.random.default_rng(0)
    return [rng.integers(-32768, 32767, (size, channels), dtype=np.int16) for _ in range(n)]


def test_streamed_wav_is_readable_after_every_block(tmp_path):
    path = tmp_path / "s.wav"
    written = []
    with StreamingWavWriter(path, 16000, 2) as writer:
        for block in blocks(5, channels=2):
            writer.write(block)
            written.append(block)
            data, rate = soundfile.read(path, dtype="int16")  # while still open
            np.testing.assert_array_equal(data, np.concatenate(written))
            assert rate == 16000
    assert soundfile.info(path).frames == 800


def test_float_stream_keeps_float_samples(tmp_path):
    path = tmp_path / "f.wav"
    samples = np.linspace(-1, 1, 1000, dtype=np.float32)
    with StreamingWavWriter(path, 22050, 1, "FLOAT") as writer:
        writer.write(samples[:400])
        writer.write(samples[400:])
    data, rate = soundfile.read(path, dtype="float32")
    assert soundfile.info(path).subtype == "FLOAT" and rate == 22050
    np.testing.assert_array_equal(data, samples)


def test_repair_keeps_frames_written_after_the_last_size_patch(tmp_path):
    path = tmp_path / "crash.wav"
    first, second = blocks(2)
    writer = StreamingWavWriter(path, 16000, 1)
    writer.write(first)
    with open(path, "ab") as handle:  # a crash between appending data and patching sizes
        handle.write(second.tobytes() + b"\x01")  # and half a frame
    assert soundfile.info(path).frames == len(first)  # valid as it is, one block short
    assert repair_wav(path) == len(first) + len(second)
    np.testing.assert_array_equal(soundfile.read(path, dtype="int16")[0],
                                  np.concatenate([first, second])[:, 0])


def test_repair_refuses_a_file_that_is_not_a_wav(tmp_path):
    path = tmp_path / "x.wav"
    path.write_bytes(b"not a wav at all")
    with pytest.raises(MixScopeError, match="not a WAV"):
        repair_wav(path)


def test_store_offers_unfinished_recordings_and_forgets_discarded_or_empty(tmp_path):
    store = RecoveryStore(tmp_path)
    kept, lock = store.create({"prompt": "le ver vert", "sample_rate": 16000})
    with StreamingWavWriter(kept.wav_path, 16000, 1) as writer:
        writer.write(blocks(1)[0])
    assert store.unfinished() == []  # locked: still recording
    lock.release()
    empty, empty_lock = store.create({})
    StreamingWavWriter(empty.wav_path, 16000, 1).close()
    empty_lock.release()

    (offer,) = store.unfinished()
    assert offer.recording.prompt == "le ver vert" and offer.frames == 160
    assert not empty.wav_path.exists()  # nothing recorded: removed, not offered
    assert load_recording(offer).samples.shape == (160,)
    assert json.loads(kept.note_path.read_text())["state"] == "recording"
    store.discard(offer.recording)
    assert store.unfinished() == [] and not any(tmp_path.iterdir())


def test_recordings_folder_follows_xdg_data_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_recordings_folder() == tmp_path / "MixScope" / "recordings"
    assert RecoveryStore().folder == tmp_path / "MixScope" / "recordings"


DEVICE = InputDevice(3, "USB mic", "ALSA", 2, 48000)


def test_capture_rate_is_the_one_asked_when_supported():
    assert choose_capture_rate(DEVICE, 16000, 1, "int16", lambda *a: True) == 16000


def test_capture_rate_falls_back_to_the_native_rate():
    supported = lambda device, rate, channels, dtype: rate == 48000  # noqa: E731
    assert choose_capture_rate(DEVICE, 16000, 1, "int16", supported) == 48000


def test_unsupported_rate_and_channels_are_clear_errors():
    with pytest.raises(MixScopeError, match="USB mic supports neither 16000 Hz nor its native "
                                            "48000 Hz"):
        choose_capture_rate(DEVICE, 16000, 1, "int16", lambda *a: False)
    with pytest.raises(MixScopeError, match="USB mic has 2 input channel"):
        choose_capture_rate(DEVICE, 16000, 4, "int16", lambda *a: True)


def test_prompts_load_one_per_line_and_navigate(tmp_path):
    path = tmp_path / "prompts.txt"
    path.write_text("\ufeff# homophones\nIls mangent des pommes.\n\n  Le ver vert.  \n",
                    encoding="utf-8")
    assert load_prompts(path) == ["Ils mangent des pommes.", "Le ver vert."]
    prompts = PromptList.from_file(path)
    assert prompts.current == "Ils mangent des pommes." and prompts.position() == "1 / 2"
    assert prompts.next() == "Le ver vert." and prompts.next() == "Le ver vert."
    assert prompts.previous() == "Ils mangent des pommes."


def test_empty_or_missing_prompt_file_is_a_clear_error(tmp_path):
    with pytest.raises(MixScopeError, match="prompt file not found"):
        load_prompts(tmp_path / "none.txt")
    (tmp_path / "empty.txt").write_text("# nothing\n")
    with pytest.raises(MixScopeError, match="contains no prompts"):
        load_prompts(tmp_path / "empty.txt")


def test_prompt_words_share_the_recording_evenly():
    words = prompt_words("le ver vert", 3.0)
    assert [w.label for w in words] == ["le", "ver", "vert"]
    assert [(w.start, w.end) for w in words] == [(0.0, 1.0), (1.0, 2.0), (2.0, 3.0)]
    assert [w.label for w in prompt_words("« Le ver », dit-il !", 1.0)] == ["Le", "ver", "dit-il"]
    tier = prompt_grid("le ver vert", 3.0).word_tier()
    assert [i.label for i in tier.intervals] == ["le", "ver", "vert"]
    empty = prompt_grid("", 2.5).word_tier()
    assert [(i.start, i.end, i.label) for i in empty.intervals] == [(0.0, 2.5, "")]


@pytest.mark.parametrize("subtype", ["PCM_16", "FLOAT"])
def test_saved_take_has_the_format_asked(tmp_path, subtype):
    from analysis.audio import Audio, load_audio

    samples = (np.arange(-800, 800) / 1024).astype(np.float32)
    wav = save_recording_audio(wav_path_for(tmp_path / "take.TextGrid"),
                               Audio(samples, 16000), subtype)
    assert wav == tmp_path / "take.wav" and soundfile.info(wav).subtype == subtype
    np.testing.assert_array_equal(load_audio(wav).samples, samples)
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]
