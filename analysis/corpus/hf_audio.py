"""Audio values of ``datasets`` decoded with soundfile instead of torchcodec.

``datasets`` 5.x decodes its Audio feature with torchcodec (which needs FFmpeg's shared
libraries) and even imports torchcodec to *encode* a plain file path, which is what the
audiofolder builder does for every file. MixScope reads datasets with
``Audio(decode=False)`` (values stay ``{"bytes", "path"}``) and decodes them here with
soundfile + soxr; ``paths_only_audio_encoding`` lets the audiofolder builder run without
torchcodec by recording paths and bytes as they are (it never needs to re-encode them).
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from analysis.audio import MODEL_RATE, Audio, check_finite, resample, to_mono
from analysis.errors import MixScopeError

_patch_lock = threading.RLock()


def torchcodec_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("torchcodec") is not None


def decode_audio(value, source: str = "dataset", rate: int | None = MODEL_RATE) -> Audio:
    """Decode a ``{"bytes", "path"}`` audio value (or a path) to mono float32, resampled to
    ``rate`` (None keeps the file's rate). Errors name ``source`` and the file."""
    import soundfile

    if isinstance(value, (str, Path)):
        value = {"bytes": None, "path": str(value)}
    if not isinstance(value, dict):
        raise MixScopeError(f"{source}: unsupported audio value {type(value).__name__}")
    data, path = value.get("bytes"), value.get("path")
    if "array" in value:  # already decoded (e.g. an in-memory dataset)
        samples, native = np.asarray(value["array"], np.float32), int(value["sampling_rate"])
    else:
        if data is None and not path:
            raise MixScopeError(f"{source}: an audio value has neither bytes nor a path")
        where = path or "embedded audio"
        try:
            handle = io.BytesIO(data) if data is not None else path
            samples, native = soundfile.read(handle, dtype="float32", always_2d=False)
        except (RuntimeError, soundfile.LibsndfileError, OSError, TypeError) as err:
            raise MixScopeError(f"{source}: cannot decode audio {where}: {err}") from err
    check_finite(samples, int(native), f"{source} ({path or 'embedded audio'})")
    samples = to_mono(samples)
    if rate is not None and rate != native:
        samples, native = resample(samples, native, rate), rate
    return Audio(samples, int(native), Path(path) if path and data is None else None)


def _encode_without_torchcodec(self, value):
    """Stand-in for ``datasets.Audio.encode_example``: paths and bytes pass through."""
    if isinstance(value, (str, Path)):
        return {"bytes": None, "path": str(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value), "path": None}
    if isinstance(value, dict) and "array" not in value and (
            value.get("bytes") is not None or value.get("path") is not None):
        return {"bytes": value.get("bytes"), "path": value.get("path")}
    raise MixScopeError("encoding decoded audio arrays needs torchcodec, which is not "
                        "installed; give audio as files or bytes")


@contextlib.contextmanager
def paths_only_audio_encoding() -> Iterator[None]:
    """While active, ``datasets`` records audio files by path without importing torchcodec
    (a no-op when torchcodec is installed)."""
    if torchcodec_available():
        yield
        return
    from datasets import Audio as AudioFeature

    with _patch_lock:
        original = AudioFeature.encode_example
        AudioFeature.encode_example = _encode_without_torchcodec
        try:
            yield
        finally:
            AudioFeature.encode_example = original
