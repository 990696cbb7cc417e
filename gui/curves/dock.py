"""The corpus curves dock: browse the cue-contribution curves of batch results (component,
method, target, models, trained vs random-init, depth or layer axis), open the example behind
a point in the editor, export PNG/SVG/CSV.

Results and examples are read on a worker thread (a gui.workers job); what the dock shows comes
from analysis.batch.curve_browsing, so this module only lays out and reacts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.batch.curve_browsing import NOTHING, CurveBrowsing
from analysis.batch.curves import DEFAULT_CHOICE, curve_choice
from analysis.errors import MixScopeError
from analysis.file_formats import CSV_FORMAT, PLOT_IMAGE_FORMATS
from gui import file_dialogs
from gui.curves import example_document
from gui.curves.plot import CurvesPlot
from gui.workers import Job, JobRunner

EXPORT_FORMATS = (*PLOT_IMAGE_FORMATS, CSV_FORMAT)  # the plot as PNG or SVG, its numbers


class CurvesDock(QDockWidget):
    loaded = Signal()  # new results are shown
    example_opened = Signal(object)  # the Document of a clicked example was handed over

    def __init__(self, window=None, documents=None, jobs=None):
        """``documents``: the gui.services.DocumentHolder an example opens into (None: the
        dock only plots); ``jobs``: the window's gui.workers.JobRunner (None: a dock on its
        own runs its own)."""
        super().__init__("Corpus curves", window)
        self.setObjectName("corpus-curves")
        self.documents = documents
        self._runner = jobs if jobs is not None else JobRunner(self)
        self.data = NOTHING
        self._jobs: dict[str, Job] = {}  # the latest job of each kind ("load", "example")
        self.plot = CurvesPlot()
        self.plot.example_clicked.connect(self.open_example)
        self.status = QLabel("Open a batch output folder (python main.py batch ... --out DIR).")
        self.status.setWordWrap(True)
        self._build()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.component = QComboBox()
        self.method = QComboBox()
        self.target = QComboBox()
        self.axis = QComboBox()
        self.axis.addItem("normalised depth (layer / L)", "depth")
        self.axis.addItem("layer", "layer")
        self.runs = QListWidget()
        self.runs.setMaximumHeight(72)
        self.show_examples = QCheckBox("Show examples (click one to open it)")
        self.show_examples.setChecked(True)
        self.target.currentIndexChanged.connect(self._follow_target)
        for combo in (self.component, self.method, self.target, self.axis):
            combo.currentIndexChanged.connect(self.refresh)
        self.runs.itemChanged.connect(self.refresh)
        self.show_examples.toggled.connect(self.refresh)

        open_button = QPushButton("Open results…")
        open_button.clicked.connect(self.choose_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        for fmt in EXPORT_FORMATS:
            button = QPushButton(f"Export {fmt.name.upper()}…")
            button.clicked.connect(lambda _=False, s=fmt.suffix: self.choose_export(s))
            buttons.addWidget(button)
        form = QFormLayout()
        form.addRow("Component", self.component)
        form.addRow("Method", self.method)
        form.addRow("Target", self.target)
        form.addRow("X axis", self.axis)
        form.addRow("Runs", self.runs)
        form.addRow("", self.show_examples)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.status)
        self.setWidget(body)

    # -- reading results (on a worker thread) ----------------------------------------------
    def choose_folder(self) -> None:
        folder = file_dialogs.open_folder(self, "Open batch results")
        if folder:
            self.load([folder])

    def load(self, folders) -> Job:
        """Read the results of ``folders`` in the background; ``loaded`` when shown."""
        folders = [Path(f) for f in folders]
        self.status.setText(f"Reading the batch results in {', '.join(map(str, folders))}…")
        return self._run("load", lambda progress, cancel: CurveBrowsing.read(folders),
                         self._show)

    def _show(self, data: CurveBrowsing) -> None:
        self.data = data
        quiet = (self.component, self.method, self.target, self.runs)
        for widget in quiet:
            widget.blockSignals(True)
        _fill(self.component, data.values("component"), DEFAULT_CHOICE[0])
        _fill(self.method, data.values("method"), DEFAULT_CHOICE[1])
        _fill(self.target, data.values("target_role"), "target")
        self.runs.clear()
        for run in data.runs():
            item = QListWidgetItem(f"{run.label}  —  {run.examples} examples")
            item.setData(Qt.ItemDataRole.UserRole, run.run)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.runs.addItem(item)
        for widget in quiet:
            widget.blockSignals(False)
        self.refresh()
        self.loaded.emit()

    def selected_runs(self) -> list[str]:
        return [self.runs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.runs.count())
                if self.runs.item(i).checkState() == Qt.CheckState.Checked]

    def selection(self) -> dict:
        return {"component": self.component.currentText(), "method": self.method.currentText(),
                "target_role": self.target.currentText(), "x": self.axis.currentData(),
                "runs": self.selected_runs()}

    def _follow_target(self) -> None:
        """A target with no rows for the chosen component and method (the contrast has one
        of each) brings that target's own default choice."""
        if self.data.empty:
            return
        if not self.visible_table().empty:
            return
        component, method = curve_choice(self.target.currentText())
        for combo, value in ((self.component, component), (self.method, method)):
            if combo.findText(value) >= 0:
                with QSignalBlocker(combo):
                    combo.setCurrentText(value)

    def refresh(self, *_args) -> None:
        if self.data.empty:
            return
        data = self.data
        self.plot.show_curves(data.table, **self.selection(),
                              results=data.results if self.show_examples.isChecked() else None)
        self.status.setText(f"{len(self.plot.drawn)} curves, {data.examples()} examples; "
                            "bands are 95% confidence intervals of the mean.")

    def visible_table(self):
        choice = self.selection()
        return self.data.visible(component=choice["component"], method=choice["method"],
                                 target_role=choice["target_role"], runs=choice["runs"])

    # -- export --------------------------------------------------------------------------
    def choose_export(self, suffix: str) -> None:
        """Ask for a file name, then export (problems in a message naming the file)."""
        if self.data.empty:
            self._error("Nothing to export yet: open batch results first (Open results…).")
            return
        fmt = next(f for f in EXPORT_FORMATS if f.suffix == suffix)
        folder = self.data.folders[0] if self.data.folders else None
        start = Path(folder or "", f"curves{suffix}")  # beside the results read
        path, _ = file_dialogs.save_file(self, "Export curves", start,
                                         next(iter(file_dialogs.save_filters([fmt]))))
        if not path:
            return
        try:
            written = self.export(path)
        except (MixScopeError, OSError) as err:
            self._error(f"Cannot export {path}: {err}")
            return
        self.status.setText(f"Exported {written}")

    def export(self, path) -> Path:
        from analysis.batch.curves import write_curves_csv

        path = Path(path)
        if CSV_FORMAT.matches(path):
            return write_curves_csv(self.visible_table(), path)
        return self.plot.export(path)

    # -- the example behind a point (read on a worker thread) ------------------------------
    def open_example(self, run: str, example_id: str, layer: int, value: float) -> None:
        self.status.setText(f"{example_id}: layer {layer} of {run}, cue contribution {value:.4f}")
        if self.documents is None:
            return

        def read(progress, cancel):
            return example_document.load_example_document(self._run_folder(run), example_id)

        self._run("example", read, self._hand_over)

    def _hand_over(self, document) -> None:
        """On the GUI thread: the window asks before replacing an edited document."""
        if self.documents.set_document(document):
            self.example_opened.emit(document)

    def _run_folder(self, run: str) -> Path:
        return self.data.run_folder(run)

    # -- jobs ----------------------------------------------------------------------------
    def _run(self, kind: str, fn, on_success) -> Job:
        """Start ``fn`` as the latest job of ``kind``; an earlier one still running is
        cancelled, so only the last answer is shown."""
        earlier = self._jobs.get(kind)
        if earlier is not None and earlier.is_running():
            earlier.cancel()
        job = self._runner.start(fn, f"curves-{kind}")
        job.succeeded.connect(on_success)
        job.failed.connect(lambda err, _trace: self._error(str(err)))
        job.finished.connect(lambda: self._forget(kind))
        self._jobs[kind] = job
        return job

    def _forget(self, kind: str) -> None:
        job = self._jobs.get(kind)
        if job is not None and not job.is_running():  # not a newer one of that kind
            del self._jobs[kind]

    def _error(self, message: str) -> None:
        self.status.setText(message)
        if self.isVisible():
            QMessageBox.warning(self, "Corpus curves", message)


def _fill(combo: QComboBox, values, preferred: str) -> None:
    current = combo.currentText()
    combo.clear()
    combo.addItems([str(v) for v in values])
    for wanted in (current, preferred):
        if wanted in values:
            combo.setCurrentText(wanted)
            break
