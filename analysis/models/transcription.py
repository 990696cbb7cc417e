"""Transcription (Whisper ``generate``; CTC greedy) and the decoder tokens that Whisper's
decoder and cross-attention scores are computed on.

METHODS.md: g = the generated ids without the leading <|startoftranscript|> (language, task,
<|notimestamps|>, text tokens, <|endoftext|>); the decoder input is [decoder_start] + g[:-1];
rows are labelled by g, decoder columns by the input tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.errors import MixScopeError
from analysis.models.language import (
    DEFAULT_LANGUAGE,
    WhisperPrompt,
    prompt_in_ids,
    whisper_prompt,
)
from analysis.models.loading import LoadedModel

DEFAULT_MAX_NEW_TOKENS = 200  # Whisper's own limit for a 30 s window is 224


@dataclass(frozen=True)
class Transcription:
    ids: list[int]  # Whisper: g (prefix, text, <|endoftext|>); CTC: the collapsed label ids
    tokens: list[str]  # one label per id
    text: str
    prompt: WhisperPrompt | None = None  # Whisper: the language and task really used


@dataclass(frozen=True)
class DecoderTokens:
    input_ids: list[int]  # [decoder_start] + g[:-1]
    output_ids: list[int]  # g
    input_labels: list[str]
    output_labels: list[str]
    source: str  # "transcription", "text" or "ids"
    prompt: WhisperPrompt | None = None  # the language and task really used


def token_labels(loaded: LoadedModel, ids: Sequence[int]) -> list[str]:
    """A readable label per token id ("mangent" with its leading space), or the id itself
    when the checkpoint has no tokenizer. A character whose UTF-8 bytes are split across
    tokens (byte-level BPE: "œ" as two tokens) appears in the label of each of them, where
    decoding one token alone would show U+FFFD."""
    tokenizer = loaded.tokenizer
    if tokenizer is None:
        return [str(int(i)) for i in ids]
    labels = []
    for i in ids:
        text = tokenizer.decode([int(i)], skip_special_tokens=False)
        labels.append(text if text != "" else tokenizer.convert_ids_to_tokens(int(i)) or str(i))
    if any("\ufffd" in label for label in labels):
        labels = _whole_characters(labels, ids, tokenizer)
    return labels


def _whole_characters(labels: list[str], ids: Sequence[int], tokenizer) -> list[str]:
    from analysis.cue.tokens import decoded_text, ids_as_bytes

    pieces = ids_as_bytes([int(i) for i in ids], tokenizer)
    text, owners = decoded_text(pieces)
    owned: list[str] = [""] * len(labels)
    for char, tokens in zip(text, owners, strict=True):
        for token in tokens:
            owned[token] += char
    return [owned[k] if "\ufffd" in label and pieces[k] is not None and owned[k] else label
            for k, label in enumerate(labels)]


def whisper_features(loaded: LoadedModel, waveform: np.ndarray):
    features = loaded.feature_extractor(np.asarray(waveform, dtype=np.float32),
                                        sampling_rate=16000, return_tensors="pt").input_features
    return features.to(loaded.device, loaded.dtype)


def transcribe(loaded: LoadedModel, waveform: np.ndarray,
               language: str | None = DEFAULT_LANGUAGE,
               task: str = "transcribe",
               max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS) -> Transcription:
    """Whisper: greedy ``generate`` with language and task; CTC: greedy (argmax) decoding."""
    with loaded.lock:  # never while another thread's scoring pass has the layers hooked
        if loaded.is_whisper:
            return _transcribe_whisper(loaded, waveform, language, task, max_new_tokens)
        return _transcribe_ctc(loaded, waveform)


def _transcribe_whisper(loaded, waveform, language, task, max_new_tokens) -> Transcription:
    import torch

    model = loaded.model
    sot = model.generation_config.decoder_start_token_id
    eot = model.generation_config.eos_token_id
    eot = eot[0] if isinstance(eot, (list, tuple)) else eot
    prompt = whisper_prompt(loaded, language, task)
    prefix = prompt.ids
    limit = max(1, min(max_new_tokens, model.config.max_target_positions - len(prefix) - 1))
    features = whisper_features(loaded, waveform)
    kwargs = {"task": prompt.task} if prompt.task else {}
    if prompt.language:
        kwargs["language"] = prompt.language
    with torch.inference_mode():
        out = model.generate(features, return_timestamps=False, max_new_tokens=limit,
                             return_dict_in_generate=True, do_sample=False, num_beams=1,
                             **kwargs)
    sequence = [int(i) for i in (out.sequences if hasattr(out, "sequences") else out)[0]]
    detected = prompt.task is not None and prompt.language is None  # the model chose it
    first = sequence[1:2] if sequence[:1] == [sot] else sequence[:1]
    g = _generated_tokens(sequence, sot, eot, prefix,
                          detected and prompt_in_ids(loaded, first).language is not None)
    if detected:
        prompt = prompt_in_ids(loaded, g)
    text = "" if loaded.tokenizer is None else loaded.tokenizer.decode(g, skip_special_tokens=True)
    return Transcription(g, token_labels(loaded, g), text.strip(), prompt)


def _generated_tokens(sequence: list[int], sot: int, eot: int, prefix: list[int],
                      leads_with_prompt: bool = False) -> list[int]:
    """g from what ``generate`` returned, whether or not it included the prompt: the forced
    prefix (or the language the model detected and its task), the new tokens up to and
    including the first <|endoftext|>."""
    if sequence and sequence[0] == sot:
        sequence = sequence[1:]
    if eot in sequence:
        sequence = sequence[: sequence.index(eot) + 1]
    if sequence[: len(prefix)] == prefix or leads_with_prompt:
        return sequence
    return prefix + sequence


def _transcribe_ctc(loaded, waveform) -> Transcription:
    import torch

    inputs = loaded.feature_extractor(np.asarray(waveform, dtype=np.float32),
                                      sampling_rate=16000, return_tensors="pt")
    values = inputs.input_values.to(loaded.device, loaded.dtype)
    with torch.inference_mode():
        logits = loaded.model(values).logits[0]
    best = logits.argmax(-1).tolist()
    blank = loaded.config.pad_token_id
    ids = [t for k, t in enumerate(best) if (k == 0 or t != best[k - 1]) and t != blank]
    tokenizer = loaded.tokenizer
    text = "" if tokenizer is None else tokenizer.decode(best)
    return Transcription(ids, token_labels(loaded, ids) if tokenizer is None
                         else tokenizer.convert_ids_to_tokens(ids), text)


def decoder_tokens(loaded: LoadedModel, waveform: np.ndarray | None = None, *,
                   text: str | None = None, ids: Sequence[int] | None = None,
                   language: str | None = DEFAULT_LANGUAGE, task: str = "transcribe",
                   max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS) -> DecoderTokens:
    """Whisper's decoder tokens from explicit ids, a given text (teacher forcing: prefix +
    tokenized text + <|endoftext|>) or, by default, the model's own transcription."""
    if not loaded.is_whisper:
        raise MixScopeError("decoder tokens exist only for Whisper models")
    if text is not None and ids is not None:
        raise MixScopeError("give either a text or decoder ids, not both")
    generation = loaded.model.generation_config
    start = loaded.config.decoder_start_token_id
    eot = generation.eos_token_id
    eot = eot[0] if isinstance(eot, (list, tuple)) else eot
    if ids is not None:
        g = [int(i) for i in ids]
        if g and g[0] == start:
            g = g[1:]
        vocab = loaded.config.vocab_size
        bad = [i for i in g if not 0 <= i < vocab]
        if bad:
            raise MixScopeError(f"decoder id {bad[0]} is outside the vocabulary (0-{vocab - 1})")
        source = "ids"
        prompt = prompt_in_ids(loaded, g)
    elif text is not None:
        if loaded.tokenizer is None:
            raise MixScopeError(f"model '{loaded.source}' has no tokenizer, so a text cannot be "
                                "turned into decoder tokens; give --decoder-ids instead")
        body = loaded.tokenizer.encode(" " + text.strip(), add_special_tokens=False)
        prompt = whisper_prompt(loaded, language, task)
        g = prompt.ids + list(body) + [eot]
        source = "text"
    else:
        if waveform is None:
            raise MixScopeError("a waveform is needed to transcribe")
        transcription = transcribe(loaded, waveform, language, task, max_new_tokens)
        g, prompt = transcription.ids, transcription.prompt
        source = "transcription"
    if not g:
        raise MixScopeError("there are no decoder tokens to score")
    if len(g) > loaded.config.max_target_positions:
        raise MixScopeError(f"{len(g)} decoder tokens exceed the model's limit of "
                            f"{loaded.config.max_target_positions}")
    inputs = [start] + g[:-1]
    return DecoderTokens(inputs, g, token_labels(loaded, inputs), token_labels(loaded, g), source,
                         prompt)
