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
from analysis.models.loading import LoadedModel

DEFAULT_MAX_NEW_TOKENS = 200  # Whisper's own limit for a 30 s window is 224


@dataclass(frozen=True)
class Transcription:
    ids: list[int]  # Whisper: g (prefix, text, <|endoftext|>); CTC: the collapsed label ids
    tokens: list[str]  # one label per id
    text: str


@dataclass(frozen=True)
class DecoderTokens:
    input_ids: list[int]  # [decoder_start] + g[:-1]
    output_ids: list[int]  # g
    input_labels: list[str]
    output_labels: list[str]
    source: str  # "transcription", "text" or "ids"


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


def whisper_prefix(loaded: LoadedModel, language: str | None, task: str) -> list[int]:
    """The forced tokens after <|startoftranscript|>: language, task, <|notimestamps|>."""
    generation = loaded.model.generation_config
    prefix = []
    if getattr(generation, "is_multilingual", False) or getattr(generation, "lang_to_id", None):
        lang_to_id = getattr(generation, "lang_to_id", None) or {}
        if language:
            code = language_code(language)
            key = f"<|{code}|>"
            if key not in lang_to_id:
                raise MixScopeError(f"model '{loaded.source}' does not know the language "
                                    f"'{language}'")
            prefix.append(lang_to_id[key])
        task_to_id = getattr(generation, "task_to_id", None) or {}
        if task not in task_to_id:
            raise MixScopeError(f"unknown task '{task}'; choose transcribe or translate")
        prefix.append(task_to_id[task])
    prefix.append(generation.no_timestamps_token_id)
    return prefix


def language_code(language: str) -> str:
    from transformers.models.whisper.tokenization_whisper import LANGUAGES, TO_LANGUAGE_CODE

    language = language.lower().strip("<|>")
    if language in LANGUAGES:
        return language
    if language in TO_LANGUAGE_CODE:
        return TO_LANGUAGE_CODE[language]
    raise MixScopeError(f"unknown language '{language}'; give a code such as fr or en")


def transcribe(loaded: LoadedModel, waveform: np.ndarray, language: str | None = "fr",
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
    prefix = whisper_prefix(loaded, language, task)
    limit = max(1, min(max_new_tokens, model.config.max_target_positions - len(prefix) - 1))
    features = whisper_features(loaded, waveform)
    kwargs = {"task": task} if len(prefix) > 1 else {}
    if language and len(prefix) > 2:
        kwargs["language"] = language_code(language)
    with torch.inference_mode():
        out = model.generate(features, return_timestamps=False, max_new_tokens=limit,
                             return_dict_in_generate=True, do_sample=False, num_beams=1,
                             **kwargs)
    sequence = [int(i) for i in (out.sequences if hasattr(out, "sequences") else out)[0]]
    g = _generated_tokens(sequence, sot, eot, prefix)
    text = "" if loaded.tokenizer is None else loaded.tokenizer.decode(g, skip_special_tokens=True)
    return Transcription(g, token_labels(loaded, g), text.strip())


def _generated_tokens(sequence: list[int], sot: int, eot: int, prefix: list[int]) -> list[int]:
    """g from what ``generate`` returned, whether or not it included the prompt: the forced
    prefix, the new tokens up to and including the first <|endoftext|>."""
    if sequence and sequence[0] == sot:
        sequence = sequence[1:]
    if sequence[: len(prefix)] == prefix:
        sequence = sequence[len(prefix):]
    if eot in sequence:
        sequence = sequence[: sequence.index(eot) + 1]
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
                   language: str | None = "fr", task: str = "transcribe",
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
    elif text is not None:
        if loaded.tokenizer is None:
            raise MixScopeError(f"model '{loaded.source}' has no tokenizer, so a text cannot be "
                                "turned into decoder tokens; give --decoder-ids instead")
        body = loaded.tokenizer.encode(" " + text.strip(), add_special_tokens=False)
        g = whisper_prefix(loaded, language, task) + list(body) + [eot]
        source = "text"
    else:
        if waveform is None:
            raise MixScopeError("a waveform is needed to transcribe")
        g = transcribe(loaded, waveform, language, task, max_new_tokens).ids
        source = "transcription"
    if not g:
        raise MixScopeError("there are no decoder tokens to score")
    if len(g) > loaded.config.max_target_positions:
        raise MixScopeError(f"{len(g)} decoder tokens exceed the model's limit of "
                            f"{loaded.config.max_target_positions}")
    inputs = [start] + g[:-1]
    return DecoderTokens(inputs, g, token_labels(loaded, inputs), token_labels(loaded, g), source)
