"""Installs the alignment editor: the central editor widget, the File, Edit and View
actions, the window title with its unsaved-changes marker, autosave and Help > Open
Example. Provides the ``player`` (the editor widget) and ``files`` (FileActions)
services."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from gui.editor.actions import install_actions
from gui.editor.autosave import Autosaver
from gui.editor.examples import list_examples
from gui.editor.files import FileActions
from gui.editor.readout import TimeReadout
from gui.editor.spectrogram_settings import install_spectrogram_settings
from gui.editor.tier_menu import install_tier_menu
from gui.editor.widget import EditorWidget
from gui.services import Services


class EditorFeature(QObject):
    """The editor as installed: ``widget`` (the central EditorWidget), ``files`` (the File
    menu), ``autosaver`` and ``actions`` (its menu actions by name)."""

    def __init__(self, services: Services) -> None:
        window = services.shell
        super().__init__(window)
        self.services = services
        self.widget = EditorWidget(services.undo_stack, services.jobs, window)
        window.setCentralWidget(self.widget)
        self.files = FileActions(services)
        self.autosaver = Autosaver(services)
        self.actions = install_actions(services, self.widget)
        install_tier_menu(services, self.widget)
        install_spectrogram_settings(window, self.widget)
        self._install_examples()
        self.widget.player.failed.connect(lambda message: services.status.show(message, 6000))
        services.status.add_widget(TimeReadout(self.widget))
        self._document = None
        services.documents.document_changed.connect(self._document_changed)
        services.undo_stack.cleanChanged.connect(self._clean_changed)
        window.closing.connect(self.widget.stop)
        services.provide(player=self.widget, files=self.files)

    def _install_examples(self) -> None:
        window = self.services.shell
        menu = window.menu("&Help").addMenu("Open &Example")
        for example in list_examples():
            action = QAction(example.title, window)
            action.triggered.connect(
                lambda _=False, e=example: self.files.open_example(e))
            menu.addAction(action)
        menu.setEnabled(bool(menu.actions()))

    # -- the current document --------------------------------------------------------------
    def _document_changed(self, document) -> None:
        old = self._document
        if old is not None:
            old.modified_changed.disconnect(self._show_modified)
            old.paths_changed.disconnect(self._update_title)
        self._document = document
        self.widget.set_document(document)
        document.modified_changed.connect(self._show_modified)
        document.paths_changed.connect(self._update_title)
        self.services.shell.setWindowModified(document.modified)
        self._update_title()
        self.widget.graphics.setFocus()

    def _show_modified(self, modified: bool) -> None:
        window = self.services.shell
        if shiboken6.isValid(window):  # a document may outlive its window
            window.setWindowModified(modified)

    def _update_title(self) -> None:
        document = self.services.documents.document
        name = document.title if document is not None else "Untitled"
        self.services.shell.setWindowTitle(f"{name}[*] — MixScope")

    def _clean_changed(self, clean: bool) -> None:
        document = self.services.documents.document
        if shiboken6.isValid(self.services.shell) and document is not None:
            document.set_edits_clean(clean)


def install(services: Services) -> EditorFeature:
    return EditorFeature(services)
