"""Installs the corpus browser: the Corpus and Cue/Target docks, File › New Corpus, Open
Corpus or Dataset, Add Current Recording to Corpus, Export Corpus as Parquet, and
View › Next/Previous Example. Opening datasets and exporting run on worker threads."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QMessageBox

from analysis.errors import MixScopeError
from analysis.file_formats import DATASET_FORMATS
from gui import settings
from gui.annotation_form import AnnotationForm
from gui.corpus.browser import CorpusBrowser
from gui.corpus.open_dialog import OpenDatasetDialog
from gui.file_dialogs import save_filters
from gui.state.corpus_session import CorpusSession


def install(services) -> CorpusController:
    return CorpusController(services)


class CorpusController(QObject):
    def __init__(self, services) -> None:
        window = services.shell
        super().__init__(window)
        self.window = window  # docks, dialogs, shortcuts
        self.documents = services.documents
        self.undo_stack = services.undo_stack
        self.status = services.status
        self.jobs = services.jobs
        self.session = CorpusSession()
        self.browser = CorpusBrowser()
        self.form = AnnotationForm(services.undo_stack)
        self.dock = self._dock("Corpus", "corpusDock", self.browser,
                               Qt.DockWidgetArea.BottomDockWidgetArea)
        self.form_dock = self._dock("Cue and Target", "annotationDock", self.form,
                                    Qt.DockWidgetArea.BottomDockWidgetArea)
        window.splitDockWidget(self.dock, self.form_dock, Qt.Orientation.Horizontal)
        window.resizeDocks([self.dock, self.form_dock], [900, 340], Qt.Orientation.Horizontal)
        window.resizeDocks([self.dock], [280], Qt.Orientation.Vertical)
        # out of the way until a corpus is open (View menu or File > Open Corpus shows them)
        self.dock.hide()
        self.form_dock.hide()
        self._document = None
        self.browser.example_activated.connect(self.open_example)
        self.session.source_changed.connect(lambda source: self._source_edited())
        self.session.current_changed.connect(self.browser.select_example)
        self.documents.document_changed.connect(self._document_changed)
        self._install_actions()

    def _dock(self, title, name, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(area, dock)
        return dock

    def _install_actions(self) -> None:
        file_menu = self.window.menu("&File")
        first = file_menu.actions()[-1] if file_menu.actions() else None  # before Quit
        self.new_action = self._action("&New Corpus…", None, self.new_corpus_dialog)
        self.open_action = self._action("Open &Corpus or Dataset…", "Ctrl+Shift+D",
                                        self.open_dialog)
        self.add_action = self._action("Add Current &Recording to Corpus", "Ctrl+Shift+A",
                                       self.add_current_recording_dialog)
        self.export_action = self._action("E&xport Corpus as Parquet…", None,
                                          self.export_dialog)
        for action in (self.new_action, self.open_action, self.add_action,
                       self.export_action):
            file_menu.insertAction(first, action)
        file_menu.insertSeparator(first)
        view_menu = self.window.menu("&View")
        view_menu.addSeparator()
        self.next_action = self._action("&Next Example", "Alt+PgDown", lambda: self.step(1))
        self.previous_action = self._action("P&revious Example", "Alt+PgUp",
                                            lambda: self.step(-1))
        view_menu.addAction(self.next_action)
        view_menu.addAction(self.previous_action)
        view_menu.addAction(self.dock.toggleViewAction())
        view_menu.addAction(self.form_dock.toggleViewAction())
        self._update_actions()

    def _action(self, text, shortcut, slot) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def _update_actions(self) -> None:
        writable = self.session.writable
        self.add_action.setEnabled(writable and self.documents.document is not None)
        self.export_action.setEnabled(writable)
        has_examples = self.session.source is not None and len(self.session.source) > 0
        self.next_action.setEnabled(has_examples)
        self.previous_action.setEnabled(has_examples)

    # -- opening ---------------------------------------------------------------------------
    def open_dialog(self) -> None:
        dialog = OpenDatasetDialog(self.window, settings.CORPUS_LAST_SOURCE.get())
        if dialog.exec():
            spec, split = dialog.values()
            if spec:
                self.open_source(spec, split)

    def open_source(self, spec: str, split: str | None = None):
        """Open ``spec`` on a worker thread; the browser shows it when it is ready.
        Returns the job (its ``finished`` signal fires after the browser updated)."""
        from analysis.corpus.sources import open_dataset

        self.status.show(f"Opening {spec}…")
        job = self.jobs.start(lambda progress, cancel: open_dataset(spec, split), "open-dataset")
        job.succeeded.connect(lambda source: self._opened(source, spec))
        job.failed.connect(lambda err, _trace: self._failed("Cannot open the dataset", err))
        return job

    def _opened(self, source, spec: str) -> None:
        settings.CORPUS_LAST_SOURCE.set(str(spec))
        self.set_source(source)
        self.status.show(f"Opened {source.name}: {len(source)} examples",
                                            5000)

    def set_source(self, source) -> None:
        self.session.set_source(source)
        self.browser.set_source(source)
        self.dock.show()
        self.form_dock.show()
        self._update_actions()

    def new_corpus_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "New corpus folder")
        if folder:
            self.new_corpus(Path(folder))

    def new_corpus(self, folder: Path) -> bool:
        from analysis.corpus.store import Corpus

        try:
            corpus = Corpus.create(folder)
        except MixScopeError as err:
            self._failed("Cannot create the corpus", err)
            return False
        self.set_source(corpus)
        return True

    # -- examples in the editor --------------------------------------------------------------
    def open_example(self, index: int) -> bool:
        try:
            document = self.session.example_document(index)
        except (MixScopeError, OSError) as err:
            self._failed("Cannot open the example", err)
            return False
        if not self.documents.set_document(document):  # the user kept the current document
            return False
        self.session.set_current(index, document)
        total = len(self.session.source)
        self.status.show(f"Example {index + 1} of {total}", 4000)
        return True

    def step(self, step: int) -> bool:
        target = self.session.neighbour(step)
        return target is not None and self.open_example(target)

    def _document_changed(self, document) -> None:
        if self._document is not None:
            self._document.modified_changed.disconnect(self._modified_changed)
        self._document = document
        if document is not None:
            document.modified_changed.connect(self._modified_changed)
        self.form.set_document(document)
        self._update_actions()

    def _modified_changed(self, modified: bool) -> None:
        """The editor saved (or undid back to the saved state): write the corpus too."""
        if modified:
            return
        try:
            if self.session.save(self.documents.document):
                self.status.show("Saved into the corpus", 4000)
        except (MixScopeError, OSError) as err:
            self._failed("Cannot save into the corpus", err)

    def _source_edited(self) -> None:
        if self.browser.model.source is self.session.source:
            self.browser.refresh()
            self.browser.select_example(self.session.current)
        self._update_actions()

    # -- adding and exporting ---------------------------------------------------------------
    def add_current_recording_dialog(self) -> None:
        last = settings.CORPUS_SPEAKER.get()
        speaker, ok = QInputDialog.getText(self.window, "Add to corpus", "Speaker:", text=last)
        if ok:
            settings.CORPUS_SPEAKER.set(speaker)
            self.add_current_recording(speaker)

    def add_current_recording(self, speaker: str = "") -> int | None:
        document = self.documents.document
        try:
            if document is None:
                raise MixScopeError("there is no recording to add: record or open one first")
            index = self.session.add_document(document, speaker=speaker)
        except (MixScopeError, OSError) as err:
            self._failed("Cannot add to the corpus", err)
            return None
        self.undo_stack.setClean()
        document.mark_saved()
        self.status.show(
            f"Added as example {index + 1} ({self.session.source.audio_path(index).name})",
            5000)
        return index

    def export_dialog(self) -> None:
        parquet = DATASET_FORMATS[0]
        start = str(Path(self.session.source.folder).with_suffix(parquet.suffix))
        path, _ = QFileDialog.getSaveFileName(self.window, "Export corpus as parquet", start,
                                              ";;".join(save_filters(DATASET_FORMATS)))
        if path:
            self.export(Path(path))

    def export(self, path: Path):
        """Export on a worker thread; returns the job."""
        from analysis.corpus.export import export_parquet

        if not DATASET_FORMATS[0].matches(path):
            path = path.with_name(path.name + DATASET_FORMATS[0].suffix)
        source = self.session.source
        job = self.jobs.start(lambda progress, cancel: export_parquet(source, path),
                              "export-corpus")
        job.succeeded.connect(lambda count: self.status.show(
            f"Exported {count} examples to {path}", 6000))
        job.failed.connect(lambda err, _trace: self._failed("Cannot export the corpus", err))
        return job

    def _failed(self, title: str, err: BaseException) -> None:
        self.status.show(str(err), 8000)
        self.last_error = str(err)
        QMessageBox.critical(self.window, title, str(err))
