"""Level meter figures for a block of samples."""

from __future__ import annotations

import math

import numpy as np

CLIP_LEVEL = 32767 / 32768  # a sample at full scale: the input is clipping
SILENCE_DB = -120.0


def as_float(samples: np.ndarray) -> np.ndarray:
    """float32 in [-1, 1) whatever the capture dtype (int16 is scaled by 1/32768, exactly)."""
    samples = np.asarray(samples)
    if samples.dtype == np.int16:
        return samples.astype(np.float32) / 32768.0
    return samples.astype(np.float32, copy=False)


def peak(samples: np.ndarray) -> float:
    samples = as_float(samples)
    return float(np.abs(samples).max()) if samples.size else 0.0


def to_dbfs(level: float) -> float:
    return 20.0 * math.log10(level) if level > 0 else SILENCE_DB


def is_clipping(level: float) -> bool:
    return level >= CLIP_LEVEL
