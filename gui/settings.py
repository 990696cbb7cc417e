"""Every preference MixScope stores, in one typed place: each setting has its key, its type
and its default here, and nothing else calls QSettings. ``reset()`` forgets them all.

Values are read back as the type of their default: QSettings returns strings for numbers
and booleans in INI files and a bare string for a one-item list, which each caller used to
patch up in its own way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from analysis.spectrogram import SpectrogramSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T

    def get(self) -> T:
        value = QSettings().value(self.key, None)
        if value is None:
            return self.default
        try:
            return _as_type(value, self.default)
        except (TypeError, ValueError):
            return self.default

    def set(self, value: T) -> None:
        if isinstance(self.default, tuple):
            value = list(value)
        elif isinstance(self.default, bytes):
            value = QByteArray(bytes(value))
        QSettings().setValue(self.key, value)

    def clear(self) -> None:
        QSettings().remove(self.key)


def _as_type(value, default):
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
    if isinstance(default, (int, float)):
        return type(default)(value)
    if isinstance(default, tuple):
        items = [value] if isinstance(value, str) else list(value or [])
        return tuple(str(item) for item in items)
    if isinstance(default, bytes):
        return bytes(value.data() if isinstance(value, QByteArray) else value)
    return str(value)


# -- editor --------------------------------------------------------------------------------
RECENT_FILES = Setting("editor/recentFiles", ())  # "audio|alignment" entries, newest first
EXAMPLE_SHOWN = Setting("editor/exampleShown", False)
_SPECTROGRAM = SpectrogramSettings()
SPECTROGRAM_WINDOW_LENGTH = Setting("editor/spectrogram/windowLength", _SPECTROGRAM.window_length)
SPECTROGRAM_MAX_FREQUENCY = Setting("editor/spectrogram/maxFrequency", _SPECTROGRAM.max_frequency)
SPECTROGRAM_DYNAMIC_RANGE = Setting("editor/spectrogram/dynamicRange", _SPECTROGRAM.dynamic_range)
SHOW_PITCH = Setting("editor/spectrogram/show_pitch", False)
SHOW_INTENSITY = Setting("editor/spectrogram/show_intensity", False)
LAST_FOLDER = Setting("files/lastFolder", "")  # where the last file dialog was answered

# -- scoring and corpora -------------------------------------------------------------------
RECENT_MODELS = Setting("scoring/recentModels", ())
CORPUS_LAST_SOURCE = Setting("corpus/lastSource", "")
CORPUS_SPEAKER = Setting("corpus/speaker", "")
LINK_LAYERS = Setting("heatmaps/linkLayers", True)  # one layer control drives every dock

# -- the window ----------------------------------------------------------------------------
WINDOW_GEOMETRY = Setting("window/geometry", b"")
WORKSPACE = Setting("window/workspace", "annotate")  # the arrangement of the docks shown


def workspace_state(name: str) -> Setting[bytes]:
    """The saved dock arrangement of one workspace ("annotate", "analyse")."""
    return Setting(f"window/state/{name}", b"")


def remember(setting: Setting[tuple], value: str, limit: int) -> tuple:
    """Put ``value`` first in a most-recent list (no duplicates, at most ``limit``)."""
    entries = (value, *(v for v in setting.get() if v != value))[:limit]
    setting.set(entries)
    return entries


def start_folder(suggested: str | Path | None = None) -> str:
    """Where a file dialog opens: beside ``suggested`` when it names a file or folder that
    exists, else the folder used last, else the user's documents folder (never the app's own)."""
    if suggested:
        path = Path(suggested)
        folder = path if path.is_dir() else path.parent
        if folder.is_dir() and str(folder) not in ("", "."):
            return str(path)
    last = LAST_FOLDER.get()
    folder = Path(last) if last and Path(last).is_dir() else _user_folder()
    return str(folder / Path(suggested).name) if suggested else str(folder)


def _user_folder() -> Path:
    """The user's documents folder (the home folder where there is none)."""
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def used_file(path: str | Path) -> None:
    """Remember the folder of a file the user just chose in a dialog."""
    if path:
        LAST_FOLDER.set(str(Path(path).parent))


def reset() -> None:
    """Forget every stored preference (the next start uses the defaults)."""
    QSettings().clear()
