"""Saving a recorded take: the WAV goes beside its alignment, with the same name."""

from __future__ import annotations

from pathlib import Path

from analysis.audio import Audio, save_audio
from analysis.errors import MixScopeError

SUBTYPE_LABELS = {"PCM_16": "16-bit PCM", "FLOAT": "32-bit float"}


def wav_path_for(alignment_path: str | Path) -> Path:
    """``take.TextGrid`` -> ``take.wav`` (also for .json and Audacity .txt alignments)."""
    return Path(alignment_path).with_suffix(".wav")


def save_recording_audio(wav_path: str | Path, audio: Audio, subtype: str = "PCM_16") -> Path:
    """Write the take atomically as WAV, ``subtype`` "PCM_16" (default) or "FLOAT"."""
    wav_path = Path(wav_path)
    if subtype not in SUBTYPE_LABELS:
        raise MixScopeError(f"unsupported WAV format {subtype!r} for {wav_path}")
    try:
        save_audio(wav_path, audio.samples, audio.sample_rate, subtype=subtype)
    except OSError as err:
        raise MixScopeError(f"cannot save the recording to {wav_path}: {err.strerror}") from err
    return wav_path
