"""File menu of the editor: Open (audio, alignment), recent files, drag and drop, bundled
examples (as untitled copies), Save, Save As (TextGrid long/short, dataset JSON, Audacity
labels), and the question asked before unsaved changes are lost (a document guard of the
window, so every path that closes or replaces the document asks it). Bad input is a dialog
naming the file and the problem; the document already open stays as it was."""

from __future__ import annotations

import warnings
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from analysis.errors import InputWarning, MixScopeError
from analysis.file_formats import ALIGNMENT_FORMATS, readable_audio_formats
from gui import file_dialogs, settings
from gui.editor import loading
from gui.editor.audio_beside import save_audio_beside

RECENT_MAX = 10


def audio_filter() -> str:
    return file_dialogs.open_filter("Audio", readable_audio_formats())


def alignment_filter() -> str:
    return file_dialogs.open_filter("Alignments", ALIGNMENT_FORMATS)


class FileActions(QObject):
    """The editor's ``files`` service (gui.services.Files) and its File menu."""

    def __init__(self, services) -> None:
        window = services.shell
        super().__init__(window)
        self.window = window  # the parent of the dialogs
        self.documents = services.documents
        self.undo_stack = services.undo_stack
        self.status = services.status
        menu = window.menu("&File")
        first = menu.actions()[0] if menu.actions() else None
        self.open_action = self._action("&Open Audio…", "Ctrl+Shift+O",
                                        self.open_audio_dialog)
        self.open_alignment_action = self._action("Open &Alignment…", "Ctrl+Alt+O",
                                                  self.open_alignment_dialog)
        self.recent_menu = menu.addMenu("Open &Recent")
        self.save_action = self._action("&Save", QKeySequence.StandardKey.Save, self.save)
        self.save_as_action = self._action("Save &As…", QKeySequence.StandardKey.SaveAs,
                                           self.save_as)
        for action in (self.open_action, self.open_alignment_action):
            menu.insertAction(first, action)
        menu.insertMenu(first, self.recent_menu)
        menu.insertSeparator(first)
        for action in (self.save_action, self.save_as_action):
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        self._fill_recent()
        window.setAcceptDrops(True)
        window.drop_handlers.append(self.open_dropped)
        self.documents.guards.append(self.maybe_save)

    def _action(self, text, shortcut, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # -- opening ---------------------------------------------------------------------------
    def open_audio_dialog(self) -> None:
        path = file_dialogs.open_file(self.window, "Open audio", audio_filter())
        if path:
            self.open_paths(Path(path))

    def open_alignment_dialog(self) -> None:
        document = self.documents.document
        if document is None or document.audio is None:
            QMessageBox.information(self.window, "Open alignment",
                                    "Open the audio first, then its alignment.")
            return
        path = file_dialogs.open_file(self.window, "Open alignment", alignment_filter(),
                                      near=document.audio_path)
        if path:
            self.open_paths(document.audio_path, Path(path))

    def open_paths(self, audio: Path | None, alignment: Path | None = None) -> bool:
        """Open ``audio`` (and ``alignment``); True on success. With only an alignment,
        it is opened for the current audio."""
        current = self.documents.document
        if audio is None:
            if current is None or current.audio_path is None:
                self.show_error("Cannot open alignment",
                                MixScopeError(f"{alignment}: open its audio first"))
                return False
            audio = current.audio_path
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", InputWarning)
                document = loading.open_document(audio, alignment)
        except (MixScopeError, OSError) as err:
            self.show_error("Cannot open", err)
            return False
        if not self.documents.set_document(document):
            return False
        self.add_recent(document)
        notes = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
        if notes:
            self.status.show("Warning: " + " ".join(notes), 15000)
        return True

    def open_example(self, example) -> bool:
        """Open a bundled example as an untitled copy: Save asks where, never overwrites
        the app's own files."""
        try:
            document = loading.open_copy(example.audio, example.alignment)
        except (MixScopeError, OSError) as err:
            self.show_error("Cannot open the example", err)
            return False
        return self.documents.set_document(document)

    def show_error(self, title: str, err: Exception) -> None:
        QMessageBox.critical(self.window, title, str(err))

    # -- recent files ------------------------------------------------------------------------
    def recent(self) -> list[tuple[str, str]]:
        pairs = []
        for entry in settings.RECENT_FILES.get():
            audio, _, alignment = str(entry).partition("|")
            pairs.append((audio, alignment))
        return pairs

    def add_recent(self, document) -> None:
        if document.audio_path is None:
            return
        entry = f"{document.audio_path}|{document.alignment_path or ''}"
        entries = [f"{a}|{b}" for a, b in self.recent()]
        entries = [entry] + [e for e in entries if e.partition("|")[0]
                             != str(document.audio_path)]
        settings.RECENT_FILES.set(entries[:RECENT_MAX])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for audio, alignment in self.recent():
            text = Path(audio).name + (f" + {Path(alignment).name}" if alignment else "")
            action = self.recent_menu.addAction(text)
            action.setToolTip(audio)
            action.triggered.connect(
                lambda _=False, a=audio, b=alignment: self.open_paths(Path(a),
                                                                      Path(b) if b else None))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> bool:
        document = self.documents.document
        if document is None:
            return False
        if document.alignment_path is None:
            return self.save_as()
        return self.save_to(document.alignment_path, document.alignment_format)

    def save_as(self) -> bool:
        document = self.documents.document
        if document is None:
            return False
        # a take or an example copy is named after its audio; anything else gets a fresh name
        name = (file_dialogs.new_recording_name() if document.unsaved_audio is None
                else document.unsaved_audio.source.stem + ALIGNMENT_FORMATS[0].suffix)
        start = document.default_alignment_path() or name
        filters = file_dialogs.save_filters(ALIGNMENT_FORMATS)
        wanted = next((text for text, f in filters.items()
                       if f.name == document.alignment_format), next(iter(filters)))
        path, chosen = file_dialogs.save_file(self.window, "Save alignment", start,
                                              ";;".join(filters), wanted)
        if not path:
            return False
        fmt = filters.get(chosen, ALIGNMENT_FORMATS[0])
        path = Path(path)
        if not fmt.matches(path):
            path = path.with_name(path.name + fmt.suffix)
        return self.save_to(path, fmt.name)

    def save_to(self, path: Path, fmt: str = "long") -> bool:
        from analysis.alignment.io import write_alignment
        from analysis.alignment.sidecar import write_sidecar

        document = self.documents.document
        try:
            write_alignment(path, document.grid, document.annotation, format=fmt)
            if fmt != "json":  # the only format with room for the annotation
                write_sidecar(path, document.annotation)
            if document.unsaved_audio is not None:
                save_audio_beside(self.window, document, path)
        except (MixScopeError, OSError) as err:
            self.show_error("Cannot save", err)
            return False
        document.set_alignment_path(path, fmt)
        self.undo_stack.setClean()
        document.mark_saved()
        self.add_recent(document)
        self.status.show(f"Saved {path}", 4000)
        return True

    def maybe_save(self) -> bool:
        """Before unsaved changes would be lost: Save, Discard or Cancel. True to go on."""
        document = self.documents.document
        if document is None or not document.modified:
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.question(
            self.window, "Unsaved changes",
            f"Save the changes to {document.title} before closing it?", buttons,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def open_dropped(self, paths: list[Path]) -> bool:
        try:
            audio, alignment = loading.split_dropped(paths)
        except MixScopeError as err:
            self.show_error("Cannot open", err)
            return False
        return self.open_paths(audio, alignment)

