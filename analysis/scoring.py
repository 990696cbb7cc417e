"""``score(...)``: one forward pass with hooks that reduce each layer to word level as soon as
it has run (attention and Value Zeroing), so no more than one layer's frames x frames
attention is ever held. Progress is reported per layer; a cancel token stops it promptly.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence

import numpy as np

from analysis.cancel import CancelToken, raise_if_cancelled
from analysis.errors import MixScopeError
from analysis.layer_capture import run_with_hooks
from analysis.methods import (
    COMPONENTS,
    DEFAULT_METHODS,
    REGISTRY,
    model_components,
    rollout_name,
)
from analysis.methods.base import UtteranceInputs
from analysis.methods.rollout import rollout
from analysis.models.language import DEFAULT_LANGUAGE, whisper_prompt
from analysis.models.loading import LoadedModel
from analysis.models.spans import WHISPER_WINDOW, validate_words, word_frames
from analysis.models.transcription import DEFAULT_MAX_NEW_TOKENS, decoder_tokens
from analysis.progress import Progress
from analysis.results import ScoreSet, row_normalise, score_key
from analysis.words import Word

__all__ = ["score", "default_components"]


def default_components(loaded: LoadedModel) -> tuple[str, ...]:
    return model_components(loaded.is_whisper)


def score(loaded: LoadedModel, waveform: np.ndarray, words: Sequence[Word],
          methods: Sequence[str] = DEFAULT_METHODS,
          components: Sequence[str] | None = None, decoder_text: str | None = None,
          decoder_ids: Sequence[int] | None = None, spans: str = "reference",
          language: str | None = DEFAULT_LANGUAGE, task: str = "transcribe",
          progress: Progress | None = None, cancel: CancelToken | None = None,
          max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS, target: int | None = None,
          alternative: str | None = None) -> ScoreSet:
    """Score ``words`` of a 16 kHz mono ``waveform`` with the chosen methods/components."""
    import torch

    began = time.perf_counter()
    waveform = np.asarray(waveform, dtype=np.float32)
    if waveform.ndim != 1:
        raise MixScopeError("the waveform must be mono (one channel)")
    methods = _check_methods(methods)
    components = _check_components(loaded, components)
    if loaded.is_whisper:
        whisper_prompt(loaded, language, task)  # an unknown language is refused at once
    duration = len(waveform) / 16000
    words = validate_words(words, duration, whisper=loaded.is_whisper)
    if target is not None and not 0 <= target < len(words):
        raise MixScopeError(f"target word index {target} is outside the {len(words)} words")
    if alternative is not None and (target is None or "cross" not in components):
        raise MixScopeError("an alternative spelling needs a target word and a Whisper model")
    from analysis.models.architecture import encoder_num_frames

    num_frames = encoder_num_frames(loaded, len(waveform))
    covered = WHISPER_WINDOW if loaded.is_whisper else duration
    frames = word_frames(words, num_frames, covered, spans)

    report = progress or (lambda done, total, phrase: None)

    def check_cancel() -> None:  # between layers and between batches
        raise_if_cancelled(cancel, "scoring")

    needs_decoder = any(c in components for c in ("decoder", "cross"))
    tokens = None
    if needs_decoder:
        check_cancel()
        if decoder_text is None and decoder_ids is None:
            report(0, 1, "transcribing")
        tokens = decoder_tokens(loaded, waveform, text=decoder_text, ids=decoder_ids,
                                language=language, task=task, max_new_tokens=max_new_tokens)
    check_cancel()
    layer_methods = [m for m in methods if REGISTRY[m].layer_scores is not None]
    raw = {}
    with loaded.lock:
        if layer_methods:
            with torch.inference_mode():
                raw.update(run_with_hooks(loaded, waveform, frames, layer_methods, components,
                                          tokens, report, check_cancel))
        inputs = UtteranceInputs(loaded, waveform, list(words), frames, tokens, components,
                                 report, check_cancel, alternative=alternative, target=target)
        for name in methods:
            method = REGISTRY[name]
            wanted = [c for c in components if method.defined_for(c, loaded.is_whisper)]
            if method.run is not None and wanted:
                inputs.components = wanted
                mode = torch.enable_grad() if method.needs_grad else torch.inference_mode()
                with mode:
                    raw.update(method.run(inputs))
        contrastive = None
        if alternative is not None:
            from analysis.contrastive import contrast

            contrastive = contrast(inputs, alternative)

    row_labels, col_labels = {}, {}
    labels = [w.label for w in words]
    if "encoder" in components:
        row_labels["encoder"], col_labels["encoder"] = labels, labels
    if tokens is not None:
        if "decoder" in components:
            row_labels["decoder"] = tokens.output_labels
            col_labels["decoder"] = tokens.input_labels
        if "cross" in components:
            row_labels["cross"], col_labels["cross"] = tokens.output_labels, labels
    result = ScoreSet(
        scores=normalised_with_rollouts(raw),
        raw=raw,
        row_labels=row_labels,
        col_labels=col_labels,
        words=list(words),
        word_frames=frames,
        decoder_input_ids=list(tokens.input_ids) if tokens else [],
        decoder_output_ids=list(tokens.output_ids) if tokens else [],
        meta=_provenance(loaded, methods, components, spans, language, task, tokens,
                         num_frames, covered, duration, time.perf_counter() - began),
    )
    if target is not None:
        from analysis.faithfulness import faithfulness

        result.meta["target"] = target
        result.faithfulness = faithfulness(result, target)
    if contrastive is not None:
        result.meta.update(alternative=alternative, contrast_original=contrastive[0])
        result.contrast = contrastive[1]
    return result


def normalised_with_rollouts(raw: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Row-normalised scores (signed raw values clipped at zero first) and, for every
    per-layer method of a square component, its rollout."""
    scores = {key: row_normalise(np.clip(array, 0.0, None)) for key, array in raw.items()}
    for key in list(scores):
        component, method = key.split(".", 1)
        if COMPONENTS[component].square and REGISTRY[method].per_layer:
            scores[score_key(component, rollout_name(method))] = rollout(scores[key])
    return scores


def _check_methods(methods: Sequence[str]) -> list[str]:
    methods = list(dict.fromkeys(methods))
    unknown = [m for m in methods if m not in REGISTRY]
    if unknown or not methods:
        raise MixScopeError(f"unknown method '{unknown[0] if unknown else ''}'; choose from "
                            f"{', '.join(REGISTRY)}")
    return methods


def _check_components(loaded: LoadedModel, components: Sequence[str] | None) -> list[str]:
    allowed = default_components(loaded)
    components = list(dict.fromkeys(components or allowed))
    for component in components:
        if component not in allowed:
            kind = "Whisper" if loaded.is_whisper else "a CTC encoder"
            raise MixScopeError(f"component '{component}' does not exist for {kind}; choose from "
                                f"{', '.join(allowed)}")
    return [c for c in allowed if c in components]


def _provenance(loaded, methods, components, spans, language, task, tokens, num_frames,
                covered, duration, seconds) -> dict:
    import torch
    import transformers

    from analysis import __version__

    meta = {
        "model": loaded.source,
        "model_kind": loaded.kind,
        "model_type": loaded.info.get("model_type"),
        "revision": loaded.info.get("commit_hash"),
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "mixscope": __version__,
        "spans": spans,
        "dtype": str(loaded.dtype).replace("torch.", ""),
        "device": str(loaded.device),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "methods": list(methods),
        "components": list(components),
        "encoder_frames": num_frames,
        "frames_cover_seconds": covered,
        "audio_seconds": duration,
        "seconds": round(seconds, 3),
    }
    if tokens is not None:  # what the decoder really ran with, and what was asked for
        prompt = tokens.prompt
        meta.update(language=prompt.language, task=prompt.task,
                    prompt_ids=list(prompt.ids), decoder_tokens_from=tokens.source,
                    decoder_input_labels=list(tokens.input_labels))
        if tokens.source != "ids":
            meta.update(language_requested=language, task_requested=task)
        if prompt.note:
            meta["note"] = prompt.note
    return meta

