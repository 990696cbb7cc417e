"""Tools > Align Words… and Tools > Next Word to Review.

Align Words asks for the aligner, model and text, runs the alignment in the background with a
progress dialog, and puts the result into the document as ONE undoable edit: the word tier is
replaced (or added), the phoneme tier too when the aligner gives one, and low-confidence
words are marked on the "review" point tier. The status bar keeps the report (what the
pause refinement moved) while the words are reviewed.
Next Word to Review selects the next marked word after the selection (wrapping around).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog

from analysis.alignment import tier_to_words
from analysis.autoalign.grid import apply_alignment, next_review, review_points
from analysis.errors import MixScopeError
from gui.autoalign.dialog import MODEL_FREE, AlignOptions, AlignWordsDialog
from gui.autoalign.job import AlignJob
from gui.undo_commands import GridEdit

COMMAND_TEXT = "Align Words"


def install(services) -> AutoAligner:
    """Aligns recorded takes as they open, when a ``takes`` service is installed."""
    aligner = AutoAligner(services)
    if services.takes is not None:
        services.takes.take_opened.connect(aligner.align_take)
    return aligner


class AutoAligner(QObject):
    def __init__(self, services) -> None:
        window = services.shell
        super().__init__(window)
        self.window = window  # the parent of the dialogs
        self.services = services
        self.options: AlignOptions | None = None  # the last options asked for in the dialog
        self._running_options: AlignOptions | None = None
        self.job = AlignJob(services.jobs, services.models, self)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self._progress_dialog: QProgressDialog | None = None
        self._document = None  # the document the running job aligns
        self.last_report = ""
        self.last_refinement = None  # the RefinementReport of the last alignment

        self.align_action = QAction("&Align Words…", window)
        self.align_action.setShortcut(QKeySequence("Ctrl+Shift+W"))
        self.align_action.setStatusTip("propose the word tier: Praat + eSpeak, or a CTC or "
                                        "Whisper model")
        self.align_action.triggered.connect(self.ask_and_align)
        self.next_action = QAction("&Next Word to Review", window)
        self.next_action.setShortcut(QKeySequence("F8"))
        self.next_action.setStatusTip("select the next word marked on the 'review' tier")
        self.next_action.triggered.connect(self.next_word_to_review)
        menu = window.menu("&Tools")
        menu.addAction(self.align_action)
        menu.addAction(self.next_action)

    # -- align ---------------------------------------------------------------------------
    def texts(self) -> dict[str, str]:
        document = self.services.documents.document
        try:
            labels = " ".join(w.label for w in tier_to_words(document.grid.word_tier()))
        except MixScopeError:
            labels = ""
        return {"transcription": document.annotation.transcription or "", "tier": labels}

    def loaded_model(self) -> tuple[str, str] | None:
        """(kind, source) of the model loaded last (e.g. in the Model dock), if any: the job
        then uses it as it is in memory."""
        loaded = self.services.models.latest
        return (loaded.kind, loaded.source) if loaded is not None else None

    def ask_and_align(self) -> None:
        if not self._ready():
            return
        dialog = AlignWordsDialog(self.texts(), self.options, self.window, self.loaded_model())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.align(dialog.options())

    def align_take(self, document, prompt: str, language: str) -> None:
        """A recorded take just opened: align it to its prompt with Praat's aligner (no model
        needed), without changing the options the dialog offers next."""
        if document is self.services.documents.document:
            self.align(AlignOptions(MODEL_FREE, "", prompt, language), remember=False)

    def align(self, options: AlignOptions, remember: bool = True) -> None:
        """Start aligning the current document with ``options`` (in the background)."""
        if not self._ready():
            return
        if remember:
            self.options = options
        self._running_options = options
        self._document = self.services.documents.document
        self.align_action.setEnabled(False)
        dialog = QProgressDialog("Loading the model…", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle(COMMAND_TEXT)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self.job.cancel)
        self._progress_dialog = dialog
        self.job.start(self._document.audio, options)

    def _ready(self) -> bool:
        document = self.services.documents.document
        if self.job.running:
            self._status("an alignment is already running")
            return False
        if document is None or document.audio is None:
            self._show_problem("Open an audio file first: words are aligned to its audio.")
            return False
        return True

    def _progress(self, done: int, total: int, phrase: str) -> None:
        if self._progress_dialog is not None:
            self._progress_dialog.setMaximum(total)
            self._progress_dialog.setValue(done)
            self._progress_dialog.setLabelText(phrase)
        self._status(phrase)

    def _finished(self, result) -> None:
        self._close_progress()
        document = self._document
        if document is None or document is not self.services.documents.document:
            self._status("alignment dropped: another document was opened meanwhile")
            return
        threshold = self._running_options.review_below
        grid = apply_alignment(document.grid, result, threshold)
        self.services.undo_stack.push(GridEdit(document, grid, COMMAND_TEXT))
        review = len(result.to_review(threshold))
        parts = [f"aligned {len(result.words)} words ({result.aligner})"]
        if review:
            parts.append(f"{review} to review (F8)")
        if result.unaligned:
            parts.append("not aligned: " + ", ".join(w.label for w in result.unaligned))
        self.last_refinement = result.refinement
        if result.refinement is not None:
            parts.append(result.refinement.summary())
        self.last_report = "; ".join(parts)
        self._status(self.last_report)  # stays while the words are reviewed
        if result.unaligned or result.notes:
            parts = list(result.notes)
            if result.unaligned:
                details = [f"'{w.label}' (word {w.index + 1}): {w.reason}"
                           for w in result.unaligned]
                parts.insert(0, "Some words were not aligned; they are left out of the word "
                                "tier:\n\n" + "\n".join(details))
            self._show_problem("\n\n".join(parts), QMessageBox.Icon.Information)

    def _failed(self, message: str) -> None:
        self._close_progress()
        self._show_problem(f"Alignment failed: {message}")

    def _cancelled(self) -> None:
        self._close_progress()
        self._status("alignment cancelled", 4000)

    def _close_progress(self) -> None:
        self.align_action.setEnabled(True)
        if self._progress_dialog is not None:
            self._progress_dialog.canceled.disconnect(self.job.cancel)
            self._progress_dialog.close()
            self._progress_dialog.deleteLater()
            self._progress_dialog = None

    # -- review ----------------------------------------------------------------------------
    def next_word_to_review(self) -> None:
        document = self.services.documents.document
        if document is None or not review_points(document.grid):
            self._status("no word is marked for review", 4000)
            return
        player = self.services.player
        after = player.position() if player is not None else None
        point, (start, end) = next_review(document.grid, after)
        if player is not None:
            player.select_time_range(*((start, end) if end > start
                                       else (point.time, point.time)))
        points = review_points(document.grid)
        message = f"{point.mark} — {points.index(point) + 1} of {len(points)}"
        moved = self.last_refinement.shift_of(start, end) if self.last_refinement else ""
        self._status(f"{message}; {moved}" if moved else message, 6000)

    # -- messages -------------------------------------------------------------------------
    def _status(self, message: str, timeout: int = 0) -> None:
        self.services.status.show(message, timeout)

    def _show_problem(self, text: str, icon=QMessageBox.Icon.Warning) -> None:
        box = QMessageBox(icon, COMMAND_TEXT, text, QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
