"""File dialogs that start where the user was: beside the file they concern when there is
one, else in the folder of the last file chosen in any dialog (gui.settings), never in the
app's own folder; the folder of every answer is remembered. Their filters are derived from
the format registry (analysis.file_formats), never written by hand."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtWidgets import QFileDialog, QWidget

from analysis.file_formats import ALIGNMENT_FORMATS, FileFormat, patterns
from gui import settings

ALL_FILES = "All files (*)"


def open_filter(title: str, formats: Iterable[FileFormat]) -> str:
    """``Audio (*.wav *.flac ...);;All files (*)``: every suffix of ``formats``."""
    return f"{title} ({' '.join(patterns(formats))});;{ALL_FILES}"


def save_filters(formats: Iterable[FileFormat]) -> dict[str, FileFormat]:
    """One filter per format, ``TextGrid, long text (*.TextGrid)``, naming the suffix a save
    appends; the answer's filter gives the format back."""
    return {f"{f.title} (*{f.suffix})": f for f in formats}


def open_file(parent: QWidget, title: str, filters: str, near=None) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, settings.start_folder(near), filters)
    settings.used_file(path)
    return path


def save_file(parent: QWidget, title: str, suggested, filters: str,
              selected: str = "") -> tuple[str, str]:
    """(path, chosen filter); ``suggested`` is a file name or path to start from."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, settings.start_folder(suggested),
                                               filters, selected)
    settings.used_file(path)
    return path, chosen


def open_folder(parent: QWidget, title: str, near=None) -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, settings.start_folder(near))
    if folder:
        settings.LAST_FOLDER.set(folder)
    return folder


def new_recording_name(suffix: str = ALIGNMENT_FORMATS[0].suffix) -> str:
    """A name for something that has none yet, e.g. ``recording-2026-12-01-1657.TextGrid``."""
    return f"recording-{datetime.now():%Y-%m-%d-%H%M}{suffix}"
