"""The harness itself: tiny models load offline, the virtual microphone is sample-exact,
the network is closed, and the Qt leak guard notices leaks."""

import socket
from itertools import pairwise

import numpy as np
import pytest

from analysis.errors import MixScopeError
from analysis.models.loading import load_model


def test_tiny_whisper_loads_through_the_project_loader(tiny_whisper_dir):
    loaded = load_model(tiny_whisper_dir, device="cpu")
    assert loaded.kind == "whisper"
    assert loaded.model.config._attn_implementation == "eager"
    assert loaded.tokenizer.convert_tokens_to_ids("<|fr|>") in loaded.model.generation_config.lang_to_id.values()
    features = loaded.feature_extractor(np.zeros(16000, np.float32), sampling_rate=16000)
    assert np.asarray(features["input_features"]).shape == (1, 80, 3000)


@pytest.mark.parametrize("fixture", ["tiny_ctc_dir", "tiny_ctc_stable_dir"])
def test_tiny_ctc_models_load_through_the_project_loader(fixture, request):
    loaded = load_model(request.getfixturevalue(fixture), device="cpu")
    assert loaded.kind == "ctc"
    assert loaded.tokenizer.convert_tokens_to_ids("é") != loaded.tokenizer.unk_token_id


def test_unknown_model_id_offline_is_one_clear_error():
    with pytest.raises(MixScopeError, match="cannot load model 'nobody/no-such-model'"):
        load_model("nobody/no-such-model")


def test_network_is_closed_in_tests():
    with pytest.raises(RuntimeError, match="tried to reach the network"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_virtual_microphone_records_the_fed_samples_exactly(virtual_microphone):
    import sounddevice

    fed = (np.arange(24000) % 4000 - 2000).astype(np.int16)
    virtual_microphone.feed(fed)
    recorded = sounddevice.rec(16000, samplerate=16000, channels=1, dtype="int16",
                               blocking=True)[:, 0]
    np.testing.assert_array_equal(recorded, fed[:16000])


def test_french_words_have_exact_boundaries(french_words):
    audio, rate = french_words.waveform, french_words.sample_rate
    for _, start, end in french_words.words:
        inside = audio[int(start * rate): int(end * rate)]
        assert np.abs(inside).max() > 0.01
    gaps = [(a[2], b[1]) for a, b in pairwise(french_words.words)]
    for gap_start, gap_end in gaps:
        assert np.abs(audio[int(np.ceil(gap_start * rate)): int(gap_end * rate)]).max() == 0


def test_leak_guard_reports_running_thread_and_open_window(qtbot):
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QWidget

    from tests.support import qt_guard

    before = qt_guard.visible_windows()
    thread = QThread()
    thread.start()  # runs an event loop until quit()
    window = QWidget()
    window.show()
    try:
        problems = qt_guard.find_leaks(before, grace_ms=50)
    finally:
        thread.quit()
        thread.wait()
        window.close()
    assert any("QThread" in p for p in problems)
    assert any("QWidget" in p for p in problems)
