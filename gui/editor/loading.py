"""Build a Document from files on disk (Qt-free logic, used by File > Open, drag and drop,
the command line, examples and autosave recovery). Errors are MixScopeErrors naming the
file and the problem."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from analysis.audio import load_audio
from analysis.errors import MixScopeError
from analysis.file_formats import (
    ALIGNMENT_FORMATS,
    companion_suffixes,
    describe,
    is_alignment,
    is_audio,
    readable_audio_suffixes,
)
from gui.state.document import Document, UnsavedAudio


def companion_alignment(audio_path: Path) -> Path | None:
    """An alignment beside the audio with the same stem (.TextGrid first, then .json)."""
    audio_path = Path(audio_path)
    for suffix in companion_suffixes():
        candidate = audio_path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def open_document(audio_path, alignment_path=None, find_companion: bool = True) -> Document:
    """Load the audio and (when given or found beside it) its alignment."""
    from analysis.alignment.io import read_alignment
    from analysis.alignment.sidecar import read_sidecar

    audio = load_audio(audio_path)
    if alignment_path is None and find_companion:
        alignment_path = companion_alignment(Path(audio_path))
    if alignment_path is None:
        return Document.from_audio(audio)
    alignment = read_alignment(alignment_path)
    annotation = alignment.annotation or read_sidecar(alignment_path)
    document = Document.from_audio(audio, alignment.grid, annotation, Path(alignment_path))
    fmt = alignment.source_format  # "binary" and "praat" files are saved as long text
    document.alignment_format = fmt if is_saveable(fmt) else "long"
    return document


def is_saveable(format_name: str) -> bool:
    return any(f.name == format_name for f in ALIGNMENT_FORMATS)


def open_copy(audio_path, alignment_path) -> Document:
    """An untitled copy of ``audio_path`` and its alignment (a bundled example): no file of
    it is ever written; the first save writes the alignment and the audio where the user
    chooses."""
    original = open_document(audio_path, alignment_path)
    return Document.from_audio(replace(original.audio, path=None), original.grid,
                               original.annotation,
                               unsaved_audio=UnsavedAudio(Path(audio_path)))


def split_dropped(paths: list[Path]) -> tuple[Path | None, Path | None]:
    """(audio, alignment) among dropped or given files; an error for anything else."""
    audio = alignment = None
    for path in paths:
        path = Path(path)
        if is_audio(path) and audio is None:
            audio = path
        elif is_alignment(path) and alignment is None:
            alignment = path
        else:
            audio_suffixes = ", ".join(readable_audio_suffixes())
            raise MixScopeError(f"{path}: not an audio file ({audio_suffixes}) or an "
                                f"alignment ({describe(ALIGNMENT_FORMATS)})")
    return audio, alignment
