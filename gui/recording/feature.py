"""File > Record… (Ctrl+R) and the recovery offer at start.

A take opens in the editor as a new document (its word tier pre-filled from the prompt's
words, spread evenly, or empty; the prompt as transcription). When the prompt is to be
aligned, ``take_opened`` asks for it at once (Tools > Align Words with Praat's aligner, which
needs no model, trims the words to speech and lands as one undoable step). When the editor saves its
alignment, the WAV is written beside it with the same name (16-bit PCM, or 32-bit float when
the take was recorded as float). Until then the streamed file stays in the recovery store, so
nothing recorded is lost to a crash between stop and save.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from analysis.audio import Audio, resample
from analysis.errors import MixScopeError
from analysis.recording.prompts import PromptList, prompt_grid
from analysis.recording.saving import SUBTYPE_LABELS, save_recording_audio, wav_path_for
from analysis.recording.store import RecoveryStore, StoredRecording, load_recording


@dataclass
class PendingTake:
    recording: StoredRecording
    subtype: str


class RecordingFeature(QObject):
    take_opened = Signal(object, str, str)  # document, prompt, eSpeak language to align in

    def __init__(self, window, store: RecoveryStore | None = None):
        super().__init__(window)
        self.window = window
        self.store = store or RecoveryStore()
        self.prompts = PromptList()
        self.dialog = None
        self.recovery_dialog = None
        self.warning: QMessageBox | None = None
        self._pending: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

        self.record_action = QAction("&Record…", window)
        self.record_action.setShortcut(QKeySequence("Ctrl+R"))
        self.record_action.setStatusTip("Record an utterance from the microphone")
        self.record_action.triggered.connect(self.show_dialog)
        self.recover_action = QAction("Recover Recordings…", window)
        self.recover_action.setStatusTip("Recordings never saved (a crash, a power cut)")
        self.recover_action.triggered.connect(self._recover_on_demand)
        menu = window.menu("&File")
        quit_action = next((a for a in menu.actions() if a.menuRole() == QAction.MenuRole.QuitRole
                            or a.text() == "&Quit"), None)
        menu.insertActions(quit_action, [self.record_action, self.recover_action])
        menu.insertSeparator(quit_action)

    # -- recording ------------------------------------------------------------------------
    def show_dialog(self) -> None:
        if self.dialog is None:
            from gui.recording.dialog import RecordDialog

            self.dialog = RecordDialog(self.store, self.prompts, self.window)
            self.dialog.recorded.connect(self.open_take)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def open_take(self, take) -> None:
        self.open_recording(take.audio, take.settings.prompt, take.recording,
                            take.settings.subtype, take.settings.align_language)
        if take.interrupted:
            self.warn(take.interrupted)

    def open_recording(self, audio: Audio, prompt: str, recording: StoredRecording,
                       subtype: str = "PCM_16", align_language: str | None = None) -> bool:
        """Open a take as the current document (asking first about unsaved changes), then
        ask for its alignment to the prompt in ``align_language`` (None: not aligned)."""
        from analysis.alignment.annotation import Annotation
        from gui.state.document import Document

        files = getattr(self.window, "file_actions", None)
        if files is not None and not files.maybe_save():
            self.window.statusBar().showMessage(
                "The recording is kept: File > Recover Recordings… opens it", 15000)
            return False

        document = Document.from_audio(audio, prompt_grid(prompt, audio.duration),
                                       Annotation(transcription=prompt))
        self._pending[document] = PendingTake(recording, subtype)
        document.paths_changed.connect(lambda: self._alignment_saved(document))
        self.window.set_document(document)
        document.modified = True  # nothing of it is saved yet
        self.window.statusBar().showMessage(
            f"Recorded {audio.duration:.1f} s: Save writes its alignment and, beside it, "
            "the WAV", 10000)
        if prompt.strip() and align_language:
            self.take_opened.emit(document, prompt, align_language)
        return True

    # -- saving -------------------------------------------------------------------------
    def pending(self, document=None) -> PendingTake | None:
        document = document if document is not None else self.window.document
        return self._pending.get(document) if document is not None else None

    def _alignment_saved(self, document) -> None:
        """The editor saved the take's alignment: write the WAV beside it (same name)."""
        take = self._pending.get(document)
        if take is None or document.audio_path is not None or document.alignment_path is None:
            return
        wav = wav_path_for(document.alignment_path)
        if wav.exists() and not self._may_overwrite(wav):
            wav = _free_name(wav)
        try:
            save_recording_audio(wav, document.audio, take.subtype)
        except MixScopeError as err:
            self.warn(f"{err}; the take is still kept for recovery")
            return
        document.audio = replace(document.audio, path=wav)
        document.audio_path = wav
        self.store.discard(take.recording)
        del self._pending[document]
        document.paths_changed.emit()
        self.window.statusBar().showMessage(
            f"Saved the recording as {wav.name} ({SUBTYPE_LABELS[take.subtype]}) beside "
            f"{document.alignment_path.name}", 8000)

    def _may_overwrite(self, wav: Path) -> bool:
        answer = QMessageBox.question(
            self.window, "Save recording", f"{wav} already exists. Replace it with the "
            "recording? (No keeps both: the recording gets a new name.)")
        return answer == QMessageBox.StandardButton.Yes

    # -- recovery -------------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """Show the recovery dialog when unfinished recordings exist; True when shown."""
        items = self.store.unfinished()
        if not items:
            return False
        from gui.recording.recovery import RecoveryDialog

        self.recovery_dialog = RecoveryDialog(self.store, items, self.window)
        self.recovery_dialog.recover.connect(self.recover)
        self.recovery_dialog.open()
        return True

    def _recover_on_demand(self) -> None:
        if not self.offer_recovery():
            self.window.statusBar().showMessage("No unsaved recordings to recover", 5000)

    def recover(self, item) -> None:
        try:
            audio = load_recording(item)
        except MixScopeError as err:
            self.warn(str(err))
            return
        meta = item.recording.meta
        target = int(meta.get("target_rate") or audio.sample_rate)
        samples = resample(audio.samples, audio.sample_rate, target)
        self.open_recording(Audio(samples, target), meta.get("prompt") or "", item.recording,
                            meta.get("subtype") or "PCM_16", meta.get("align_language"))

    def shutdown(self) -> None:
        """The main window is closing: a recording still running is stopped and left in the
        store, where the next start offers it."""
        if self.dialog is None:
            return
        dialog, self.dialog = self.dialog, None
        try:
            dialog.recorded.disconnect(self.open_take)
            dialog.recorder.stop()
            dialog.close()
        except RuntimeError:  # the window, and the dialog with it, is already deleted
            pass

    def warn(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15000)
        self.warning = QMessageBox(QMessageBox.Icon.Warning, "Recording", text,
                                   QMessageBox.StandardButton.Ok, self.window)
        self.warning.open()


def install(window) -> None:
    window.recording = RecordingFeature(window)
    QTimer.singleShot(0, window.recording.offer_recovery)
    window.closing.connect(window.recording.shutdown)


def _free_name(path: Path) -> Path:
    n = 2
    while path.with_name(f"{path.stem}-{n}{path.suffix}").exists():
        n += 1
    return path.with_name(f"{path.stem}-{n}{path.suffix}")
