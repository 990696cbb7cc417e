"""Autosave and crash recovery.

Every minute, a document with unsaved changes is written to the autosave folder (the app's
data folder, so read-only recording folders work too): ``<key>.TextGrid`` with the tiers
and ``<key>.json`` with the audio and alignment paths and the annotation. A save or a clean
close removes them; files still there at the next start are offered for recovery."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from analysis.atomic import atomic_write_text
from analysis.errors import MixScopeError

INTERVAL_MS = 60_000
ENV_FOLDER = "MIXSCOPE_AUTOSAVE_DIR"


def autosave_folder() -> Path:
    """``$MIXSCOPE_AUTOSAVE_DIR`` (tests), else <app data>/autosave."""
    folder = os.environ.get(ENV_FOLDER)
    if not folder:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        folder = str(Path(base) / "autosave")
    return Path(folder)


def _key(document) -> str:
    name = str(document.audio_path or document.alignment_path or id(document))
    return hashlib.sha1(name.encode()).hexdigest()[:16]


class Autosaver(QObject):
    def __init__(self, window, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    def save_now(self) -> Path | None:
        """Write the current document if it has unsaved changes; the manifest path."""
        document = self.window.document
        if document is None or not document.modified:
            return None
        from analysis.alignment.io import write_alignment

        folder = autosave_folder()
        folder.mkdir(parents=True, exist_ok=True)
        key = _key(document)
        write_alignment(folder / f"{key}.TextGrid", document.grid, format="long")
        manifest = {
            "audio_path": str(document.audio_path) if document.audio_path else None,
            "alignment_path": str(document.alignment_path) if document.alignment_path else None,
            "alignment_format": document.alignment_format,
            "annotation": document.annotation.to_json(),
            "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        atomic_write_text(folder / f"{key}.json", json.dumps(manifest, ensure_ascii=False))
        return folder / f"{key}.json"

    def discard(self, document) -> None:
        """Forget the autosave of ``document`` (it was saved, or closed on purpose)."""
        if document is None:
            return
        for suffix in (".json", ".TextGrid"):
            (autosave_folder() / f"{_key(document)}{suffix}").unlink(missing_ok=True)


def pending_recoveries() -> list[Path]:
    """Manifests left by a session that did not end cleanly."""
    folder = autosave_folder()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def describe(manifest: Path) -> str:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    name = data.get("alignment_path") or data.get("audio_path") or manifest.stem
    return f"{name} (autosaved {data.get('saved_at', '?')})"


def recover(manifest: Path):
    """The autosaved Document (marked modified, paths as before the crash)."""
    from analysis.alignment.annotation import Annotation
    from analysis.alignment.io import read_alignment
    from analysis.audio import load_audio
    from gui.state.document import Document

    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise MixScopeError(f"{manifest}: unreadable autosave ({err})") from err
    if not data.get("audio_path"):
        raise MixScopeError(f"{manifest}: the autosave names no audio file")
    grid = read_alignment(manifest.with_suffix(".TextGrid")).grid
    fields = {k: v for k, v in (data.get("annotation") or {}).items() if k in Annotation.FIELDS}
    extra = {k: v for k, v in (data.get("annotation") or {}).items()
             if k not in Annotation.FIELDS}
    alignment_path = data.get("alignment_path")
    document = Document.from_audio(load_audio(data["audio_path"]), grid,
                                   Annotation(**fields, extra=extra),
                                   Path(alignment_path) if alignment_path else None)
    document.alignment_format = data.get("alignment_format") or "long"
    document.modified = True
    return document


def forget(manifest: Path) -> None:
    manifest.unlink(missing_ok=True)
    manifest.with_suffix(".TextGrid").unlink(missing_ok=True)
