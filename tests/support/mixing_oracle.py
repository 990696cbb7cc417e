"""Straightforward float64 Attention-norm and ALTI (METHODS.md, "More measures"), kept as the
oracle for analysis.methods: one forward pass with output_attentions, hooks for each
attention's input, then explicit loops over query positions and heads in numpy. Slow by
design; independent of the production code (it reads the modules' weights itself)."""

from __future__ import annotations

import numpy as np
import torch

from tests.support.oracle import _layers, _mean_groups


def _np(tensor):
    return tensor.detach().double().numpy()


def _attention_modules(loaded, stack, component):
    for layer in _layers(loaded, stack):
        if loaded.kind != "whisper":
            yield layer, layer.attention, (layer.layer_norm if loaded.model.config
                                           .do_stable_layer_norm else None)
        elif component == "cross":
            yield layer, layer.encoder_attn, layer.encoder_attn_layer_norm
        else:
            yield layer, layer.self_attn, layer.self_attn_layer_norm


def _capture(loaded, waveform, decoder_input_ids):
    """Per component: the attention probabilities [layers][heads, q, k], the sub-block
    inputs x (before any pre-attention norm) and the attention's key/value source."""
    model = loaded.model
    inputs = {"encoder": [], "decoder": [], "cross": []}
    handles = []
    components = ["encoder"] + (["decoder", "cross"] if decoder_input_ids else [])
    for component in components:
        stack = "encoder" if component == "encoder" else "decoder"
        for layer, _attention, norm in _attention_modules(loaded, stack, component):
            hooked = norm if norm is not None else layer  # post-LN: the layer input is x
            if hooked is layer:
                handles.append(layer.register_forward_pre_hook(
                    lambda m, a, k, c=component: inputs[c].append(
                        (a[0] if a else k["hidden_states"])[0]), with_kwargs=True))
            else:
                handles.append(hooked.register_forward_pre_hook(
                    lambda m, a, c=component: inputs[c].append(a[0][0])))
    try:
        with torch.no_grad():
            if loaded.kind == "whisper":
                from analysis.models.transcription import whisper_features

                features = whisper_features(loaded, waveform)
                out = model(input_features=features, use_cache=False, output_attentions=True,
                            decoder_input_ids=torch.tensor([decoder_input_ids]))
                attentions = {"encoder": out.encoder_attentions,
                              "decoder": out.decoder_attentions, "cross": out.cross_attentions}
                memory = out.encoder_last_hidden_state[0]
            else:
                values = loaded.feature_extractor(waveform, sampling_rate=16000,
                                                  return_tensors="pt").input_values
                out = model(values.to(loaded.dtype), output_attentions=True)
                attentions = {"encoder": out.attentions}
                memory = None
    finally:
        for handle in handles:
            handle.remove()
    return {c: (attentions[c], inputs[c]) for c in components}, memory


def _head_vectors(attention, source):
    """[heads, keys, d]: (x_m W_V^h + b_V^h) W_O^h for every key m and head h."""
    heads = attention.num_heads
    wv, bv = _np(attention.v_proj.weight), _np(attention.v_proj.bias) \
        if attention.v_proj.bias is not None else None
    wo = _np(attention.out_proj.weight)
    head_dim = wv.shape[0] // heads
    result = []
    for h in range(heads):
        part = slice(h * head_dim, (h + 1) * head_dim)
        value = source @ wv[part].T + (bv[part] if bv is not None else 0.0)
        result.append(value @ wo[:, part].T)
    return np.stack(result)


def _alti_row(terms, residual, bias, post_norm):
    """Contributions of one query row: terms [keys, d] (+ a separate residual term)."""
    if residual is not None:
        terms = np.vstack([terms, residual[None]])
    total = terms.sum(0) + bias
    if post_norm is not None:
        gamma, beta, eps = _np(post_norm.weight), _np(post_norm.bias), post_norm.eps
        sigma = np.sqrt(total.var() + eps)
        terms = np.array([gamma * (t - t.mean()) / sigma for t in terms])
        output = gamma * (total - total.mean()) / sigma + beta
    else:
        output = total
    size = np.abs(output).sum()
    proximity = np.array([max(0.0, size - np.abs(output - t).sum()) for t in terms])
    shares = proximity / proximity.sum() if proximity.sum() > 0 else proximity
    return shares[:-1] if residual is not None else shares


def mixing_scores(loaded, waveform, frames, decoder_input_ids=None, components=("encoder",)):
    """Raw [layers, rows, cols] per "{component}.attention_norm" and "{component}.alti"."""
    captured, memory = _capture(loaded, waveform, decoder_input_ids)
    words = [tuple(f) for f in frames]
    tokens = [(i, i) for i in range(len(decoder_input_ids or []))]
    groups = {"encoder": (words, words), "decoder": (tokens, tokens), "cross": (tokens, words)}
    post_ln = loaded.kind != "whisper" and not loaded.model.config.do_stable_layer_norm
    raw = {}
    for component in components:
        stack = "encoder" if component == "encoder" else "decoder"
        rows, cols = groups[component]
        wanted = sorted({n for a, b in rows for n in range(a, b + 1)})
        norms_all, alti_all = [], []
        attentions, inputs = captured[component]
        for index, (layer, attention, pre_norm) in enumerate(
                _attention_modules(loaded, stack, component)):
            probs = _np(attentions[index][0])  # [heads, q, k]
            x = _np(inputs[index])
            if component == "cross":
                source = _np(memory)
            else:
                source = _np(pre_norm(inputs[index])) if pre_norm is not None else x
            vectors = _head_vectors(attention, source)
            bias = _np(attention.out_proj.bias)
            post_norm = layer.layer_norm if post_ln else None
            norms = np.zeros((probs.shape[1], probs.shape[2]))
            alti = np.zeros_like(norms)
            for n in wanted:
                terms = np.zeros((probs.shape[2], vectors.shape[-1]))
                for h in range(probs.shape[0]):
                    terms += probs[h, n][:, None] * vectors[h]
                norms[n] = np.linalg.norm(terms, axis=1)
                if component == "cross":
                    alti[n] = _alti_row(terms, x[n], bias, None)
                else:
                    terms[n] += x[n]
                    alti[n] = _alti_row(terms, None, bias, post_norm)
            norms_all.append(_mean_groups(norms, rows, cols))
            alti_all.append(_mean_groups(alti, rows, cols))
        raw[f"{component}.attention_norm"] = np.stack(norms_all)
        raw[f"{component}.alti"] = np.stack(alti_all)
    return raw
