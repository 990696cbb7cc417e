"""Row-block attention: transformers' eager arithmetic, in blocks of query rows, keeping only
the probabilities a score reads; scoring uses it and restores eager attention afterwards."""

import numpy as np
import pytest
import torch
from transformers.models.whisper.modeling_whisper import eager_attention_forward

from analysis.models import row_attention
from analysis.models.architecture import encoder_stack
from analysis.models.loading import load_model
from analysis.scoring import score
from analysis.words import Word
from tests.support.audio import speechlike


class _Module(torch.nn.Module):
    pass


def _inputs(queries=37, keys=37, heads=3, dim=8, causal=False):
    generator = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(1, heads, n, dim, generator=generator, dtype=torch.float64)
               for n in (queries, keys, keys))
    mask = None
    if causal:
        mask = torch.full((queries, keys), torch.finfo(torch.float64).min, dtype=torch.float64)
        mask = torch.triu(mask, diagonal=1)[None, None]
    return q, k, v, mask


@pytest.mark.parametrize("causal", [False, True])
def test_blocks_give_eager_outputs_and_the_kept_probability_rows(monkeypatch, causal):
    monkeypatch.setattr(row_attention, "BLOCK_ELEMENTS", 3 * 37 * 5)  # blocks of 5 rows
    q, k, v, mask = _inputs(causal=causal)
    module = _Module().eval()
    expected_out, expected_probs = eager_attention_forward(module, q, k, v, mask, scaling=0.3)
    out, probs = row_attention.row_block_attention(module, q, k, v, mask, scaling=0.3)
    torch.testing.assert_close(out, expected_out, rtol=0, atol=1e-12)
    torch.testing.assert_close(probs, expected_probs, rtol=0, atol=1e-12)

    rows = [0, 4, 5, 6, 19, 36]
    module._mixscope_keep_rows = rows
    out, probs = row_attention.row_block_attention(module, q, k, v, mask, scaling=0.3)
    torch.testing.assert_close(out, expected_out, rtol=0, atol=1e-12)
    assert probs.shape == (1, 3, len(rows), 37)
    torch.testing.assert_close(probs, expected_probs[:, :, rows], rtol=0, atol=1e-12)


def test_a_kept_row_outside_the_queries_is_refused():
    q, k, v, _ = _inputs()
    module = _Module().eval()
    module._mixscope_keep_rows = [3, 37]
    with pytest.raises(ValueError, match="row 37"):
        row_attention.row_block_attention(module, q, k, v, None)


def test_scoring_keeps_encoder_probabilities_only_at_word_frames_and_restores_eager(
        tiny_whisper_dir):
    loaded = load_model(tiny_whisper_dir, device="cpu")
    words = [Word("ils", 0.1, 0.4), Word("mangent", 0.4, 0.9)]
    shapes = []
    attention = encoder_stack(loaded).self_attention(encoder_stack(loaded).layers[0])
    handle = attention.register_forward_hook(lambda m, a, out: shapes.append(out[1].shape))
    try:
        result = score(loaded, speechlike(1.0), words, components=["encoder"])
    finally:
        handle.remove()
    first, last = result.word_frames[0][0], result.word_frames[-1][1]
    heads = loaded.config.encoder_attention_heads
    assert shapes == [(1, heads, last - first + 1, 1500)]
    assert loaded.model.config._attn_implementation == "eager"
    assert not hasattr(attention, "_mixscope_keep_rows")
    features = torch.zeros(1, loaded.config.num_mel_bins, 3000)
    with torch.inference_mode():
        full = loaded.model.model.encoder(features, output_attentions=True)
    assert full.attentions[0].shape == (1, heads, 1500, 1500)
    assert np.isfinite(result.raw["encoder.value_zeroing"]).all()
