"""Word occlusion and occlusion_states equal a straightforward float64 implementation (one
unbatched forward pass per blanked word, the model's own API), 1e-5."""

import math

import numpy as np
import pytest
import torch

from analysis.cancel import Cancelled, CancelToken
from analysis.scoring import score
from tests.support.oracle import _final_norm, _first, _layers
from tests.test_scoring_exactness import WORDS, _load

TEXT = "ils mangent des pommes"


@pytest.fixture(scope="module")
def waveform():
    from tests.support.audio import speechlike

    return speechlike(1.5, seed=3)


def _blank(waveform, word):
    copy = waveform.astype(np.float32).copy()
    for k in range(len(copy)):
        if word.start <= k / 16000 < word.end:
            copy[k] = 0.0
    return copy


def _run(loaded, waveform, decoder_input_ids):
    """(log-probabilities [rows, vocab], layer outputs [layers][frames, d])."""
    outputs = []
    handles = [layer.register_forward_hook(lambda m, a, o: outputs.append(_first(o)[0]))
               for layer in _layers(loaded, "encoder")]
    try:
        with torch.no_grad():
            if loaded.kind == "whisper":
                from analysis.models.transcription import whisper_features

                logits = loaded.model(input_features=whisper_features(loaded, waveform),
                                      decoder_input_ids=torch.tensor([decoder_input_ids]),
                                      use_cache=False).logits[0]
            else:
                values = loaded.feature_extractor(waveform, sampling_rate=16000,
                                                  return_tensors="pt").input_values
                logits = loaded.model(values.to(loaded.dtype)).logits[0]
    finally:
        for handle in handles:
            handle.remove()
    norm = _final_norm(loaded, "encoder")
    if norm is not None:
        with torch.no_grad():
            outputs[-1] = norm(outputs[-1])
    return torch.log_softmax(logits.double(), -1).numpy(), [o.double().numpy() for o in outputs]


def _oracle(loaded, waveform, frames, decoder_input_ids=None, output_ids=None):
    base_lp, base_states = _run(loaded, waveform, decoder_input_ids)
    labels = output_ids if loaded.kind == "whisper" else base_lp.argmax(-1)
    n = len(WORDS)
    rows = len(labels) if loaded.kind == "whisper" else n
    occlusion = np.zeros((rows, n))
    states = np.zeros((len(base_states), n, n))
    for j, word in enumerate(WORDS):
        lp, layer_states = _run(loaded, _blank(waveform, word), decoder_input_ids)
        drop = np.array([base_lp[r, labels[r]] - lp[r, labels[r]] for r in range(len(labels))])
        for i, (a, b) in enumerate(frames):
            if loaded.kind != "whisper":
                occlusion[i, j] = drop[a:b + 1].mean()
            for layer, (x, y) in enumerate(zip(base_states, layer_states, strict=True)):
                cos = [x[f] @ y[f] / (np.linalg.norm(x[f]) * np.linalg.norm(y[f]))
                       for f in range(a, b + 1)]
                states[layer, i, j] = np.mean(1.0 - np.array(cos))
        if loaded.kind == "whisper":
            occlusion[:, j] = drop
    component = "cross" if loaded.kind == "whisper" else "encoder"
    return {f"{component}.occlusion": occlusion[None], "encoder.occlusion_states": states}


@pytest.mark.parametrize("fixture", ["tiny_ctc_dir", "tiny_ctc_stable_dir", "tiny_whisper_dir"])
def test_occlusion_matches_one_plain_forward_pass_per_blanked_word(fixture, request, waveform):
    loaded = _load(request.getfixturevalue(fixture))
    whisper = fixture == "tiny_whisper_dir"
    result = score(loaded, waveform, WORDS, methods=["occlusion", "occlusion_states"],
                   decoder_text=TEXT if whisper else None)
    expected = _oracle(loaded, waveform, result.word_frames, result.decoder_input_ids,
                       result.decoder_output_ids)
    assert set(expected) <= set(result.raw)
    for key, oracle in expected.items():
        assert result.raw[key].shape == oracle.shape, key
        assert np.abs(oracle).max() > 1e-6, key
        assert np.abs(result.raw[key] - oracle).max() < 1e-5, key
    signed = result.raw[next(k for k in expected if k.endswith(".occlusion"))]
    normalised = result.scores[next(k for k in expected if k.endswith(".occlusion"))]
    assert np.all(normalised >= 0) and np.allclose(
        normalised[signed.clip(0).sum(-1) > 0].sum(-1), 1.0)


def test_blanking_zeroes_exactly_the_samples_inside_the_word():
    from analysis.methods.blanking import blanked
    from analysis.words import Word

    word = Word("x", 0.10003, 0.2)
    result = blanked(np.ones(8000, np.float32), word)
    zero = np.flatnonzero(result == 0)
    assert zero[0] == math.ceil(16000 * word.start) and zero[-1] == math.ceil(16000 * 0.2) - 1


def test_occlusion_honours_cancellation(tiny_ctc_dir, waveform):
    loaded = _load(tiny_ctc_dir)
    token = CancelToken()
    seen = []

    def progress(done, total, phrase):
        seen.append(phrase)
        if "occlusion" in phrase:
            token.cancel()

    with pytest.raises(Cancelled):
        score(loaded, waveform, WORDS, methods=["occlusion"], progress=progress, cancel=token)
    assert sum("occlusion" in p for p in seen) == 1
