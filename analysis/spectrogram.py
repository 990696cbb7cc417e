"""Short-time spectrogram of a stretch of audio (numpy only), Praat-style settings.

``window_length`` is the analysis window in seconds (Praat's 5 ms default gives the
wide-band spectrogram that shows formants); ``max_frequency`` caps the image; values are in
dB, clipped to ``dynamic_range`` below the loudest cell."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SpectrogramSettings:
    window_length: float = 0.005
    max_frequency: float = 5000.0
    dynamic_range: float = 70.0


@dataclass(frozen=True)
class Spectrogram:
    db: np.ndarray  # [frequencies, frames], row 0 = 0 Hz; 0 dB = loudest, floor -dynamic_range
    start: float  # time of the left edge of the first frame's cell (s)
    end: float  # right edge of the last cell (s)
    max_frequency: float  # top edge of the last row (Hz)


def spectrogram(samples: np.ndarray, sample_rate: int, start: float, end: float,
                settings: SpectrogramSettings = SpectrogramSettings(),
                max_frames: int = 1200) -> Spectrogram:
    """The spectrogram of ``samples`` between ``start`` and ``end`` seconds, with at most
    ``max_frames`` columns (the time step grows with the span, never below 1 ms)."""
    samples = np.asarray(samples, dtype=np.float32)
    window = max(int(round(2 * settings.window_length * sample_rate)), 8)  # as Praat
    span = max(end - start, 1.0 / sample_rate)
    step = max(span / max_frames, 0.001)
    centres = np.arange(start + step / 2, end, step)
    if len(centres) == 0:
        centres = np.array([(start + end) / 2])
    nfft = 1 << max(int(np.ceil(np.log2(window))), 8)
    # Frame starts in samples, padded with zeros outside the file.
    offsets = np.round(centres * sample_rate).astype(np.int64) - window // 2
    lo, hi = int(offsets[0]), int(offsets[-1]) + window
    padded = np.zeros(hi - lo, np.float32)
    a, b = max(lo, 0), min(hi, len(samples))
    if b > a:
        padded[a - lo: b - lo] = samples[a:b]
    frames = np.lib.stride_tricks.sliding_window_view(padded, window)[offsets - lo]
    frames = frames * _gaussian_window(window)
    power = np.abs(np.fft.rfft(frames, n=nfft, axis=1)) ** 2
    freq_step = sample_rate / nfft
    rows = min(int(np.ceil(settings.max_frequency / freq_step)) + 1, power.shape[1])
    db = 10.0 * np.log10(power[:, :rows].T + 1e-20)
    db -= db.max()
    np.maximum(db, -settings.dynamic_range, out=db)
    return Spectrogram(db.astype(np.float32), float(centres[0] - step / 2),
                       float(centres[-1] + step / 2), rows * freq_step)


def _gaussian_window(n: int) -> np.ndarray:
    """Praat's Gaussian analysis window (its effective length is half the nominal one)."""
    x = (np.arange(n) - (n - 1) / 2) / (n / 2)
    window = np.exp(-12.0 * x * x)
    return (window - window[0]) / (1 - window[0])
