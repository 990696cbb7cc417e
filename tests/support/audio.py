"""Synthetic test audio: tones, noise bursts and espeak-ng French words with exact bounds."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16000


def tone(duration: float, frequency: float = 220.0, sample_rate: int = SAMPLE_RATE,
         amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(round(duration * sample_rate))) / sample_rate
    return (amplitude * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def speechlike(duration: float, seed: int = 0, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Amplitude-modulated harmonic noise: enough structure for spectrograms and models."""
    rng = np.random.default_rng(seed)
    n = int(round(duration * sample_rate))
    t = np.arange(n) / sample_rate
    pitch = 120 + 30 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / sample_rate
    voiced = sum(np.sin(k * phase) / k for k in range(1, 8))
    envelope = 0.5 * (1 + np.sin(2 * np.pi * 3.0 * t)) ** 2
    return (0.2 * envelope * voiced + 0.01 * rng.standard_normal(n)).astype(np.float32)


@dataclass(frozen=True)
class SpokenWords:
    waveform: np.ndarray  # float32 mono at ``sample_rate``
    sample_rate: int
    words: list[tuple[str, float, float]]  # (word, start, end) in seconds, exact


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def espeak_words(words: list[str], voice: str = "fr", gap: float = 0.05,
                 lead: float = 0.1, sample_rate: int = SAMPLE_RATE) -> SpokenWords:
    """Synthesize each word alone with espeak-ng and concatenate them with ``gap`` seconds of
    silence, so that every word's start and end time is known exactly."""
    import soxr

    pieces = [np.zeros(int(lead * sample_rate), np.float32)]
    spans = []
    position = len(pieces[0])
    for word in words:
        audio, rate = _espeak(word, voice)
        audio = soxr.resample(audio, rate, sample_rate).astype(np.float32)
        audio = _trim_silence(audio)
        spans.append((word, position / sample_rate, (position + len(audio)) / sample_rate))
        silence = np.zeros(int(gap * sample_rate), np.float32)
        pieces += [audio, silence]
        position += len(audio) + len(silence)
    pieces.append(np.zeros(int(lead * sample_rate), np.float32))
    return SpokenWords(np.concatenate(pieces), sample_rate, spans)


def _espeak(text: str, voice: str) -> tuple[np.ndarray, int]:
    import io

    import soundfile

    wav = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], check=True,
                         capture_output=True).stdout
    audio, rate = soundfile.read(io.BytesIO(wav), dtype="float32")
    return audio, rate


def _trim_silence(audio: np.ndarray, threshold: float = 1e-3) -> np.ndarray:
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return audio[loud[0]: loud[-1] + 1] if len(loud) else audio
