"""Automatic word alignment: propose the word tier, the researcher corrects it.

Two aligners, chosen by the model's kind:
- ``ctc``: forced alignment of the transcription with a wav2vec2-family CTC model
  (``analysis.autoalign.ctc``);
- ``whisper``: word timestamps from a Whisper model's cross-attention alignment heads
  (``analysis.autoalign.whisper``).
Both return an ``AutoAlignment``: timed words with a confidence each (``.tier()`` gives the
word tier, gaps as empty intervals) and the words that could not be aligned.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from analysis.autoalign.result import (
    DEFAULT_REVIEW_BELOW,
    AutoAlignment,
    Cancelled,
    ScoredWord,
    UnalignedWord,
)

__all__ = ["BACKENDS", "DEFAULT_REVIEW_BELOW", "AutoAlignment", "Cancelled", "ScoredWord",
           "UnalignedWord", "align_words"]

BACKENDS = {
    "ctc": "CTC forced alignment (wav2vec2, HuBERT, data2vec)",
    "whisper": "Whisper word timestamps (cross-attention alignment heads)",
}


def align_words(loaded, waveform: np.ndarray, text: str, language: str | None = "fr",
                window: float = 15.0,
                progress: Callable[[int, int, str], None] | None = None,
                cancel=None) -> AutoAlignment:
    """Align ``text`` to a 16 kHz mono ``waveform`` with the aligner that suits ``loaded``
    (a ``LoadedModel``): CTC forced alignment or Whisper cross-attention timestamps."""
    if loaded.kind == "ctc":
        from analysis.autoalign.ctc import align_ctc

        return align_ctc(loaded, waveform, text, window=window, progress=progress,
                         cancel=cancel)
    from analysis.autoalign.whisper import align_whisper

    return align_whisper(loaded, waveform, text, language=language, progress=progress,
                         cancel=cancel)
