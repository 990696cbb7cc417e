"""The fast scores equal the straightforward ones (tests/support/oracle.py) within 1e-5 in
float64, for every component, on tiny models with random biases and layer norms."""

import numpy as np
import pytest

from analysis.models.loading import load_model
from analysis.scoring import score
from analysis.words import Word
from tests.support.audio import speechlike
from tests.support.oracle import sharpen_attention, straightforward_scores

WORDS = [Word("ils", 0.12, 0.31), Word("mangent", 0.31, 0.74), Word("des", 0.80, 0.93),
         Word("pommes", 0.95, 1.38)]


def _load(folder):
    """float64, with attention made sharp and strong (see ``sharpen_attention``)."""
    return sharpen_attention(load_model(folder, device="cpu", dtype="float64"))


@pytest.fixture(scope="module")
def waveform():
    return speechlike(1.5, seed=3)


def _compare(result, expected):
    assert set(expected) == set(result.raw)
    for key, oracle in expected.items():
        fast = result.raw[key]
        assert fast.shape == oracle.shape, key
        assert np.abs(fast - oracle).max() < 1e-5, key
        # Whisper's encoder distances are small (words cover a few of 1500 frames), so also
        # demand float64-level relative agreement: a wrong bias or norm is far above it.
        scale = np.abs(oracle).max()
        assert scale > 1e-5, key
        assert np.abs(fast - oracle).max() <= 1e-7 * scale, key


@pytest.mark.parametrize("fixture", ["tiny_ctc_dir", "tiny_ctc_stable_dir"])
def test_ctc_encoder_scores_match_the_straightforward_oracle(fixture, request, waveform):
    loaded = _load(request.getfixturevalue(fixture))
    result = score(loaded, waveform, WORDS)
    expected = straightforward_scores(loaded, waveform, result.word_frames)
    _compare(result, expected)


def test_whisper_encoder_decoder_and_cross_scores_match_the_oracle(tiny_whisper_dir, waveform):
    loaded = _load(tiny_whisper_dir)
    result = score(loaded, waveform, WORDS, decoder_text="ils mangent des pommes")
    assert len(result.decoder_input_ids) > 6
    expected = straightforward_scores(loaded, waveform, result.word_frames,
                                      decoder_input_ids=result.decoder_input_ids,
                                      components=("encoder", "decoder", "cross"))
    _compare(result, expected)


def test_final_norm_rule_depends_on_the_layer_norm_placement(tiny_ctc_dir, tiny_ctc_stable_dir,
                                                             waveform):
    """Post-LN wav2vec2 compares the last layer's raw output; stable-LN after the final norm:
    the oracle with the other rule must disagree, so the rule is really exercised."""
    from tests.support import oracle

    for folder, has_norm in ((tiny_ctc_dir, False), (tiny_ctc_stable_dir, True)):
        loaded = _load(folder)
        assert (oracle._final_norm(loaded, "encoder") is not None) == has_norm
        result = score(loaded, waveform, WORDS, methods=["value_zeroing"])
        norm = loaded.model.base_model.encoder.layer_norm
        original = oracle._final_norm
        oracle._final_norm = (lambda *a: None) if has_norm else (lambda *a, norm=norm: norm)
        try:
            wrong = straightforward_scores(loaded, waveform, result.word_frames,
                                           methods=("value_zeroing",))
        finally:
            oracle._final_norm = original
        last = result.raw["encoder.value_zeroing"][-1]
        assert np.abs(wrong["encoder.value_zeroing"][-1] - last).max() > 1e-4  # 10x the tolerance
