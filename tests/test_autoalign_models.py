"""The aligners with tiny random-weight models: structure of the result, not accuracy."""

import numpy as np
import pytest

from analysis.autoalign import align_words
from analysis.autoalign.emissions import ctc_log_probs
from analysis.errors import MixScopeError
from analysis.models.loading import load_model

TEXT = "Ils mangent des pommes."


@pytest.fixture(scope="module")
def tiny_ctc(tiny_ctc_dir):
    return load_model(tiny_ctc_dir, device="cpu")


@pytest.fixture(scope="module")
def tiny_whisper(tiny_whisper_dir):
    return load_model(tiny_whisper_dir, device="cpu")


def assert_well_formed(result, labels, duration):
    assert [w.label for w in result.words] == labels
    assert result.unaligned == []
    assert result.duration == pytest.approx(duration)
    bounds = [(w.start, w.end) for w in result.words]
    assert all(0 <= s < e <= duration for s, e in bounds)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(bounds, bounds[1:], strict=False))
    assert all(0 <= w.confidence <= 1 for w in result.words)


@pytest.mark.parametrize("aligner", ["tiny_ctc", "tiny_whisper"])
def test_each_word_gets_one_ordered_interval_inside_the_audio(aligner, request, french_words):
    loaded = request.getfixturevalue(aligner)
    result = align_words(loaded, french_words.waveform, TEXT)
    duration = len(french_words.waveform) / 16000
    assert_well_formed(result, ["Ils", "mangent", "des", "pommes"], duration)
    assert result.aligner == ("ctc" if aligner == "tiny_ctc" else "whisper")


def test_ctc_windows_stitch_to_the_full_frame_count(tiny_ctc, french_words):
    whole = ctc_log_probs(tiny_ctc, french_words.waveform, window=60.0)
    windowed = ctc_log_probs(tiny_ctc, french_words.waveform, window=0.4, context=0.2)
    assert windowed.shape == whole.shape
    assert np.allclose(np.exp(windowed).sum(axis=1), 1, atol=1e-4)


def test_long_audio_is_aligned_by_windows_with_progress(tiny_ctc):
    rng = np.random.default_rng(0)
    waveform = (0.1 * rng.standard_normal(16000 * 3)).astype(np.float32)
    calls = []
    result = align_words(tiny_ctc, waveform, "un deux trois quatre cinq six", window=1.0,
                         progress=lambda done, total, phrase: calls.append((done, total)))
    assert_well_formed(result, "un deux trois quatre cinq six".split(), 3.0)
    assert calls[-1] == (3, 3)


def test_too_short_audio_for_the_text_is_a_clear_error(tiny_ctc):
    with pytest.raises(MixScopeError, match="too short for the text"):
        align_words(tiny_ctc, np.zeros(1600, np.float32), "anticonstitutionnellement")


def test_unspellable_word_is_reported_and_left_out_of_the_tier(tiny_ctc, french_words):
    result = align_words(tiny_ctc, french_words.waveform, "ils 42 des pommes")
    assert [w.label for w in result.words] == ["ils", "des", "pommes"]
    assert [u.label for u in result.unaligned] == ["42"]
    assert "'4'" in result.notes[0]


def test_whisper_without_alignment_heads_says_so(tiny_whisper, french_words, monkeypatch):
    monkeypatch.delattr(tiny_whisper.model.generation_config, "alignment_heads")
    with pytest.raises(MixScopeError, match="no alignment_heads"):
        align_words(tiny_whisper, french_words.waveform, TEXT)


def test_whisper_refuses_more_than_30_seconds(tiny_whisper):
    with pytest.raises(MixScopeError, match="at most 30 s"):
        align_words(tiny_whisper, np.zeros(16000 * 31, np.float32), TEXT)
