"""Run the model once with forward hooks that hand each layer, as soon as it has run, to the
score methods, then drop its tensors: at most one layer's attention is held at a time.

Hooks capture, per layer: its input (the residual), the attention probabilities (eager
attention returns them), the value vectors (v_proj output, bias included) and the attention
output before out_proj; for Whisper decoder layers also the cross-attention's keys, values,
probabilities, output and sub-block input.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from analysis.methods import REGISTRY, LayerView
from analysis.methods.base import union_positions
from analysis.models.architecture import Stack, decoder_stack, encoder_stack
from analysis.models.loading import LoadedModel
from analysis.models.row_attention import row_block_attention_for
from analysis.results import score_key


def _heads(tensor, heads):
    """[1, positions, d] -> [heads, positions, head_dim]."""
    positions = tensor.shape[1]
    return tensor[0].reshape(positions, heads, -1).transpose(0, 1)


class _StackRecorder:
    """Hooks one stack; on each layer's completion runs the methods for its components."""

    def __init__(self, stack: Stack, components, methods, groups, report, check_cancel, counter,
                 probs_rows=None):
        self.stack, self.components, self.methods = stack, components, methods
        self.probs_rows = probs_rows  # the query rows self-attention keeps (None: all)
        self.groups = groups  # component -> (row groups, col groups)
        self.report, self.check_cancel, self.counter = report, check_cancel, counter
        self.raw = {score_key(c, m): [None] * stack.num_layers for c in components
                    for m in methods if REGISTRY[m].defined_for(c, stack.family == "whisper")}
        self.captured: dict = {}
        self.handles = []
        # Off while the methods run: the tails call out_proj and norms, whose hooks must not
        # overwrite what the unperturbed pass captured.
        self.recording = True

    def install(self) -> None:
        for index, layer in enumerate(self.stack.layers):
            self._hook_attention(self.stack.self_attention(layer), "self")
            if self.stack.name == "decoder":
                self._hook_attention(layer.encoder_attn, "cross")
                self.handles.append(layer.encoder_attn.k_proj.register_forward_hook(
                    partial(self._store_output, "cross_keys")))
                self.handles.append(layer.encoder_attn_layer_norm.register_forward_pre_hook(
                    partial(self._store_input, "cross_residual")))
            self.handles.append(layer.register_forward_pre_hook(
                partial(self._store_layer_input), with_kwargs=True))
            self.handles.append(layer.register_forward_hook(partial(self._layer_done, index)))

    def _hook_attention(self, attention, prefix: str) -> None:
        self.handles += [
            attention.register_forward_hook(partial(self._store_probs, f"{prefix}_probs")),
            attention.v_proj.register_forward_hook(partial(self._store_output, f"{prefix}_values")),
            attention.out_proj.register_forward_pre_hook(
                partial(self._store_input, f"{prefix}_output")),
        ]

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()
        self.handles.clear()
        self.captured.clear()

    # -- hooks -----------------------------------------------------------------------------
    def _store_layer_input(self, module, args, kwargs):
        if self.recording:
            self.captured["self_residual"] = (args[0] if args else kwargs["hidden_states"])[0]

    def _store_probs(self, key, module, args, output):
        if not self.recording:
            return
        probs = output[1]
        if probs is None:
            raise RuntimeError("attention probabilities were not returned; load the model "
                               "with attn_implementation='eager'")
        self.captured[key] = probs[0]

    def _store_output(self, key, module, args, output):
        if self.recording:
            self.captured[key] = output

    def _store_input(self, key, module, args):
        if self.recording:
            self.captured[key] = args[0][0]

    def _layer_done(self, index, module, args, output):
        self.check_cancel()
        self.captured["output"] = (output[0] if isinstance(output, tuple) else output)[0]
        self.recording = False
        try:
            self._score_layer(index, module)
        finally:
            self.recording = True
            self.captured.clear()
        self.counter[0] += 1
        self.report(self.counter[0], self.counter[1],
                    f"{self.stack.name} layer {index + 1}/{self.stack.num_layers}")

    def _score_layer(self, index, module):
        c = self.captured
        stack, last = self.stack, index == self.stack.num_layers - 1
        final_norm = stack.final_norm if last else None
        heads = c["self_probs"].shape[0]
        for component in self.components:
            rows, cols = self.groups[component]
            if component == "cross":
                view = LayerView(
                    component, index, c["cross_probs"], rows, cols,
                    values=_heads(c["cross_values"], heads), attn_output=c["cross_output"],
                    residual=c["cross_residual"], tail=partial(stack.tail_cross, module),
                    final_norm=final_norm, check_cancel=self.check_cancel,
                    layer_output=c["output"], out_proj=module.encoder_attn.out_proj)
            else:
                tail = partial(stack.tail_self, module)
                if stack.name == "decoder":
                    tail = partial(stack.tail_self, module,
                                   cross_keys=_heads(c["cross_keys"], heads),
                                   cross_values=_heads(c["cross_values"], heads))
                view = LayerView(
                    component, index, c["self_probs"], rows, cols,
                    values=_heads(c["self_values"], heads), attn_output=c["self_output"],
                    residual=c["self_residual"], tail=tail, final_norm=final_norm,
                    causal=component == "decoder", check_cancel=self.check_cancel,
                    probs_rows=self.probs_rows, layer_output=c["output"],
                    out_proj=stack.self_attention(module).out_proj,
                    post_norm=stack.post_attention_norm(module))
            for method in self.methods:
                if score_key(component, method) in self.raw:
                    self.raw[score_key(component, method)][index] = np.asarray(
                        REGISTRY[method].layer_scores(view), dtype=np.float64)

    def results(self) -> dict[str, np.ndarray]:
        return {key: np.stack(layers) for key, layers in self.raw.items()}


def run_with_hooks(loaded: LoadedModel, waveform, frames, methods, components, tokens,
                   report, check_cancel) -> dict[str, np.ndarray]:
    """One unperturbed forward pass (teacher-forced for Whisper, no KV cache) with hooks."""
    word_groups = [tuple(f) for f in frames]
    word_positions = union_positions(word_groups)
    recorders = []
    counter = [0, 0]
    encoder_components = [c for c in components if c == "encoder"]
    decoder_components = [c for c in components if c in ("decoder", "cross")]
    if encoder_components:
        recorders.append(_StackRecorder(encoder_stack(loaded), encoder_components, methods,
                                        {"encoder": (word_groups, word_groups)}, report,
                                        check_cancel, counter, probs_rows=word_positions))
    if decoder_components:
        tokens_groups = [(i, i) for i in range(len(tokens.input_ids))]
        groups = {"decoder": (tokens_groups, tokens_groups), "cross": (tokens_groups, word_groups)}
        recorders.append(_StackRecorder(decoder_stack(loaded), decoder_components, methods,
                                        groups, report, check_cancel, counter))
    counter[1] = sum(r.stack.num_layers for r in recorders)
    report(0, counter[1], "running the model")
    encoder = encoder_stack(loaded)
    # The encoder's frames x frames probabilities are only read at the frames inside words.
    keep_rows = {encoder.self_attention(layer): word_positions if encoder_components else []
                 for layer in encoder.layers}
    try:
        for recorder in recorders:
            recorder.install()
        model = loaded.model
        with row_block_attention_for(model, keep_rows):
            _forward(loaded, waveform, tokens if decoder_components else None)
    finally:
        for recorder in recorders:
            recorder.remove()
    raw = {}
    for recorder in recorders:
        raw.update(recorder.results())
    return raw


def _forward(loaded: LoadedModel, waveform, tokens) -> None:
    """The unperturbed pass: Whisper's encoder (and decoder, teacher-forced, when ``tokens``
    are given) or the CTC encoder."""
    import torch

    from analysis.models.transcription import whisper_features

    model = loaded.model
    if loaded.is_whisper:
        features = whisper_features(loaded, waveform)
        if tokens is not None:
            ids = torch.tensor([tokens.input_ids], device=loaded.device)
            model.model(input_features=features, decoder_input_ids=ids, use_cache=False)
        else:
            model.model.encoder(features)
    else:
        values = loaded.feature_extractor(np.asarray(waveform, dtype=np.float32),
                                          sampling_rate=16000, return_tensors="pt")
        model.base_model(values.input_values.to(loaded.device, loaded.dtype))
