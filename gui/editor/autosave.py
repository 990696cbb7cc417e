"""Autosave and crash recovery.

Every minute, a document with unsaved changes is written to its autosave slot in the
autosave folder (the app's data folder, so read-only recording folders work too):
``<slot>.TextGrid`` with the tiers and ``<slot>.json`` naming the audio (its file, or for
audio not saved yet, the recorded take or example it comes from), the alignment path and
the annotation. Each window has its own slot for its document, locked by ``<slot>.lock``
while the window lives, so two windows or processes never share one and a live slot is
never offered for recovery.

A slot goes away when its document no longer has unsaved changes (saved, or undone back to
the saved state), or is closed or replaced after the user chose to discard it. A recovered
slot is kept (and used again) until then: a second crash loses nothing either. A slot whose
lock nobody holds was left by a crash and is offered at the next start. A failing autosave
(e.g. a read-only folder) says so once, in the status bar and a dialog."""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from analysis.atomic import atomic_write_text
from analysis.errors import MixScopeError
from analysis.file_lock import FileLock, locked_by_someone

INTERVAL_MS = 60_000
ENV_FOLDER = "MIXSCOPE_AUTOSAVE_DIR"


def autosave_folder() -> Path:
    """``$MIXSCOPE_AUTOSAVE_DIR`` (tests), else <app data>/autosave."""
    folder = os.environ.get(ENV_FOLDER)
    if not folder:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        folder = str(Path(base) / "autosave")
    return Path(folder)


class Autosaver(QObject):
    def __init__(self, services, interval_ms: int = INTERVAL_MS) -> None:
        window = services.shell
        super().__init__(window)
        self.window = window  # the parent of the warning
        self.documents = services.documents
        self.status = services.status
        self.slot: Path | None = None  # the manifest of the current document's slot
        self.lock: FileLock | None = None  # held while the slot is this window's
        self.warning: QMessageBox | None = None
        self.failures_shown = 0
        self._failing = False
        self._document = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._autosave)
        self.timer.start()
        self.documents.document_changed.connect(self._document_changed)
        window.closing.connect(self._stop)

    # -- the current document --------------------------------------------------------------
    def _document_changed(self, document) -> None:
        if document is self._document:
            return
        if self._document is not None:
            self._document.modified_changed.disconnect(self._modified_changed)
        self._forget_slot()  # the window's guards let the old document go: saved or dropped
        self._document = document
        document.modified_changed.connect(self._modified_changed)

    def _modified_changed(self, modified: bool) -> None:
        if not modified:
            self._forget_slot()  # its files hold everything: nothing left to recover

    def adopt(self, manifest: Path) -> None:
        """Keep autosaving the current (recovered) document into ``manifest``'s slot."""
        self._forget_slot()
        self.lock = FileLock(manifest.with_suffix(".lock"))
        self.slot = manifest

    # -- saving ----------------------------------------------------------------------------
    def save_now(self) -> Path | None:
        """Write the current document if it has unsaved changes; the manifest path.
        Raises OSError or MixScopeError when the autosave cannot be written."""
        document = self.documents.document
        if document is None or not document.modified:
            return None
        from analysis.alignment.io import write_alignment

        if self.slot is None:
            folder = autosave_folder()
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
            self.lock = FileLock(folder / f"{name}.lock")
            self.slot = folder / f"{name}.json"
        write_alignment(self.slot.with_suffix(".TextGrid"), document.grid, format="long")
        atomic_write_text(self.slot, json.dumps(_manifest(document), ensure_ascii=False))
        return self.slot

    def _stop(self) -> None:
        """The window closed (its document was saved or discarded): nothing more to keep."""
        self.timer.stop()
        self._forget_slot()

    def _autosave(self) -> None:
        if not self.timer.isActive():  # stopped with the window (a tick may still be queued)
            return
        try:
            self.save_now()
        except (OSError, MixScopeError) as err:
            self._report_failure(err)
        else:
            if self._failing:
                self._failing = False
                self.status.show("Autosave works again", 5000)

    def _report_failure(self, err: Exception) -> None:
        message = (f"Autosave failed: {err}. Your changes are not protected against a "
                   "crash: save them with File > Save.")
        self.status.show(message)
        if self._failing:
            return
        self._failing = True
        self.failures_shown += 1
        self.warning = QMessageBox(QMessageBox.Icon.Warning, "Autosave failed", message,
                                   QMessageBox.StandardButton.Ok, self.window)
        self.warning.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.warning.open()  # not exec(): the app keeps running

    def _forget_slot(self) -> None:
        if self.slot is not None:
            forget(self.slot)
        if self.lock is not None:
            self.lock.release()
        self.slot = self.lock = None


def _manifest(document) -> dict:
    unsaved = document.unsaved_audio
    return {
        "audio_path": str(document.audio_path) if document.audio_path else None,
        "unsaved_audio": None if unsaved is None else {
            "source": str(unsaved.source), "subtype": unsaved.subtype,
            "recording": str(unsaved.recording.wav_path) if unsaved.recording else None},
        "sample_rate": document.sample_rate,
        "alignment_path": str(document.alignment_path) if document.alignment_path else None,
        "alignment_format": document.alignment_format,
        "annotation": document.annotation.to_json(),
        "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def pending_recoveries() -> list[Path]:
    """Manifests left by a session that did not end cleanly (no live window holds them)."""
    folder = autosave_folder()
    if not folder.is_dir():
        return []
    return [manifest for manifest in sorted(folder.glob("*.json"))
            if not locked_by_someone(manifest.with_suffix(".lock"))]


def read_manifest(manifest: Path) -> dict:
    """The manifest's fields; MixScopeError naming the file when it cannot be read."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise MixScopeError(f"{manifest}: unreadable autosave ({err})") from err
    if not isinstance(data, dict):
        raise MixScopeError(f"{manifest}: unreadable autosave (not a JSON object)")
    return data


def describe(manifest: Path) -> str:
    data = read_manifest(manifest)
    name = data.get("alignment_path") or data.get("audio_path")
    if not name and data.get("unsaved_audio"):
        unsaved = data["unsaved_audio"]
        name = ("an unsaved recording" if unsaved.get("recording")
                else f"an untitled copy of {Path(unsaved.get('source') or '?').name}")
    return f"{name or manifest.stem} (autosaved {data.get('saved_at', '?')})"


def recover(manifest: Path):
    """The autosaved Document (its work marked unsaved, paths as before the crash)."""
    from analysis.alignment.annotation import Annotation
    from analysis.alignment.io import read_alignment
    from gui.state.document import Document

    data = read_manifest(manifest)
    audio, unsaved = _recovered_audio(manifest, data)
    grid = read_alignment(manifest.with_suffix(".TextGrid")).grid
    annotation = data.get("annotation")
    annotation = annotation if isinstance(annotation, dict) else {}
    fields = {k: v for k, v in annotation.items() if k in Annotation.FIELDS}
    extra = {k: v for k, v in annotation.items() if k not in Annotation.FIELDS}
    alignment_path = data.get("alignment_path")
    document = Document.from_audio(audio, grid, Annotation(**fields, extra=extra),
                                   Path(alignment_path) if alignment_path else None, unsaved)
    document.alignment_format = data.get("alignment_format") or "long"
    document.mark_unsaved_work()
    return document


def _recovered_audio(manifest: Path, data: dict):
    """(Audio, UnsavedAudio or None) named by an autosave manifest."""
    from analysis.audio import Audio, load_audio, resample
    from analysis.recording.store import StoredRecording
    from gui.state.document import UnsavedAudio

    if data.get("audio_path"):
        return load_audio(data["audio_path"]), None
    unsaved = data.get("unsaved_audio")
    if not isinstance(unsaved, dict) or not unsaved.get("source"):
        raise MixScopeError(f"{manifest}: the autosave names no audio file")
    audio = load_audio(unsaved["source"])
    rate = int(data.get("sample_rate") or audio.sample_rate)
    if rate != audio.sample_rate:
        audio = Audio(resample(audio.samples, audio.sample_rate, rate), rate)
    else:
        audio = Audio(audio.samples, audio.sample_rate)  # no file of the user's yet
    recording = StoredRecording(Path(unsaved["recording"])) if unsaved.get("recording") else None
    return audio, UnsavedAudio(Path(unsaved["source"]), unsaved.get("subtype") or "PCM_16",
                               recording)


def forget(manifest: Path) -> None:
    """Remove an autosave slot's files."""
    for suffix in (".json", ".TextGrid", ".lock"):
        manifest.with_suffix(suffix).unlink(missing_ok=True)
