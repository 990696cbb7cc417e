"""The first save of a document whose audio is no file of the user's yet (a recorded take,
a copy of a bundled example) writes that audio beside the alignment, with the same name
(``take.TextGrid`` -> ``take.wav``), asking before replacing a file already there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from analysis.recording.saving import save_recording_audio, wav_path_for


def save_audio_beside(window, document, alignment_path: Path) -> Path:
    """Write ``document``'s unsaved audio beside ``alignment_path``; the WAV written.
    Raises MixScopeError when it cannot be written (the document is left as it was)."""
    wav = wav_path_for(alignment_path)
    if wav.exists() and not _may_replace(window, wav):
        wav = free_name(wav)
    save_recording_audio(wav, document.audio, document.unsaved_audio.subtype)
    document.audio_saved(wav)
    return wav


def _may_replace(window, wav: Path) -> bool:
    answer = QMessageBox.question(
        window, "Save audio", f"{wav} already exists. Replace it with this document's audio? "
        "(No keeps both: the audio gets a new name.)")
    return answer == QMessageBox.StandardButton.Yes


def free_name(path: Path) -> Path:
    """``path`` with the first free ``-2``, ``-3``... before its suffix."""
    n = 2
    while path.with_name(f"{path.stem}-{n}{path.suffix}").exists():
        n += 1
    return path.with_name(f"{path.stem}-{n}{path.suffix}")
