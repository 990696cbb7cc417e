import numpy as np
import pytest
import soundfile

from analysis.audio import MODEL_RATE, load_audio, load_for_model, save_audio
from analysis.errors import MixScopeError
from tests.support.audio import tone


def test_stereo_44k_file_becomes_mono_16k_for_models_and_stays_untouched(tmp_path):
    path = tmp_path / "stereo.wav"
    left = tone(1.0, 440, sample_rate=44100)
    soundfile.write(path, np.stack([left, left], axis=1), 44100, subtype="FLOAT")
    before = path.read_bytes()
    audio = load_audio(path)
    assert audio.channels == 2 and audio.sample_rate == 44100
    model_input = load_for_model(path)
    assert model_input.ndim == 1 and model_input.dtype == np.float32
    assert abs(len(model_input) - MODEL_RATE) <= 1
    assert path.read_bytes() == before


def test_corrupt_audio_is_a_clear_error_naming_the_file(tmp_path):
    path = tmp_path / "broken.wav"
    path.write_bytes(b"RIFF\x00\x00garbage")
    with pytest.raises(MixScopeError, match="broken.wav"):
        load_audio(path)


def test_missing_audio_file_is_a_clear_error(tmp_path):
    with pytest.raises(MixScopeError, match="not found"):
        load_audio(tmp_path / "nope.wav")


def test_save_pcm16_round_trips_within_quantisation(tmp_path):
    samples = tone(0.5)
    save_audio(tmp_path / "x.wav", samples, 16000)
    back = load_audio(tmp_path / "x.wav")
    assert soundfile.info(tmp_path / "x.wav").subtype == "PCM_16"
    np.testing.assert_allclose(back.samples, samples, atol=1 / 32768)
