"""Gradient x input over words (METHODS.md): the gradient of the log-probability occlusion
compares, with respect to the input features (Whisper: log-mel frames; wav2vec2: waveform
samples after the feature extractor), times the input, L2 norm over the features of each
word's time span. One "layer", the output: Whisper output tokens x words (cross), CTC words x
words (encoder, the row of word i being the mean log p(a_n) over its frames). One forward
pass, then one backward pass per row. Where the encoder's autograd graph would be large
(whisper-small and up), every layer is checkpointed (``layer_checkpointing``): the same
numbers, far less memory, one more forward pass of the layers per row.

Word j's span is the samples [ceil(16000 start), ceil(16000 end)); feature frame k covers
samples [k * hop, (k + 1) * hop) (hop 160 for Whisper, 1 for waveform samples), and the
frames overlapping the span are word j's.
"""

from __future__ import annotations

import math
from contextlib import ExitStack, contextmanager

import numpy as np

from analysis.methods import layer_checkpointing
from analysis.methods.base import Method, UtteranceInputs
from analysis.methods.blanking import lean_attention, model_inputs, output_log_probs
from analysis.methods.components import score_key
from analysis.methods.occlusion import OUTPUT_COMPONENTS


def feature_spans(words, hop: int) -> list[tuple[int, int]]:
    """Per word, the feature frames [first, stop) overlapping its samples."""
    spans = []
    for word in words:
        first, stop = math.ceil(16000 * word.start), math.ceil(16000 * word.end)
        spans.append((first // hop, max(first // hop + 1, -(-stop // hop))))
    return spans


def run_grad_input(inputs: UtteranceInputs) -> dict:
    import torch

    loaded = inputs.loaded
    hop = int(loaded.feature_extractor.hop_length) if loaded.is_whisper else 1
    spans = feature_spans(inputs.words, hop)
    with lean_attention(loaded), _parameters_without_gradient(loaded.model), \
            _checkpointed_if_large(loaded, len(inputs.waveform)):
        features = model_inputs(loaded, [inputs.waveform]).detach().requires_grad_(True)
        log_probs = output_log_probs(loaded, features, inputs.tokens)[0]
        if loaded.is_whisper:
            objectives = list(log_probs)  # one per output token
        else:
            labels = log_probs.argmax(-1)
            per_frame = log_probs.gather(-1, labels.unsqueeze(-1))[..., 0]
            objectives = [per_frame[a:b + 1].mean() for a, b in inputs.frames]
        scores = np.zeros((len(objectives), len(spans)))
        for row, objective in enumerate(objectives):
            inputs.check_cancel()
            (gradient,) = torch.autograd.grad(objective, features,
                                              retain_graph=row < len(objectives) - 1)
            product = (gradient * features).detach()[0].to(torch.float64)  # [(mel,) time]
            for j, (first, stop) in enumerate(spans):
                scores[row, j] = float(torch.linalg.vector_norm(product[..., first:stop]))
            inputs.report(row + 1, len(objectives), "gradient x input: rows")
    component = "cross" if loaded.is_whisper else "encoder"
    return {score_key(component, "grad_input"): scores[None]}


@contextmanager
def _checkpointed_if_large(loaded, num_samples: int):
    """Every layer checkpointed while the passes run when the encoder's estimated graph
    exceeds ``layer_checkpointing.GRAPH_BUDGET_BYTES``; else nothing changes."""
    import torch

    from analysis.models.architecture import decoder_stack, encoder_num_frames, encoder_stack

    encoder = encoder_stack(loaded)
    frames = encoder_num_frames(loaded, num_samples)
    size = torch.empty((), dtype=loaded.dtype).element_size()
    with ExitStack() as stack:
        if (layer_checkpointing.attention_graph_bytes(encoder, frames, size)
                > layer_checkpointing.GRAPH_BUDGET_BYTES):
            stacks = [encoder, decoder_stack(loaded)] if loaded.is_whisper else [encoder]
            layers = [layer for each in stacks for layer in each.layers]
            stack.enter_context(layer_checkpointing.checkpointed_layers(layers))
        yield


@contextmanager
def _parameters_without_gradient(model):
    """Only the input's gradient is wanted: with the weights frozen, autograd keeps no
    activation that only a weight's gradient would read (less memory). The caller holds
    the model's lock; the flags are restored."""
    flags = [(parameter, parameter.requires_grad) for parameter in model.parameters()]
    for parameter, _ in flags:
        parameter.requires_grad_(False)
    try:
        yield
    finally:
        for parameter, flag in flags:
            parameter.requires_grad_(flag)


METHOD = Method("grad_input", "Gradient × input (output)", run=run_grad_input,
                components=OUTPUT_COMPONENTS, per_layer=False,
                needs_grad=True, cost="one forward pass + one backward pass per row")
