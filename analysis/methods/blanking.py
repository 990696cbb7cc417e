"""Word blank-out (METHODS.md, "Word occlusion"): the waveform with one word's samples set
to zero, and forward passes over the original and every blanked copy, batched."""

from __future__ import annotations

import math
from contextlib import contextmanager

import numpy as np

BATCH = 4  # waveforms per forward pass


def blanked(waveform: np.ndarray, word) -> np.ndarray:
    """Samples k with start <= k/16000 < end set to zero."""
    copy = np.array(waveform, dtype=np.float32, copy=True)
    copy[math.ceil(16000 * word.start):math.ceil(16000 * word.end)] = 0.0
    return copy


def variants(waveform, words) -> list[np.ndarray]:
    """The original waveform, then one copy per word with that word blanked."""
    return [np.asarray(waveform, dtype=np.float32)] + [blanked(waveform, w) for w in words]


def batches(items, size: int = BATCH):
    for start in range(0, len(items), size):
        yield start, items[start:start + size]


def model_inputs(loaded, waveforms):
    """Whisper log-mel features or wav2vec2 input values, [batch, ...] on the model's device."""
    import torch

    if loaded.is_whisper:
        from analysis.models.transcription import whisper_features

        return torch.cat([whisper_features(loaded, w) for w in waveforms])
    values = loaded.feature_extractor(list(waveforms), sampling_rate=16000,
                                      return_tensors="pt").input_values
    return values.to(loaded.device, loaded.dtype)


@contextmanager
def lean_attention(loaded):
    """PyTorch's fused attention (no probabilities kept, memory-efficient backward) while
    these passes run: they never read attention probabilities. The caller holds the model's
    lock, so the switch is seen by no other pass."""
    config = loaded.model.config
    previous = config._attn_implementation
    config._attn_implementation = "sdpa"
    try:
        yield
    finally:
        config._attn_implementation = previous


def output_log_probs(loaded, inputs, tokens):
    """[batch, rows] log-probabilities of the scored labels: Whisper, the output tokens g
    teacher-forced; CTC, the log-softmax over the vocabulary per frame ([batch, T, V])."""
    import torch

    model = loaded.model
    if loaded.is_whisper:
        ids = torch.tensor([tokens.input_ids] * len(inputs), device=loaded.device)
        logits = model(input_features=inputs, decoder_input_ids=ids, use_cache=False).logits
        wanted = torch.tensor(tokens.output_ids, device=loaded.device)
        log_probs = torch.log_softmax(logits.to(torch.float64), dim=-1)
        return log_probs.gather(-1, wanted.expand(len(inputs), -1).unsqueeze(-1))[..., 0]
    return torch.log_softmax(model(inputs).logits.to(torch.float64), dim=-1)


def frame_means(values, groups):
    """[..., len(groups)] means of ``values`` [..., frames] over each (first, last) group."""
    return np.stack([values[..., a:b + 1].mean(axis=-1) for a, b in groups], axis=-1)
