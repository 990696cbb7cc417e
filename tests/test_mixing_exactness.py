"""Attention-norm, ALTI and rollout equal straightforward float64 implementations kept in
tests (1e-5; rollout 1e-12), and ALTI's decomposed terms add up to the real block output."""

import numpy as np
import pytest

from analysis.methods import REGISTRY, Method
from analysis.methods.rollout import rollout
from analysis.scoring import score
from tests.support.mixing_oracle import mixing_scores
from tests.test_scoring_exactness import WORDS, _load

METHODS = ["attention_norm", "alti"]


@pytest.fixture(scope="module")
def waveform():
    from tests.support.audio import speechlike

    return speechlike(1.5, seed=3)


def _compare(result, expected):
    for key, oracle in expected.items():
        fast = result.raw[key]
        assert fast.shape == oracle.shape, key
        scale = np.abs(oracle).max()  # cross ALTI spreads over 1500 frames: small values
        assert scale > 1e-5, key
        assert np.abs(fast - oracle).max() < 1e-5, key
        assert np.abs(fast - oracle).max() <= 1e-7 * scale, key


@pytest.mark.parametrize("fixture", ["tiny_ctc_dir", "tiny_ctc_stable_dir"])
def test_ctc_attention_norm_and_alti_match_the_straightforward_oracle(fixture, request,
                                                                      waveform):
    loaded = _load(request.getfixturevalue(fixture))
    result = score(loaded, waveform, WORDS, methods=METHODS)
    _compare(result, mixing_scores(loaded, waveform, result.word_frames))


def test_whisper_attention_norm_and_alti_match_the_oracle_on_every_component(
        tiny_whisper_dir, waveform):
    loaded = _load(tiny_whisper_dir)
    result = score(loaded, waveform, WORDS, methods=METHODS,
                   decoder_text="ils mangent des pommes")
    expected = mixing_scores(loaded, waveform, result.word_frames, result.decoder_input_ids,
                             components=("encoder", "decoder", "cross"))
    assert set(expected) == {k for k in result.raw if k.split(".")[1] in METHODS}
    _compare(result, expected)


def _toolkit_rollout(matrices):
    """The reference toolkit's formula, written out: residual added, rows renormalised, then
    each layer's matrix times the rollout of the layers below."""
    layers, n, _ = matrices.shape
    joint = np.zeros_like(matrices)
    for layer in range(layers):
        mixed = matrices[layer] + np.identity(n)
        mixed = mixed / mixed.sum(axis=-1)[..., None]
        joint[layer] = mixed if layer == 0 else mixed.dot(joint[layer - 1])
    return joint


def test_rollout_equals_the_toolkit_formula():
    rng = np.random.default_rng(4)
    scores = rng.uniform(size=(6, 9, 9))
    scores /= scores.sum(-1, keepdims=True)
    assert np.abs(rollout(scores) - _toolkit_rollout(scores)).max() < 1e-12


def test_scoring_stores_the_rollout_of_each_square_score(tiny_ctc_dir, waveform):
    loaded = _load(tiny_ctc_dir)
    result = score(loaded, waveform, WORDS, methods=["alti"])
    expected = _toolkit_rollout(result.get("encoder", "alti"))
    assert np.abs(result.get("encoder", "alti.rollout") - expected).max() < 1e-12
    assert "encoder.alti.rollout" not in result.raw


@pytest.mark.parametrize("fixture", ["tiny_ctc_dir", "tiny_ctc_stable_dir", "tiny_whisper_dir"])
def test_alti_terms_add_up_to_the_real_attention_block_output(fixture, request, waveform,
                                                              monkeypatch):
    """Post-LN (wav2vec2 base), pre-LN (XLSR-like, Whisper) and Whisper's cross-attention:
    sum of the terms (+ residual) + bias == the block output computed by the model's own
    modules, in float64."""
    import torch

    from analysis.methods.alti import decomposition
    from analysis.methods.base import union_positions

    gaps = []

    def probe(view):
        rows = union_positions(view.row_groups)
        terms, residual, bias, _ = decomposition(view, rows)
        index = torch.tensor(rows)
        block = (view.residual.index_select(0, index)
                 + view.out_proj(view.attn_output.index_select(0, index)))
        if view.post_norm is not None:
            block = view.post_norm(block)
        total = terms.sum(1) + bias + (residual if residual is not None else 0)
        gaps.append((view.component, float((total - block).abs().max())))
        return np.zeros((len(view.row_groups), len(view.col_groups)))

    monkeypatch.setitem(REGISTRY, "probe", Method("probe", "Probe", probe, needs_values=True))
    loaded = _load(request.getfixturevalue(fixture))
    text = "ils mangent des pommes" if fixture == "tiny_whisper_dir" else None
    score(loaded, waveform, WORDS, methods=["probe"], decoder_text=text)
    components = {"encoder", "decoder", "cross"} if text else {"encoder"}
    assert {c for c, _ in gaps} == components
    assert max(gap for _, gap in gaps) < 1e-5
