"""Automatic word alignment: propose the word tier, the researcher corrects it.

Three aligners (``BACKENDS``):
- ``praat``: Praat's eSpeak-based aligner, no model needed, words and phonemes, every
  language eSpeak speaks (``analysis.autoalign.praat``);
- ``ctc``: forced alignment of the transcription with a wav2vec2-family CTC model
  (``analysis.autoalign.ctc``);
- ``whisper``: word timestamps from a Whisper model's cross-attention alignment heads
  (``analysis.autoalign.whisper``).
Each returns an ``AutoAlignment``: timed words with a confidence each (``.tier()`` gives the
word tier, gaps as empty intervals) and the words that could not be aligned. Their
boundaries are then refined on the recording's pauses (``analysis.autoalign.refine``).
"""

from __future__ import annotations

import numpy as np

from analysis.autoalign.result import (
    DEFAULT_REVIEW_BELOW,
    AutoAlignment,
    ScoredWord,
    UnalignedWord,
)
from analysis.cancel import CancelToken
from analysis.progress import Progress

__all__ = ["BACKENDS", "DEFAULT_REVIEW_BELOW", "AutoAlignment", "ScoredWord",
           "UnalignedWord", "align_words"]

BACKENDS = {
    "praat": "Praat + eSpeak (no model needed; words and phonemes)",
    "ctc": "CTC forced alignment (wav2vec2, HuBERT, data2vec)",
    "whisper": "Whisper word timestamps (cross-attention alignment heads)",
}
SAMPLE_RATE = 16000  # what ``waveform`` is sampled at


def align_words(loaded, waveform: np.ndarray, text: str, language: str | None = "fr",
                window: float = 15.0,
                progress: Progress | None = None,
                cancel: CancelToken | None = None, refine: bool = True) -> AutoAlignment:
    """Align ``text`` to a 16 kHz mono ``waveform`` with the aligner that suits ``loaded``
    (a ``LoadedModel``: CTC forced alignment or Whisper cross-attention timestamps; None:
    Praat's eSpeak aligner, with ``language`` an eSpeak language), then refine the
    boundaries on the recording's pauses unless ``refine`` is False."""
    if loaded is None:
        from analysis.autoalign.praat import align_praat

        result = align_praat(waveform, SAMPLE_RATE, text, language=language or "fr",
                             progress=progress, cancel=cancel)
    elif loaded.kind == "ctc":
        from analysis.autoalign.ctc import align_ctc

        result = align_ctc(loaded, waveform, text, window=window, progress=progress,
                           cancel=cancel)
    else:
        from analysis.autoalign.whisper import align_whisper

        result = align_whisper(loaded, waveform, text, language=language, progress=progress,
                               cancel=cancel)
    if not refine:
        return result
    from analysis.autoalign.refine import refine_alignment

    return refine_alignment(result, waveform, SAMPLE_RATE)
