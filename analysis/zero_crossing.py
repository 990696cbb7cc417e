"""The zero crossing nearest a time: where a boundary cuts the waveform without a click."""

from __future__ import annotations

import numpy as np


def nearest_zero_crossing(samples: np.ndarray, sample_rate: int, time: float,
                          search: float = 0.02) -> float | None:
    """The time of the zero crossing nearest ``time`` within ``search`` seconds (linear
    interpolation between the two samples of opposite sign), or None if there is none."""
    centre = int(round(time * sample_rate))
    radius = int(round(search * sample_rate))
    first, last = max(centre - radius, 0), min(centre + radius + 1, len(samples))
    chunk = np.asarray(samples[first:last], dtype=np.float64)
    if len(chunk) < 2:
        return None
    signs = np.signbit(chunk)
    crossings = np.flatnonzero(signs[:-1] != signs[1:])
    if len(crossings) == 0:
        return None
    a, b = chunk[crossings], chunk[crossings + 1]
    fractions = np.where(a != b, a / (a - b), 0.0)
    times = (first + crossings + fractions) / sample_rate
    return float(times[np.argmin(np.abs(times - time))])
