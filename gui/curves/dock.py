"""The corpus curves dock: browse the cue-contribution curves of batch results (component,
method, target, models, trained vs random-init, depth or layer axis), open the example behind
a point in the editor, export PNG/SVG/CSV. Installed by ``install(window)``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
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

from analysis.errors import MixScopeError
from gui.curves.plot import CurvesPlot


class CurvesDock(QDockWidget):
    def __init__(self, window=None):
        super().__init__("Corpus curves", window)
        self.setObjectName("corpus-curves")
        self.window_ = window
        self.results = pd.DataFrame()
        self.table = pd.DataFrame()
        self.folders: list[Path] = []
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
        for combo in (self.component, self.method, self.target, self.axis):
            combo.currentIndexChanged.connect(self.refresh)
        self.runs.itemChanged.connect(self.refresh)
        self.show_examples.toggled.connect(self.refresh)

        open_button = QPushButton("Open results…")
        open_button.clicked.connect(self.choose_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        for label, suffix in (("Export PNG…", ".png"), ("Export SVG…", ".svg"),
                              ("Export CSV…", ".csv")):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=suffix: self.choose_export(s))
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

    # -- data ----------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open batch results")
        if folder:
            self.load([folder])

    def load(self, folders) -> None:
        from analysis.batch.curves import curves, run_label
        from analysis.batch.store import read_results

        try:
            results = read_results(folders)
        except MixScopeError as err:
            self._error(str(err))
            return
        self.folders = [Path(f) for f in folders]
        self.results = results
        self.table = curves(results)
        quiet = (self.component, self.method, self.target, self.runs)
        for widget in quiet:
            widget.blockSignals(True)
        _fill(self.component, sorted(results["component"].unique()), "encoder")
        _fill(self.method, sorted(results["method"].unique()), "value_zeroing")
        _fill(self.target, sorted(results["target_role"].unique()), "target")
        self.runs.clear()
        for run, rows in results.groupby("run", sort=True):
            item = QListWidgetItem(f"{run_label(rows)}  —  {rows['example_id'].nunique()} examples")
            item.setData(Qt.ItemDataRole.UserRole, run)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.runs.addItem(item)
        for widget in quiet:
            widget.blockSignals(False)
        self.refresh()

    def selected_runs(self) -> list[str]:
        return [self.runs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.runs.count())
                if self.runs.item(i).checkState() == Qt.CheckState.Checked]

    def selection(self) -> dict:
        return {"component": self.component.currentText(), "method": self.method.currentText(),
                "target_role": self.target.currentText(), "x": self.axis.currentData(),
                "runs": self.selected_runs()}

    def refresh(self, *_args) -> None:
        if self.table.empty:
            return
        self.plot.show_curves(self.table, **self.selection(),
                              results=self.results if self.show_examples.isChecked() else None)
        examples = self.results["example_id"].nunique()
        self.status.setText(f"{len(self.plot.drawn)} curves, {examples} examples; "
                            "bands are 95% confidence intervals of the mean.")

    def visible_table(self) -> pd.DataFrame:
        choice = self.selection()
        rows = self.table
        return rows[(rows.component == choice["component"]) & (rows.method == choice["method"])
                    & (rows.target_role == choice["target_role"])
                    & rows.run.isin(choice["runs"])]

    # -- export --------------------------------------------------------------------------
    def choose_export(self, suffix: str) -> None:
        """Ask for a file name, then export (problems in a message naming the file)."""
        if self.table.empty:
            self._error("Nothing to export yet: open batch results first (Open results…).")
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export curves", f"curves{suffix}",
                                              f"*{suffix}")
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
        if path.suffix.lower() == ".csv":
            return write_curves_csv(self.visible_table(), path)
        return self.plot.export(path)

    # -- the example behind a point ------------------------------------------------------
    def open_example(self, run: str, example_id: str, layer: int, value: float) -> None:
        self.status.setText(f"{example_id}: layer {layer} of {run}, cue contribution {value:.4f}")
        window = self.window_
        if window is None or not hasattr(window, "set_document"):
            return
        try:
            document = load_example_document(self._run_folder(run), example_id)
        except MixScopeError as err:
            self._error(str(err))
            return
        window.set_document(document)

    def _run_folder(self, run: str) -> Path:
        from analysis.batch.store import run_folders

        for folder in run_folders(self.folders):
            if folder.name == run:
                return folder
        raise MixScopeError(f"no run folder for {run}")

    def _error(self, message: str) -> None:
        self.status.setText(message)
        if self.isVisible():
            QMessageBox.warning(self, "Corpus curves", message)


def load_example_document(run_folder: Path, example_id: str):
    """A Document for one corpus example: its audio, word tier and cue/target annotation."""
    from analysis.alignment.annotation import Annotation
    from analysis.alignment.model import TextGrid, words_to_tier
    from analysis.audio import Audio
    from analysis.batch.examples import open_examples
    from analysis.batch.store import RunStore
    from gui.state.document import Document

    corpus = RunStore(run_folder).manifest()["corpus"]
    example = next((e for e in open_examples(corpus) if e.example_id == example_id), None)
    if example is None:
        raise MixScopeError(f"example {example_id} is no longer in the corpus {corpus}")
    audio = Audio(example.load_waveform(), 16000,
                  Path(example.audio_path) if example.audio_path else None)
    tier = words_to_tier(example.words, 0.0, audio.duration)
    grid = TextGrid(0.0, audio.duration, (tier,))
    annotation = Annotation(transcription=example.transcription, cue_word=example.cue_word,
                            target_word=example.target_word, target_word_2=example.target_word_2)
    return Document.from_audio(audio, grid, annotation)


def _fill(combo: QComboBox, values, preferred: str) -> None:
    current = combo.currentText()
    combo.clear()
    combo.addItems([str(v) for v in values])
    for wanted in (current, preferred):
        if wanted in values:
            combo.setCurrentText(wanted)
            break


def install(window) -> CurvesDock:
    dock = CurvesDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    window.curves_dock = dock
    menu = window.menu("&Analysis")
    toggle = dock.toggleViewAction()
    toggle.setText("Corpus &Curves")
    menu.addAction(toggle)
    open_action = QAction("Open Batch &Results…", window)
    open_action.triggered.connect(lambda: (dock.show(), dock.choose_folder()))
    menu.addAction(open_action)
    return dock
