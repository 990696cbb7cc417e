"""Whisper word timestamps from the cross-attention of its alignment heads.

The transcription is known, so it is teacher-forced (one forward pass) rather than generated;
the timing is then the method transformers' ``generate(return_token_timestamps=True)`` and
OpenAI's ``find_alignment`` use: the cross-attention weights of the heads listed in the
generation config's ``alignment_heads`` are standardised over tokens, median-filtered over
time, averaged over heads, and dynamic time warping finds the monotonic token-to-frame path.
A token starts at the first encoder frame (20 ms) the path gives it; a word runs from its
first token's start to the next word's (or the end-of-text token's) start.

A word's confidence is the mean probability the model gives to its tokens (teacher-forced).
Whisper sees at most 30 s; longer audio needs the CTC aligner.
"""

from __future__ import annotations

import numpy as np

from analysis.autoalign.dtw import dtw_path, median_filter
from analysis.autoalign.result import AutoAlignment, ScoredWord, UnalignedWord, finalise_words
from analysis.autoalign.text import split_words
from analysis.cancel import CancelToken, raise_if_cancelled
from analysis.errors import MixScopeError
from analysis.models.language import whisper_prompt
from analysis.progress import Progress

SAMPLE_RATE = 16000
SECONDS_PER_FRAME = 0.02  # one encoder frame
MAX_SECONDS = 30.0
SCORING = "mean probability of the word's tokens (teacher-forced)"


def alignment_heads(loaded) -> list[tuple[int, int]]:
    heads = getattr(loaded.model.generation_config, "alignment_heads", None)
    if not heads:
        raise MixScopeError(
            f"model '{loaded.source}' has no alignment_heads in its generation config, so "
            "Whisper cannot give word timestamps with it; use a checkpoint that lists them "
            "(all OpenAI Whisper checkpoints do) or a wav2vec2 CTC model")
    return [(int(layer), int(head)) for layer, head in heads]


def align_whisper(loaded, waveform: np.ndarray, text: str, language: str | None = "fr",
                  task: str = "transcribe",
                  progress: Progress | None = None,
                  cancel: CancelToken | None = None) -> AutoAlignment:
    """Time the words of ``text`` in a 16 kHz mono ``waveform`` (at most 30 s)."""
    import torch

    if loaded.kind != "whisper":
        raise MixScopeError(f"model '{loaded.source}' is not a Whisper model")
    heads = alignment_heads(loaded)
    duration = len(waveform) / SAMPLE_RATE
    if duration > MAX_SECONDS:
        raise MixScopeError(
            f"the audio lasts {duration:.1f} s; Whisper word timestamps cover at most "
            f"{MAX_SECONDS:.0f} s — use a CTC model (it aligns long audio by windows)")
    labels = split_words(text)
    if not labels:
        raise MixScopeError("the transcription has no words to align")
    tokenizer = loaded.tokenizer
    whisper = whisper_prompt(loaded, language, task)
    prompt = [loaded.config.decoder_start_token_id] + whisper.ids
    word_tokens = [tokenizer.encode(" " + label, add_special_tokens=False) for label in labels]
    text_tokens = [t for tokens in word_tokens for t in tokens]
    ids = prompt + text_tokens + [tokenizer.eos_token_id]
    limit = loaded.model.config.max_target_positions
    if len(ids) > limit:
        raise MixScopeError(f"the transcription needs {len(ids)} tokens; Whisper takes "
                            f"at most {limit}")
    if progress is not None:
        progress(0, 2, "Whisper forward pass")
    features = loaded.feature_extractor(waveform, sampling_rate=SAMPLE_RATE,
                                        return_tensors="pt").input_features
    with torch.inference_mode():
        out = loaded.model(features.to(loaded.device, loaded.dtype),
                           decoder_input_ids=torch.tensor([ids], device=loaded.device),
                           output_attentions=True)
    raise_if_cancelled(cancel, "the alignment")
    if progress is not None:
        progress(1, 2, "dynamic time warping")
    frames = max(1, min(int(np.ceil(len(waveform) / 320)), out.cross_attentions[0].shape[-1]))
    first, last = len(prompt) - 1, len(prompt) + len(text_tokens)  # rows predicting text + eot
    weights = np.stack([out.cross_attentions[layer][0, head, first:last, :frames]
                        .float().cpu().numpy() for layer, head in heads])
    probs = torch.softmax(out.logits[0, first:last - 1].float(), dim=-1).cpu().numpy()
    token_prob = probs[np.arange(len(text_tokens)), text_tokens]
    starts = token_start_frames(weights, getattr(loaded.model.config, "median_filter_width", 7))
    words, boundary = [], 0
    for index, (label, tokens) in enumerate(zip(labels, word_tokens, strict=True)):
        following = boundary + len(tokens)
        words.append(ScoredWord(label, starts[boundary] * SECONDS_PER_FRAME,
                                starts[following] * SECONDS_PER_FRAME,
                                float(token_prob[boundary:following].mean()), index))
        boundary = following
    unaligned: list[UnalignedWord] = []
    words = finalise_words(words, duration, SECONDS_PER_FRAME, unaligned)
    if progress is not None:
        progress(2, 2, "done")
    return AutoAlignment(words, unaligned, duration, "whisper", loaded.source, SCORING,
                         [whisper.note] if whisper.note else [])


def token_start_frames(weights: np.ndarray, filter_width: int = 7) -> np.ndarray:
    """For [heads, tokens, frames] cross-attention weights, the first frame of each token on
    the DTW path."""
    mean = weights.mean(axis=-2, keepdims=True)
    std = weights.std(axis=-2, keepdims=True)
    standardised = (weights - mean) / np.maximum(std, 1e-10)
    matrix = median_filter(standardised, filter_width).mean(axis=0)
    rows, cols = dtw_path(-matrix)
    jumps = np.concatenate(([True], np.diff(rows) > 0))
    return cols[jumps]
