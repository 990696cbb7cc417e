"""Audio in and out: load any file libsndfile reads, mix to mono, resample (soxr), save.

Models take mono 16 kHz float32; the file on disk is never modified.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.atomic import atomic_path
from analysis.errors import MixScopeError

MODEL_RATE = 16000


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32, shape (frames,) mono or (frames, channels)
    sample_rate: int
    path: Path | None = None

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def channels(self) -> int:
        return 1 if self.samples.ndim == 1 else self.samples.shape[1]

    def mono(self) -> np.ndarray:
        return to_mono(self.samples)

    def for_model(self) -> np.ndarray:
        """Mono float32 at 16 kHz, what the speech models take."""
        return resample(self.mono(), self.sample_rate, MODEL_RATE)


def to_mono(samples: np.ndarray) -> np.ndarray:
    samples = np.asarray(samples, dtype=np.float32)
    return samples if samples.ndim == 1 else samples.mean(axis=1, dtype=np.float32)


def resample(samples: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    if rate_in == rate_out:
        return np.asarray(samples, dtype=np.float32)
    import soxr

    return soxr.resample(np.asarray(samples, dtype=np.float32), rate_in, rate_out,
                         quality="HQ").astype(np.float32, copy=False)


def load_audio(path: str | Path) -> Audio:
    """Read an audio file as float32 (all channels kept); a clear error names the file."""
    import soundfile

    path = Path(path)
    if not path.exists():
        raise MixScopeError(f"audio file not found: {path}")
    try:
        samples, rate = soundfile.read(path, dtype="float32", always_2d=False)
    except (RuntimeError, soundfile.LibsndfileError, TypeError, ValueError) as err:
        raise MixScopeError(f"cannot read audio file {path}: {err}") from err
    if samples.size == 0:
        raise MixScopeError(f"audio file {path} contains no samples")
    return Audio(samples, int(rate), path)


def load_for_model(path: str | Path) -> np.ndarray:
    """Mono float32 16 kHz samples of an audio file."""
    return load_audio(path).for_model()


def save_audio(path: str | Path, samples: np.ndarray, sample_rate: int,
               subtype: str = "PCM_16") -> None:
    """Write a WAV/FLAC (by extension) atomically; ``subtype`` "PCM_16" or "FLOAT"."""
    import soundfile

    path = Path(path)
    file_format = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG"}.get(path.suffix.lower(), "WAV")
    with atomic_path(path) as tmp:
        soundfile.write(tmp, np.asarray(samples), sample_rate, subtype=subtype,
                        format=file_format)
