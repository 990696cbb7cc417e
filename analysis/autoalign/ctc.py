"""CTC forced alignment of a known transcription with a wav2vec2-family model.

Pipeline: normalise the text to the model's characters (``text``), compute frame-wise
log-probabilities by windows (``emissions``), find the best CTC path (``viterbi``) with an
optional word delimiter between words, then read each word's span off the path: from the
first to the last frame where one of its characters is emitted.

A word's confidence is the mean, over the frames of its span, of the probability the model
gives to the path's label at that frame (blanks inside the word included).
"""

from __future__ import annotations

import numpy as np

from analysis.autoalign.emissions import SAMPLE_RATE, ctc_log_probs, frame_geometry
from analysis.autoalign.result import AutoAlignment, ScoredWord, UnalignedWord, finalise_words
from analysis.autoalign.text import CtcVocabulary, NormalisedText, normalise
from analysis.autoalign.viterbi import NoPathError, ctc_viterbi
from analysis.cancel import CancelToken
from analysis.errors import MixScopeError
from analysis.progress import Progress

SCORING = "mean frame probability of the aligned characters and blanks inside the word"


def vocabulary_of(loaded) -> CtcVocabulary:
    if loaded.tokenizer is None:
        raise MixScopeError(
            f"model '{loaded.source}' has no tokenizer (vocab.json), so its characters are "
            "unknown and text cannot be aligned with it")
    return CtcVocabulary.from_tokenizer(loaded.tokenizer, blank=loaded.config.pad_token_id)


def align_ctc(loaded, waveform: np.ndarray, text: str, window: float = 15.0,
              progress: Progress | None = None,
              cancel: CancelToken | None = None) -> AutoAlignment:
    """Align ``text`` to a 16 kHz mono ``waveform`` with a loaded CTC model."""
    if loaded.kind != "ctc":
        raise MixScopeError(f"model '{loaded.source}' is not a CTC model")
    normalised = normalise(text, vocabulary_of(loaded))
    if not normalised.words:
        raise MixScopeError("the transcription has no words to align")
    log_probs = ctc_log_probs(loaded, waveform, window=window, progress=progress, cancel=cancel)
    stride, _ = frame_geometry(loaded.model)
    seconds_per_frame = stride / SAMPLE_RATE
    duration = len(waveform) / SAMPLE_RATE
    words, unaligned = align_emissions(log_probs, normalised, vocabulary_of(loaded).blank,
                                       vocabulary_of(loaded).delimiter, seconds_per_frame)
    words = finalise_words(words, duration, seconds_per_frame, unaligned)
    notes = []
    if normalised.unknown_characters:
        notes.append("characters the model cannot spell were skipped: "
                     + " ".join(repr(c) for c in normalised.unknown_characters))
    return AutoAlignment(words, unaligned, duration, "ctc", loaded.source, SCORING, notes)


def align_emissions(log_probs: np.ndarray, text: NormalisedText, blank: int,
                    delimiter: int | None, seconds_per_frame: float
                    ) -> tuple[list[ScoredWord], list[UnalignedWord]]:
    """Word intervals from [frames, vocabulary] log-probabilities (the testable core)."""
    unaligned = [UnalignedWord(w.label, w.index,
                               f"the model cannot spell any of its characters ({w.unknown!r})"
                               if w.unknown else "nothing to align")
                 for w in text.words if not w.tokens]
    alignable = text.alignable
    if not alignable:
        return [], unaligned
    tokens, optional, owner = [], [], []  # owner: word number, -1 for a delimiter between
    for n, word in enumerate(alignable):
        if n and delimiter is not None:
            tokens.append(delimiter)
            optional.append(True)
            owner.append(-1)
        tokens += word.tokens
        optional += word.optional
        owner += [n] * len(word.tokens)
    try:
        path = ctc_viterbi(log_probs, tokens, optional, blank)
    except NoPathError as err:
        seconds = log_probs.shape[0] * seconds_per_frame
        raise MixScopeError(
            f"the audio ({seconds:.2f} s, {log_probs.shape[0]} frames) is too short for the "
            f"text ({len(tokens)} characters): {err}") from err
    token_at = path.token_index()
    owner = np.asarray(owner)
    word_at = np.where(token_at >= 0, owner[np.maximum(token_at, 0)], -1)
    label_at = np.where(path.states % 2 == 1, np.asarray(tokens)[np.maximum(token_at, 0)], blank)
    frame_prob = np.exp(log_probs[np.arange(len(label_at)), label_at])
    words = []
    for n, word in enumerate(alignable):
        frames = np.flatnonzero(word_at == n)
        first, last = int(frames[0]), int(frames[-1])
        confidence = float(frame_prob[first: last + 1].mean())
        words.append(ScoredWord(word.label, first * seconds_per_frame,
                                (last + 1) * seconds_per_frame, confidence, word.index))
    return words, unaligned
