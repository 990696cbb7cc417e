"""Installs the alignment editor into the main window: the central editor widget, the
File, Edit and View actions, the window title with its unsaved-changes marker, autosave and
Help > Open Example."""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QAction

from gui.editor.actions import install_actions
from gui.editor.autosave import Autosaver
from gui.editor.examples import list_examples
from gui.editor.files import FileActions
from gui.editor.readout import TimeReadout
from gui.editor.spectrogram_settings import install_spectrogram_settings
from gui.editor.tier_menu import install_tier_menu
from gui.editor.widget import EditorWidget


def install(window) -> None:
    editor = EditorWidget(window.undo_stack, window.jobs, window)
    window.editor = editor
    window.setCentralWidget(editor)
    window.file_actions = FileActions(window)
    window.autosaver = Autosaver(window)
    window.editor_actions = install_actions(window, editor)
    install_tier_menu(window, editor)
    install_spectrogram_settings(window, editor)
    _install_examples(window)
    editor.player.failed.connect(lambda message: window.statusBar().showMessage(message, 6000))
    window.statusBar().addPermanentWidget(TimeReadout(editor))

    def show_modified(modified: bool) -> None:
        if shiboken6.isValid(window):  # a document may outlive its window
            window.setWindowModified(modified)

    def document_changed(document) -> None:
        old = getattr(window, "_editor_document", None)
        if old is not None:
            old.modified_changed.disconnect(show_modified)
            old.paths_changed.disconnect(update_title)
        window._editor_document = document
        editor.set_document(document)
        document.modified_changed.connect(show_modified)
        document.paths_changed.connect(update_title)
        window.setWindowModified(document.modified)
        update_title()
        editor.graphics.setFocus()

    def update_title() -> None:
        document = window.document
        name = document.title if document is not None else "Untitled"
        window.setWindowTitle(f"{name}[*] — MixScope")

    def clean_changed(clean: bool) -> None:
        if shiboken6.isValid(window) and window.document is not None:
            window.document.set_edits_clean(clean)

    window.document_changed.connect(document_changed)
    window.undo_stack.cleanChanged.connect(clean_changed)


def _install_examples(window) -> None:
    menu = window.menu("&Help").addMenu("Open &Example")
    for example in list_examples():
        action = QAction(example.title, window)
        action.triggered.connect(
            lambda _=False, e=example: window.file_actions.open_example(e))
        menu.addAction(action)
    menu.setEnabled(bool(menu.actions()))
