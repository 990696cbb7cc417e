"""Audio in and out: load any file libsndfile reads, mix to mono, resample (soxr), save.
The formats offered are ``analysis.file_formats.AUDIO_FORMATS``.

Models take mono 16 kHz float32; the file on disk is never modified.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.atomic import atomic_path
from analysis.errors import InputWarning, MixScopeError
from analysis.file_formats import AUDIO_FORMATS, by_name, find

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
    check_finite(samples, int(rate), str(path))
    _warn_if_truncated(path, len(samples), int(rate))
    return Audio(samples, int(rate), path)


def check_finite(samples: np.ndarray, rate: int, where: str) -> None:
    """Refuse samples holding NaN or infinity (a float WAV can): every score of such audio
    would be NaN."""
    finite = np.isfinite(samples)
    if not finite.all():
        first = int(np.argmin(finite.reshape(len(samples), -1).all(axis=1)))
        raise MixScopeError(f"audio {where} holds samples that are not numbers (NaN or "
                            f"infinity), the first at {first / rate:.3f} s")


def _warn_if_truncated(path: Path, frames: int, rate: int) -> None:
    """Warn (InputWarning) when a WAV header promises more audio than the file holds:
    libsndfile silently reads what is there, which may be a few milliseconds."""
    promised = wav_promised_bytes(path)
    if promised is None:
        return
    data_bytes, frame_bytes = promised
    if frame_bytes and data_bytes // frame_bytes > frames:
        warnings.warn(InputWarning(
            f"{path}: the header promises {data_bytes // frame_bytes / rate:.3f} s of audio "
            f"but the file holds {frames / rate:.3f} s (truncated?); opened what is there"),
            stacklevel=3)


def wav_promised_bytes(path: Path) -> tuple[int, int] | None:
    """(data bytes the header declares, bytes per frame) of a RIFF WAV, or None for other
    files and for the "size unknown" placeholders streaming writers leave."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            frame_bytes = 0
            while True:
                chunk = handle.read(8)
                if len(chunk) < 8:
                    return None
                size = int.from_bytes(chunk[4:], "little")
                if chunk[:4] == b"fmt ":
                    fmt = handle.read(size + size % 2)
                    frame_bytes = int.from_bytes(fmt[12:14], "little") if len(fmt) >= 14 else 0
                elif chunk[:4] == b"data":
                    return None if size in (0, 0xFFFFFFFF) else (size, frame_bytes)
                else:
                    handle.seek(size + size % 2, 1)
    except OSError:
        return None


def load_for_model(path: str | Path) -> np.ndarray:
    """Mono float32 16 kHz samples of an audio file."""
    return load_audio(path).for_model()


def save_audio(path: str | Path, samples: np.ndarray, sample_rate: int,
               subtype: str = "PCM_16") -> None:
    """Write atomically in the audio format of the extension (WAV for any other name);
    ``subtype`` ("PCM_16" or "FLOAT") applies to the formats that store PCM samples."""
    import soundfile

    path = Path(path)
    file_format, codec_subtype = (find(AUDIO_FORMATS, path) or by_name(AUDIO_FORMATS, "wav")).codec
    with atomic_path(path) as tmp:
        soundfile.write(tmp, np.asarray(samples), sample_rate,
                        subtype=codec_subtype or subtype, format=file_format)
