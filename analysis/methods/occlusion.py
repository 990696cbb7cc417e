"""Word occlusion (the model's own verdict) and its layer-wise counterpart, occlusion_states
(METHODS.md). N + 1 forward passes (N words), batched; no gradients.

- ``occlusion``, Whisper (cross, one "layer"): S[r, j] = log p(g_r | original) -
  log p(g_r | word j blanked), teacher-forced. CTC (encoder, one "layer"): S[i, j] = mean over
  the frames n of word i of log p(a_n | original) - log p(a_n | word j blanked), a_n the
  original argmax label.
- ``occlusion_states`` (encoder, per layer): S_l[i, j] = mean over the frames of word i of the
  cosine distance between layer l's output with and without word j (after the final norm on
  the last layer where the stack applies one, as for Value Zeroing).
Raw values can be negative; the normalised matrix is that of the clipped-at-zero values.
"""

from __future__ import annotations

import numpy as np

from analysis.methods.base import Method, UtteranceInputs
from analysis.methods.blanking import (
    batches,
    frame_means,
    lean_attention,
    model_inputs,
    output_log_probs,
    variants,
)
from analysis.methods.components import score_key


def occlusion_log_probs(inputs: UtteranceInputs, waveforms) -> np.ndarray:
    """[len(waveforms), rows]: per waveform, the log-probabilities occlusion compares
    (Whisper: of each output token; CTC: of the original argmax label at each frame)."""
    import torch

    loaded, results, labels = inputs.loaded, [], None
    with lean_attention(loaded):
        for start, chunk in batches(waveforms):
            inputs.check_cancel()
            log_probs = output_log_probs(loaded, model_inputs(loaded, chunk), inputs.tokens)
            if not loaded.is_whisper:
                if labels is None:  # the first waveform is the original
                    labels = log_probs[0].argmax(-1)
                index = labels.expand(len(chunk), -1).unsqueeze(-1)
                log_probs = log_probs.gather(-1, index)[..., 0]
            results.append(log_probs.to(torch.float64).cpu().numpy())
            inputs.report(start + len(chunk), len(waveforms), "occlusion: blanked words")
    return np.concatenate(results)


def run_occlusion(inputs: UtteranceInputs) -> dict:
    log_probs = occlusion_log_probs(inputs, variants(inputs.waveform, inputs.words))
    drops = log_probs[:1] - log_probs[1:]  # [words, rows]
    if inputs.loaded.is_whisper:
        return {score_key("cross", "occlusion"): drops.T[None]}
    return {score_key("encoder", "occlusion"): frame_means(drops, inputs.frames).T[None]}


def run_occlusion_states(inputs: UtteranceInputs) -> dict:
    import torch

    from analysis.models.architecture import encoder_stack

    loaded = inputs.loaded
    stack = encoder_stack(loaded)
    positions = sorted({p for a, b in inputs.frames for p in range(a, b + 1)})
    index = torch.tensor(positions, device=loaded.device)
    outputs: list = []
    handles = [layer.register_forward_hook(
        lambda m, a, o: outputs.append((o[0] if isinstance(o, tuple) else o).index_select(1, index)))
        for layer in stack.layers]
    waveforms = variants(inputs.waveform, inputs.words)
    states = []  # per batch: [layers, batch, positions, d]
    try:
        with lean_attention(loaded):
            for start, chunk in batches(waveforms):
                inputs.check_cancel()
                outputs.clear()
                features = model_inputs(loaded, chunk)
                if loaded.is_whisper:
                    loaded.model.model.encoder(features)
                else:
                    loaded.model.base_model(features)
                if stack.final_norm is not None:
                    outputs[-1] = stack.final_norm(outputs[-1])
                states.append(torch.stack(outputs).to(torch.float64))
                inputs.report(start + len(chunk), len(waveforms), "occlusion states: blanked words")
    finally:
        for handle in handles:
            handle.remove()
    states = torch.cat(states, dim=1)  # [layers, 1 + words, positions, d]
    distance = 1.0 - torch.nn.functional.cosine_similarity(states[:, 1:], states[:, :1], dim=-1)
    distance = distance.cpu().numpy()  # [layers, words j, positions]
    lookup = {p: k for k, p in enumerate(positions)}
    groups = [(lookup[a], lookup[b]) for a, b in inputs.frames]
    return {score_key("encoder", "occlusion_states"):
            np.swapaxes(frame_means(distance, groups), 1, 2)}  # [layers, words i, words j]


OUTPUT_COMPONENTS = {"whisper": ("cross",), "ctc": ("encoder",)}  # the output-level scores
METHOD = Method("occlusion", "Occlusion (output)", run=run_occlusion, components=OUTPUT_COMPONENTS,
                per_layer=False, cost="N + 1 forward passes (N words), batched")
STATES_METHOD = Method("occlusion_states", "Occlusion states", run=run_occlusion_states,
                       components=("encoder",),
                       cost="N + 1 encoder passes (N words), batched")
