"""Frame-wise CTC log-probabilities of a wav2vec2-family model, by overlapping windows.

Self-attention costs grow with the square of the length, so long recordings are cut into
windows. Each window is extended by ``context`` seconds on both sides, and only its central
frames are kept. Windows start on multiples of the feature encoder's stride (320 samples), so
a window's frame j is exactly the recording's frame (start/320 + j) and the kept pieces
stitch without resampling. The waveform is normalised once, as a whole, as the feature
extractor would, so every window sees the same scale.
"""

from __future__ import annotations

import numpy as np

from analysis.cancel import CancelToken, raise_if_cancelled
from analysis.errors import MixScopeError
from analysis.progress import Progress

SAMPLE_RATE = 16000


def frame_geometry(model) -> tuple[int, int]:
    """(stride, receptive field) of the convolutional feature encoder, in samples."""
    stride, field = 1, 1
    for kernel, step in zip(model.config.conv_kernel, model.config.conv_stride, strict=True):
        field += (kernel - 1) * stride
        stride *= step
    return stride, field


def frame_count(samples: int, stride: int, field: int) -> int:
    return 0 if samples < field else (samples - field) // stride + 1


def ctc_log_probs(loaded, waveform: np.ndarray, window: float = 15.0, context: float = 1.0,
                  progress: Progress | None = None,
                  cancel: CancelToken | None = None) -> np.ndarray:
    """[frames, vocabulary] float32 log-probabilities of a 16 kHz mono ``waveform``."""
    import torch

    model = loaded.model
    stride, field = frame_geometry(model)
    waveform = np.asarray(waveform, dtype=np.float32)
    total = frame_count(len(waveform), stride, field)
    if total == 0:
        raise MixScopeError(f"the audio is too short for the model ({len(waveform)} samples)")
    if getattr(loaded.feature_extractor, "do_normalize", True):
        waveform = (waveform - waveform.mean()) / np.sqrt(waveform.var() + 1e-7)
    step = max(1, int(window * SAMPLE_RATE) // stride)
    margin = int(context * SAMPLE_RATE) // stride
    pieces = []
    starts = list(range(0, total, step))
    for number, first in enumerate(starts):
        raise_if_cancelled(cancel, "the alignment")
        if progress is not None:
            progress(number, len(starts), f"acoustic model, window {number + 1}/{len(starts)}")
        last = min(first + step, total)
        lo, hi = max(0, first - margin), min(total, last + margin)
        chunk = waveform[lo * stride: (hi - 1) * stride + field]
        with torch.inference_mode():
            inputs = torch.from_numpy(chunk)[None].to(loaded.device, loaded.dtype)
            logits = model(inputs).logits[0].float()
            log_probs = torch.log_softmax(logits, dim=-1).cpu().numpy()
        if log_probs.shape[0] != hi - lo:
            raise MixScopeError(
                f"model '{loaded.source}' gave {log_probs.shape[0]} frames for a window "
                f"that should have {hi - lo}; its feature encoder is not a wav2vec2 one")
        pieces.append(log_probs[first - lo: last - lo])
    if progress is not None:
        progress(len(starts), len(starts), "acoustic model done")
    return np.concatenate(pieces, axis=0)
