"""Gradient x input equals a straightforward float64 implementation (a fresh forward and
backward pass per row, the model's own API), 1e-5; no other method needs gradients."""

import math

import numpy as np
import pytest
import torch

from analysis.scoring import score
from tests.test_scoring_exactness import WORDS, _load


@pytest.fixture(scope="module")
def waveform():
    from tests.support.audio import speechlike

    return speechlike(1.5, seed=3)


def _oracle(loaded, waveform, frames, decoder_input_ids, output_ids):
    whisper = loaded.kind == "whisper"
    hop = 160 if whisper else 1
    rows = len(output_ids) if whisper else len(frames)
    scores = np.zeros((rows, len(WORDS)))
    for row in range(rows):
        if whisper:
            from analysis.models.transcription import whisper_features

            x = whisper_features(loaded, waveform).clone().requires_grad_(True)
            logits = loaded.model(input_features=x, decoder_input_ids=torch.tensor(
                [decoder_input_ids]), use_cache=False).logits[0]
            objective = torch.log_softmax(logits.double(), -1)[row, output_ids[row]]
        else:
            values = loaded.feature_extractor(waveform, sampling_rate=16000,
                                              return_tensors="pt").input_values
            x = values.to(loaded.dtype).clone().requires_grad_(True)
            log_probs = torch.log_softmax(loaded.model(x).logits[0].double(), -1)
            labels = log_probs.argmax(-1)
            a, b = frames[row]
            objective = torch.stack([log_probs[n, labels[n]] for n in range(a, b + 1)]).mean()
        objective.backward()
        product = (x.grad * x).detach()[0].double().numpy()
        for j, word in enumerate(WORDS):
            first, stop = math.ceil(16000 * word.start), math.ceil(16000 * word.end)
            covered = [k for k in range(product.shape[-1])
                       if k * hop < stop and (k + 1) * hop > first]
            scores[row, j] = np.sqrt((product[..., covered] ** 2).sum())
    return scores[None]


@pytest.mark.parametrize("fixture", ["tiny_ctc_dir", "tiny_whisper_dir"])
def test_grad_input_matches_one_plain_backward_pass_per_row(fixture, request, waveform):
    loaded = _load(request.getfixturevalue(fixture))
    whisper = fixture == "tiny_whisper_dir"
    result = score(loaded, waveform, WORDS, methods=["grad_input"],
                   decoder_text="ils mangent des pommes" if whisper else None)
    key = "cross.grad_input" if whisper else "encoder.grad_input"
    assert list(result.raw) == [key]
    expected = _oracle(loaded, waveform, result.word_frames, result.decoder_input_ids,
                       result.decoder_output_ids)
    scale = np.abs(expected).max()  # waveform-sample gradients of a tiny model are small
    assert scale > 1e-8
    assert np.abs(result.raw[key] - expected).max() < 1e-5
    assert np.abs(result.raw[key] - expected).max() <= 1e-7 * scale


def test_other_methods_run_without_gradients(tiny_ctc_dir, waveform, monkeypatch):
    from analysis.methods import REGISTRY, Method

    seen = []

    def probe(view):
        seen.append(torch.is_grad_enabled() or view.probs.requires_grad)
        return np.zeros((len(view.row_groups), len(view.col_groups)))

    monkeypatch.setitem(REGISTRY, "probe", Method("probe", "Probe", probe))
    loaded = _load(tiny_ctc_dir)
    score(loaded, waveform, WORDS, methods=["probe", "grad_input"])
    assert seen and not any(seen)


def _layers(loaded):
    from analysis.models.architecture import decoder_stack, encoder_stack

    stacks = [encoder_stack(loaded)] + ([decoder_stack(loaded)] if loaded.is_whisper else [])
    return [layer for stack in stacks for layer in stack.layers]


@pytest.mark.parametrize("fixture", ["tiny_ctc_dir", "tiny_whisper_dir"])
def test_checkpointed_layers_give_the_same_scores_and_restore_the_forwards(
        fixture, request, waveform, monkeypatch):
    import torch.utils.checkpoint

    from analysis.methods import layer_checkpointing

    loaded = _load(request.getfixturevalue(fixture))
    text = "ils mangent des pommes" if loaded.is_whisper else None
    monkeypatch.setattr(layer_checkpointing, "GRAPH_BUDGET_BYTES", 2**62)
    plain = score(loaded, waveform, WORDS, methods=["grad_input"], decoder_text=text)
    calls = []
    real = torch.utils.checkpoint.checkpoint
    monkeypatch.setattr(torch.utils.checkpoint, "checkpoint",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(layer_checkpointing, "GRAPH_BUDGET_BYTES", 0)
    checkpointed = score(loaded, waveform, WORDS, methods=["grad_input"], decoder_text=text)
    assert len(calls) >= len(_layers(loaded))  # the checkpointed path did run
    (key,) = plain.raw
    scale = np.abs(plain.raw[key]).max()
    assert scale > 0
    assert np.abs(checkpointed.raw[key] - plain.raw[key]).max() <= 1e-12 * scale
    assert all("forward" not in vars(layer) for layer in _layers(loaded))


def test_checkpointed_layers_restore_the_forwards_after_an_error(tiny_whisper_dir):
    from analysis.methods.layer_checkpointing import checkpointed_layers

    layers = _layers(_load(tiny_whisper_dir))
    with pytest.raises(RuntimeError, match="cancelled"):
        with checkpointed_layers(layers):
            assert all("forward" in vars(layer) for layer in layers)
            raise RuntimeError("cancelled")
    assert all("forward" not in vars(layer) for layer in layers)
