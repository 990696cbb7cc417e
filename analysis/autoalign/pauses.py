"""Where a recording is silent: speech onset and offset, and the pauses in between.

Silence is judged on Praat's intensity contour (parselmouth, a short 8 ms window every 2 ms)
with a threshold relative to the recording itself: the loudest speech (99th percentile)
minus ``drop_db``, or ``floor_margin_db`` above the noise floor (5th percentile) when that is
higher, so a noisy take is judged against its own noise. A silent run of at least
``min_pause`` inside the speech is a pause. Its edges are then placed to the sample: the
outermost sample louder than the threshold within one analysis window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

REFERENCE = 2e-5  # Pa: intensity is in dB re this pressure


@dataclass(frozen=True)
class PauseSettings:
    drop_db: float = 35.0  # silence: more than this below the loudest speech...
    floor_margin_db: float = 10.0  # ...and less than this above the noise floor, if higher
    min_pause: float = 0.025  # seconds: a shorter silent run is not a pause
    window_pitch: float = 400.0  # Hz: Praat's "minimum pitch", i.e. an 8 ms window
    time_step: float = 0.002  # seconds between intensity frames


@dataclass(frozen=True)
class SpeechActivity:
    onset: float  # seconds: where speech starts
    offset: float  # seconds: where speech ends
    pauses: list[tuple[float, float]] = field(default_factory=list)  # inside the speech
    threshold_db: float = 0.0
    times: np.ndarray = field(default_factory=lambda: np.zeros(0))  # intensity frames
    intensity: np.ndarray = field(default_factory=lambda: np.zeros(0))  # dB

    def intensity_minimum(self, time: float, radius: float) -> float:
        """The frame of lowest intensity within ``radius`` of ``time`` (``time`` if none)."""
        near = np.flatnonzero(np.abs(self.times - time) <= radius)
        if len(near) == 0:
            return time
        values = self.intensity[near]
        lowest = near[values <= values.min() + 1e-9]
        return float(self.times[lowest[np.argmin(np.abs(self.times[lowest] - time))]])


def speech_activity(samples: np.ndarray, sample_rate: int,
                    settings: PauseSettings = PauseSettings()) -> SpeechActivity | None:
    """The speech onset, offset and pauses of ``samples``; None when nothing is louder than
    the silence threshold (or the audio is too short to analyse)."""
    import parselmouth

    samples = np.asarray(samples, dtype=np.float64)
    duration = len(samples) / sample_rate
    sound = parselmouth.Sound(samples, sampling_frequency=float(sample_rate))
    try:
        intensity = sound.to_intensity(minimum_pitch=settings.window_pitch,
                                       time_step=settings.time_step, subtract_mean=False)
    except parselmouth.PraatError:  # shorter than one analysis window
        return None
    times = np.asarray(intensity.xs(), dtype=float)
    values = np.asarray(intensity.values[0], dtype=float)
    values[~np.isfinite(values)] = -300.0
    if len(values) == 0:
        return None
    loud, floor = np.percentile(values, 99), np.percentile(values, 5)
    threshold = max(loud - settings.drop_db, floor + settings.floor_margin_db)
    sounding = values >= threshold
    if not sounding.any():
        return None
    amplitude = REFERENCE * 10 ** (threshold / 20)
    radius = 3.2 / settings.window_pitch + settings.time_step  # how far a frame edge can be off
    first, last = np.flatnonzero(sounding)[[0, -1]]
    onset = _edge(samples, sample_rate, times[first] - settings.time_step / 2, radius,
                  amplitude, rising=True)
    offset = _edge(samples, sample_rate, times[last] + settings.time_step / 2, radius,
                   amplitude, rising=False)
    pauses = []
    for start, end in _silent_runs(sounding[first:last + 1]):
        begin = times[first + start] - settings.time_step / 2
        finish = times[first + end - 1] + settings.time_step / 2
        if finish - begin < settings.min_pause:
            continue
        begin = _edge(samples, sample_rate, begin, radius, amplitude, rising=False)
        finish = _edge(samples, sample_rate, finish, radius, amplitude, rising=True)
        if finish - begin >= settings.min_pause:
            pauses.append((round(begin, 6), round(finish, 6)))
    return SpeechActivity(round(max(onset, 0.0), 6), round(min(offset, duration), 6), pauses,
                          float(threshold), times, values)


def _silent_runs(sounding: np.ndarray) -> list[tuple[int, int]]:
    """(first, end) frame indices of each run of False, end exclusive."""
    padded = np.concatenate(([True], sounding, [True])).astype(np.int8)
    changes = np.flatnonzero(np.diff(padded))
    return list(zip(changes[::2], changes[1::2], strict=True))


def _edge(samples: np.ndarray, sample_rate: int, time: float, radius: float, amplitude: float,
          rising: bool) -> float:
    """Place a silence/speech edge found on the intensity frames to the sample: where speech
    starts (``rising``), the first sample louder than ``amplitude`` within ``radius``; where
    it stops, just after the last one. Unchanged when no sample there is that loud."""
    lo = max(int((time - radius) * sample_rate), 0)
    hi = min(int((time + radius) * sample_rate) + 1, len(samples))
    loud = np.flatnonzero(np.abs(samples[lo:hi]) > amplitude)
    if len(loud) == 0:
        return time
    return (lo + loud[0]) / sample_rate if rising else (lo + loud[-1] + 1) / sample_rate


@dataclass(frozen=True)
class Squeezed:
    """A recording with its long silences shortened, and the way back to its times."""

    samples: np.ndarray
    pieces: tuple[tuple[float, float], ...]  # (start here, start in the recording), in order
    sample_rate: int

    def to_original(self, time: float) -> float:
        starts = [here for here, _ in self.pieces]
        k = max(int(np.searchsorted(starts, time, side="right")) - 1, 0)
        here, there = self.pieces[k]
        return round(there + (time - here), 6)


def squeeze_pauses(samples: np.ndarray, sample_rate: int, activity: SpeechActivity | None,
                   keep: float = 0.02) -> Squeezed:
    """``samples`` with the silence before and after the speech, and each pause, cut down to
    ``keep`` seconds on either side: what an aligner that expects fluent speech (eSpeak's
    synthetic speech has no pauses) can follow."""
    duration = len(samples) / sample_rate
    if activity is None:
        return Squeezed(np.asarray(samples), ((0.0, 0.0),), sample_rate)
    edges = [max(activity.onset - keep, 0.0)]
    for start, end in activity.pauses:
        if end - start > 2 * keep:
            edges += [start + keep, end - keep]
    edges.append(min(activity.offset + keep, duration))
    pieces, chunks, here = [], [], 0.0
    for first, last in zip(edges[::2], edges[1::2], strict=True):
        a, b = int(round(first * sample_rate)), int(round(last * sample_rate))
        pieces.append((here, a / sample_rate))
        chunks.append(samples[a:b])
        here += (b - a) / sample_rate
    return Squeezed(np.concatenate(chunks), tuple(pieces), sample_rate)
