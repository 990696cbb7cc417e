"""The straightforward implementation of METHODS.md, kept as the oracle for the fast one.

One forward pass with every layer's attentions (output_attentions=True) gives the Attention
scores; Value Zeroing reruns each layer module once per zeroed word (or token) from that
layer's original input, with a hook on the value projection that zeroes the value vectors of
those positions, and compares each position's output with the original (after the final
layer norm on the last layer where the architecture applies one). Slow by design.
"""

from __future__ import annotations

import numpy as np
import torch


def _final_norm(loaded, stack_name):
    model = loaded.model
    if loaded.kind == "whisper":
        part = model.model.encoder if stack_name == "encoder" else model.model.decoder
        return part.layer_norm
    if getattr(model.config, "do_stable_layer_norm", False):
        return model.base_model.encoder.layer_norm
    return None  # post-LN wav2vec2: encoder.layer_norm runs before the layers


def _layers(loaded, stack_name):
    model = loaded.model
    if loaded.kind == "whisper":
        part = model.model.encoder if stack_name == "encoder" else model.model.decoder
        return part.layers
    return model.base_model.encoder.layers


def _value_projection(loaded, layer, which):
    if loaded.kind != "whisper":
        return layer.attention.v_proj
    return layer.encoder_attn.v_proj if which == "cross" else layer.self_attn.v_proj


def _first(output):
    return output[0] if isinstance(output, tuple) else output


def _mean_groups(matrix, row_groups, col_groups):
    return np.array([[matrix[a:b + 1, c:d + 1].mean() for c, d in col_groups]
                     for a, b in row_groups])


def straightforward_scores(loaded, waveform, frames, decoder_input_ids=None,
                           components=("encoder",), methods=("attention", "value_zeroing"),
                           layers=None):
    """Raw [layers, rows, cols] per "{component}.{method}", computed the slow way.
    ``layers`` limits Value Zeroing to those layer indices (benchmarks of huge models)."""
    model = loaded.model
    calls = {"encoder": [], "decoder": []}
    outputs = {"encoder": [], "decoder": []}
    handles = []
    stacks = ["encoder"] + (["decoder"] if loaded.kind == "whisper" and decoder_input_ids else [])
    for name in stacks:
        for layer in _layers(loaded, name):
            handles.append(layer.register_forward_pre_hook(
                lambda m, a, k, name=name: calls[name].append((a, k)), with_kwargs=True))
            handles.append(layer.register_forward_hook(
                lambda m, a, o, name=name: outputs[name].append(_first(o))))
    try:
        with torch.no_grad():
            if loaded.kind == "whisper":
                from analysis.models.transcription import whisper_features

                features = whisper_features(loaded, waveform)
                if decoder_input_ids:
                    out = model(input_features=features, use_cache=False, output_attentions=True,
                                decoder_input_ids=torch.tensor([decoder_input_ids]))
                    attentions = {"encoder": out.encoder_attentions,
                                  "decoder": out.decoder_attentions, "cross": out.cross_attentions}
                else:
                    out = model.model.encoder(features, output_attentions=True)
                    attentions = {"encoder": out.attentions}
            else:
                values = loaded.feature_extractor(waveform, sampling_rate=16000,
                                                  return_tensors="pt").input_values
                out = model(values.to(loaded.dtype), output_attentions=True)
                attentions = {"encoder": out.attentions}
    finally:
        for handle in handles:
            handle.remove()

    words = [tuple(f) for f in frames]
    tokens = [(i, i) for i in range(len(decoder_input_ids or []))]
    groups = {"encoder": (words, words), "decoder": (tokens, tokens), "cross": (tokens, words)}
    raw = {}
    for component in components:
        rows, cols = groups[component]
        if "attention" in methods:
            raw[f"{component}.attention"] = np.stack([
                _mean_groups(a[0].double().mean(0).numpy(), rows, cols)
                for a in attentions[component]])
        if "value_zeroing" in methods:
            stack = "encoder" if component == "encoder" else "decoder"
            raw[f"{component}.value_zeroing"] = np.stack([
                _zeroing_layer(loaded, stack, component, index, calls, outputs, rows, cols)
                for index in (layers or range(len(calls[stack])))])
    return raw


@torch.no_grad()
def _zeroing_layer(loaded, stack, component, index, calls, outputs, rows, cols):
    layer_list = _layers(loaded, stack)
    layer = layer_list[index]
    norm = _final_norm(loaded, stack) if index == len(layer_list) - 1 else None
    args, kwargs = calls[stack][index]
    original = outputs[stack][index][0]
    if norm is not None:
        original = norm(original)
    projection = _value_projection(loaded, layer, component)
    scores = np.zeros((len(rows), len(cols)))
    for j, (first, last) in enumerate(cols):
        def zero(module, inputs, output, first=first, last=last):
            output = output.clone()
            output[:, first:last + 1] = 0.0
            return output

        handle = projection.register_forward_hook(zero)
        try:
            with torch.no_grad():
                perturbed = _first(layer(*args, **kwargs))[0]
        finally:
            handle.remove()
        if norm is not None:
            perturbed = norm(perturbed)
        distance = 1.0 - torch.nn.functional.cosine_similarity(perturbed, original, dim=-1)
        distance = distance.double().numpy()
        for i, (a, b) in enumerate(rows):
            scores[i, j] = distance[a:b + 1].mean()
    return scores


def sharpen_attention(loaded):
    """Make attention sharp and strong (in place; use float64): random init (std 0.02) gives
    nearly uniform attention and distances of 1e-5, which would make a 1e-5 tolerance
    against the oracle meaningless."""
    with torch.no_grad():
        for name, parameter in loaded.model.named_parameters():
            if name.endswith(("q_proj.weight", "k_proj.weight")):
                parameter.mul_(6.0)
            elif name.endswith(("v_proj.weight", "out_proj.weight")):
                parameter.mul_(8.0)
    return loaded
