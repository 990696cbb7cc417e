"""What features share, typed. Each service has exactly one provider; the other features
reach it only through ``Services``, never through another feature's object, its private
members or attributes hung on the main window.

- ``shell``: the main window (``menu(title)``, docks, ``closing``,
  ``drop_handlers``, the parent of dialogs); provided by the main window;
- ``documents``: the current document, replacing it (the one place that asks), and
  ``document_changed``; ``undo_stack``: every document edit is a command there;
  ``models``: the models in memory; ``status``: the status-bar message; ``jobs``: the
  runner of every background job (gui.workers), stopped when the window closes. The main window
  makes these before any feature is installed;
- ``player``: selecting and playing a time range: provided by the editor;
- ``files``: opening audio, alignments and examples, error boxes: provided by the editor;
- ``takes``: recorded takes as they open: provided by recording.

The services a feature provides are ``None`` until it is installed (gui.features installs
them in order), so a consumer looks them up when it needs them, or connects after the
provider is installed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QStatusBar, QWidget

from gui.state.loaded_models import LoadedModels
from gui.workers import JobRunner

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class DocumentHolder(QObject):
    """The document being edited. ``set_document`` is the one place that replaces it: the
    guards (e.g. unsaved changes: Save, Discard or Cancel) are asked first, then the undo
    history starts afresh and ``document_changed`` tells every feature."""

    document_changed = Signal(object)  # the new current Document

    def __init__(self, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = None  # gui.state.document.Document
        self.undo_stack = undo_stack
        # () -> bool: may the current document go (closed or replaced)? False keeps it
        self.guards: list[Callable[[], bool]] = []

    def set_document(self, document) -> bool:
        """Make ``document`` current once the guards let the current one go; False when the
        user kept the current document."""
        if document is not self.document and not self.release_document():
            return False
        self.document = document
        self.undo_stack.clear()
        self.document_changed.emit(document)
        return True

    def release_document(self) -> bool:
        """True when the current document may go (there is none, or every guard agrees)."""
        return self.document is None or all(guard() for guard in self.guards)


class StatusLine:
    """The status bar's message line (and room for permanent widgets)."""

    def __init__(self, bar: QStatusBar) -> None:
        self._bar = bar

    def show(self, message: str, timeout_ms: int = 0) -> None:
        self._bar.showMessage(message, timeout_ms)

    def clear(self, message: str | None = None) -> None:
        """Clear the message (only if it is still ``message``, when one is given)."""
        if message is None or self._bar.currentMessage() == message:
            self._bar.clearMessage()

    def add_widget(self, widget: QWidget) -> None:
        self._bar.addPermanentWidget(widget)


class Player(Protocol):
    """Selecting and playing a stretch of the document's audio (the editor provides it)."""

    def select_time_range(self, t0: float, t1: float) -> None: ...
    def play_range(self, t0: float, t1: float) -> bool: ...
    def stop(self) -> None: ...
    def position(self) -> float: ...  # the end of the selection, else the cursor


class Files(Protocol):
    """Opening files into the current document, and the error box for a bad one."""

    def open_paths(self, audio: Path | None, alignment: Path | None = None) -> bool: ...
    def open_example(self, example) -> bool: ...
    def show_error(self, title: str, err: Exception) -> None: ...


class Takes(Protocol):
    """Recorded takes: ``take_opened(document, prompt, language)`` when one opens."""

    take_opened: Any  # a Qt signal


@dataclass
class Services:
    shell: MainWindow
    documents: DocumentHolder
    undo_stack: QUndoStack
    models: LoadedModels
    status: StatusLine
    jobs: JobRunner
    player: Player | None = None
    files: Files | None = None
    takes: Takes | None = None

    @classmethod
    def for_window(cls, window: MainWindow) -> Services:
        undo_stack = QUndoStack(window)
        return cls(shell=window, documents=DocumentHolder(undo_stack, window),
                   undo_stack=undo_stack, models=LoadedModels(),
                   status=StatusLine(window.statusBar()), jobs=JobRunner(window))

    def provide(self, **services) -> None:
        """A feature offers its services (each has one provider: a second one is a bug)."""
        known = {f.name for f in fields(self)}
        for name, service in services.items():
            if name not in known:
                raise AttributeError(f"no service called {name!r}")
            if getattr(self, name) is not None:
                raise RuntimeError(f"the {name} service is already provided")
            setattr(self, name, service)
