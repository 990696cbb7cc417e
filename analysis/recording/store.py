"""Unfinished recordings: a folder of streamed WAVs with a JSON note each, offered for
recovery at the next start until the user saves or discards them.

A recording in progress holds an exclusive lock on its ``.lock`` file (released by the OS
when the process dies), so a second MixScope never offers another one's live recording.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from analysis.atomic import atomic_write_text
from analysis.errors import MixScopeError
from analysis.file_lock import FileLock, locked_by_someone
from analysis.recording.wav_stream import repair_wav

APP_FOLDER = "MixScope"


def default_data_folder() -> Path:
    """The per-user data folder: $XDG_DATA_HOME (any platform, when set), else the platform's
    usual place (~/.local/share, ~/Library/Application Support, %LOCALAPPDATA%)."""
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg) / APP_FOLDER
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP_FOLDER
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_FOLDER
    return home / ".local" / "share" / APP_FOLDER


def default_recordings_folder() -> Path:
    return default_data_folder() / "recordings"


@dataclass
class StoredRecording:
    """One recording in the store: its WAV, its note (settings, prompt, state) and lock."""

    wav_path: Path
    meta: dict = field(default_factory=dict)

    @property
    def note_path(self) -> Path:
        return self.wav_path.with_suffix(".json")

    @property
    def lock_path(self) -> Path:
        return self.wav_path.with_suffix(".lock")

    @property
    def prompt(self) -> str:
        return self.meta.get("prompt") or ""

    @property
    def started(self) -> str:
        return self.meta.get("started", "")


@dataclass(frozen=True)
class Recoverable:
    recording: StoredRecording
    frames: int
    sample_rate: int

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


class RecoveryStore:
    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder = Path(folder) if folder is not None else default_recordings_folder()

    def create(self, meta: dict) -> tuple[StoredRecording, FileLock]:
        """A new recording slot, locked by this process until the lock is released."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise MixScopeError(f"cannot create the recordings folder {self.folder}: {err}") \
                from err
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        recording = StoredRecording(self.folder / f"recording-{stamp}.wav",
                                    {**meta, "started": datetime.now().isoformat(
                                        timespec="seconds"), "state": "recording"})
        lock = FileLock(recording.lock_path)
        self.write_note(recording)
        return recording, lock

    def write_note(self, recording: StoredRecording) -> None:
        atomic_write_text(recording.note_path, json.dumps(recording.meta, indent=1))

    def mark(self, recording: StoredRecording, state: str) -> None:
        recording.meta["state"] = state
        self.write_note(recording)

    def unfinished(self) -> list[Recoverable]:
        """Recordings not saved nor discarded and not in use by a live process, newest first.
        Empty ones (nothing recorded) are removed on the way."""
        if not self.folder.is_dir():
            return []
        found = []
        for wav in sorted(self.folder.glob("recording-*.wav"), reverse=True):
            recording = StoredRecording(wav, _read_note(wav.with_suffix(".json")))
            if locked_by_someone(recording.lock_path):
                continue
            try:
                frames = repair_wav(wav)
                rate = _wav_rate(wav)
            except (OSError, MixScopeError):
                continue
            if frames == 0:
                self.discard(recording)
                continue
            found.append(Recoverable(recording, frames, rate))
        return found

    def discard(self, recording: StoredRecording) -> None:
        for path in (recording.wav_path, recording.note_path, recording.lock_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def _read_note(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _wav_rate(path: Path) -> int:
    import soundfile

    return int(soundfile.info(str(path)).samplerate)


def load_recording(recoverable: Recoverable):
    """The samples of a stored recording as an ``analysis.audio.Audio`` (float32)."""
    from analysis.audio import load_audio

    repair_wav(recoverable.recording.wav_path)
    return load_audio(recoverable.recording.wav_path)
