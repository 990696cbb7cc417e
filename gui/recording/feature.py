"""File > Record… (Ctrl+R) and the recovery offer at start.

A take opens in the editor as a new, unsaved document (its word tier pre-filled from the
prompt's words, spread evenly, or empty; the prompt as transcription) whose audio is the
streamed file in the recovery store: the editor's first save writes the WAV beside the
alignment (16-bit PCM, or 32-bit float when the take was recorded as float), and only then
is the take removed from the store. While the take is open it is locked, so neither this
window's recovery offer nor another MixScope offers it; after a crash it is offered again.
When the prompt is to be aligned, ``take_opened`` asks for it at once (Tools > Align Words
with Praat's aligner, which needs no model, trims the words to speech and lands as one
undoable step).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from analysis.audio import Audio, resample
from analysis.errors import MixScopeError
from analysis.file_lock import FileLock
from analysis.recording.prompts import PromptList, prompt_grid
from analysis.recording.store import RecoveryStore, StoredRecording, load_recording


class RecordingFeature(QObject):
    take_opened = Signal(object, str, str)  # document, prompt, eSpeak language to align in

    def __init__(self, services, store: RecoveryStore | None = None):
        window = services.shell
        super().__init__(window)
        self.window = window  # the parent of the dialogs
        self.documents = services.documents
        self.status = services.status
        self.store = store or RecoveryStore()
        self.prompts = PromptList()
        self.dialog = None
        self.recovery_dialog = None
        self.warning: QMessageBox | None = None
        self.take_lock: FileLock | None = None  # held while a take is the open document
        self._take_document = None
        self._take_recording: StoredRecording | None = None

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
        self.documents.document_changed.connect(self._document_changed)

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
        """Open a take as the current document (the window asks first about unsaved
        changes; declined, the take stays in the store), then ask for its alignment to the
        prompt in ``align_language`` (None: not aligned)."""
        from analysis.alignment.annotation import Annotation
        from gui.state.document import Document, UnsavedAudio

        document = Document.from_audio(Audio(audio.samples, audio.sample_rate),
                                       prompt_grid(prompt, audio.duration),
                                       Annotation(transcription=prompt),
                                       unsaved_audio=UnsavedAudio(recording.wav_path, subtype,
                                                                  recording))
        if not self.documents.set_document(document):
            self.status.show(
                "The recording is kept: File > Recover Recordings… opens it", 15000)
            return False
        self.status.show(
            f"Recorded {audio.duration:.1f} s: Save writes its alignment and, beside it, "
            "the WAV", 10000)
        if prompt.strip() and align_language:
            self.take_opened.emit(document, prompt, align_language)
        return True

    # -- the take open in the editor --------------------------------------------------------
    def _document_changed(self, document) -> None:
        self._release_take()
        unsaved = document.unsaved_audio
        if unsaved is not None and unsaved.recording is not None:
            self.take_lock = FileLock(unsaved.recording.lock_path)
            self._take_document, self._take_recording = document, unsaved.recording
            document.paths_changed.connect(self._take_maybe_saved)

    def _take_maybe_saved(self) -> None:
        """Once the editor wrote the take's WAV beside its alignment, the store's copy goes."""
        document = self._take_document
        if document is None or document.unsaved_audio is not None:
            return
        recording = self._take_recording
        self._release_take()
        self.store.discard(recording)

    def _release_take(self) -> None:
        if self._take_document is not None:
            self._take_document.paths_changed.disconnect(self._take_maybe_saved)
        if self.take_lock is not None:
            self.take_lock.release()
        self.take_lock = self._take_document = self._take_recording = None

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
            self.status.show("No unsaved recordings to recover", 5000)

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
        store, where the next start offers it, like a take still open unsaved."""
        self._release_take()
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
        self.status.show(text, 15000)
        self.warning = QMessageBox(QMessageBox.Icon.Warning, "Recording", text,
                                   QMessageBox.StandardButton.Ok, self.window)
        self.warning.open()


def install(services) -> RecordingFeature:
    """Provides the ``takes`` service: aligning follows the takes as they open."""
    recording = RecordingFeature(services)
    QTimer.singleShot(0, recording.offer_recovery)
    services.shell.closing.connect(recording.shutdown)
    services.provide(takes=recording)
    return recording
