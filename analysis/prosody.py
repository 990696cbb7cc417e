"""Pitch and intensity contours of a stretch of audio, computed by Praat itself (parselmouth),
with Praat's default settings, for the editor's overlay on the spectrogram.

Samples are taken as sound pressure in pascal (Praat's convention for a file's samples), so
a full-scale sine is about 91 dB, as in Praat. The analysis runs on the requested window
plus a margin, so that contours reach the window's edges."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ProsodySettings:
    pitch_floor: float = 75.0  # Hz; also the intensity analysis' minimum pitch (as Praat)
    pitch_ceiling: float = 500.0  # Hz: the top of the pitch scale drawn
    intensity_floor: float = 50.0  # dB: the bottom of the intensity scale drawn
    intensity_ceiling: float = 100.0  # dB


@dataclass(frozen=True)
class Contour:
    times: np.ndarray  # seconds in the file
    values: np.ndarray  # Hz or dB; NaN where undefined (unvoiced frames)


def _sound(samples: np.ndarray, sample_rate: int, start: float, end: float, margin: float):
    import parselmouth

    first = max(int(np.floor((start - margin) * sample_rate)), 0)
    last = min(int(np.ceil((end + margin) * sample_rate)), len(samples))
    if last - first < 2:
        return None
    segment = np.asarray(samples[first:last], dtype=np.float64)
    return parselmouth.Sound(segment, sampling_frequency=sample_rate,
                             start_time=first / sample_rate)


def _within(times, values, start, end) -> Contour:
    keep = (times >= start) & (times <= end)
    return Contour(np.asarray(times[keep], float), np.asarray(values[keep], float))


def _empty() -> Contour:
    return Contour(np.zeros(0), np.zeros(0))


def pitch_contour(samples: np.ndarray, sample_rate: int, start: float, end: float,
                  settings: ProsodySettings = ProsodySettings()) -> Contour:
    """F0 in Hz (Praat's autocorrelation method, default time step); NaN when unvoiced."""
    margin = 3.0 / settings.pitch_floor  # Praat's analysis window is three periods
    sound = _sound(samples, sample_rate, start, end, margin)
    if sound is None or sound.duration < margin:
        return _empty()
    import parselmouth

    try:
        pitch = sound.to_pitch(pitch_floor=settings.pitch_floor,
                               pitch_ceiling=settings.pitch_ceiling)
    except parselmouth.PraatError:  # shorter than Praat's analysis window
        return _empty()
    f0 = pitch.selected_array["frequency"].astype(float)
    f0[f0 <= 0] = np.nan
    return _within(pitch.xs(), f0, start, end)


def intensity_contour(samples: np.ndarray, sample_rate: int, start: float, end: float,
                      settings: ProsodySettings = ProsodySettings()) -> Contour:
    """Intensity in dB re 2e-5 Pa (Praat's "To Intensity", mean subtracted)."""
    margin = 3.2 / settings.pitch_floor  # the Gaussian window Praat uses for intensity
    sound = _sound(samples, sample_rate, start, end, margin)
    if sound is None or sound.duration < margin:
        return _empty()
    import parselmouth

    try:
        intensity = sound.to_intensity(minimum_pitch=settings.pitch_floor)
    except parselmouth.PraatError:  # shorter than Praat's analysis window
        return _empty()
    values = intensity.values[0].astype(float)
    values[~np.isfinite(values)] = np.nan
    return _within(intensity.xs(), values, start, end)
