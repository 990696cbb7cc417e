"""The corpus curves dock and the ``curves`` command, on a synthetic results store."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from analysis.batch.curves import curves
from analysis.batch.store import RunStore, example_key
from tests.support.audio import espeak_available
from tests.support.homophone_corpus import write_corpus


def fake_results(out, corpus, model="org/whisper-x", n_layers=4, examples=5, seed=0,
                 contrast=False):
    """Two runs (trained, random-init) of rows as the batch runner writes them (with
    ``contrast``, also each example's five contrast rows)."""
    rng = np.random.default_rng(seed)
    ids = [f"utt{i}_0.wav" for i in range(3)][:examples]
    for weights, offset in (("trained", 0.3), ("random-init", 0.0)):
        run = "org--whisper-x" + ("" if weights == "trained" else "@random-init-seed0")
        store = RunStore(out / run)
        store.open({"model": model, "weights": weights, "corpus": str(corpus)})
        for example_id in ids:
            rows = [{"run": run, "model": model, "weights": weights,
                     "seed": None if weights == "trained" else 0, "example_id": example_id,
                     "component": component, "method": method, "target_role": "target",
                     "target_word": "mangent", "cue_word": "ils", "layer": layer,
                     "n_layers": n_layers, "depth": layer / n_layers,
                     "value": offset * layer / n_layers + 0.1 * rng.random()}
                    for component in ("encoder", "cross") for method in ("attention",
                                                                          "value_zeroing")
                    for layer in range(1, n_layers + 1)]
            if contrast:
                rows += [{**rows[0], "component": "cross", "method": "contrast",
                          "target_role": "contrast", "layer": position, "n_layers": 5,
                          "depth": position / 5, "value": offset + 0.1 * rng.random()}
                         for position in range(1, 6)]
            store.write_example(example_key(example_id), rows,
                                {"run": run, "example_id": example_id, "status": "ok",
                                 "problems": []})
        store.compact()
    return out


@pytest.fixture
def results_folder(tmp_path):
    if not espeak_available():
        pytest.skip("espeak-ng is not installed")
    corpus = write_corpus(tmp_path / "corpus")
    return fake_results(tmp_path / "out", corpus)


def load(qtbot, dock, folder) -> None:
    """Read ``folder`` in the dock and wait until it shows the curves (a worker reads)."""
    with qtbot.waitSignal(dock.loaded, timeout=30000):
        dock.load([folder])


class RecordingHolder:
    """Stands in for the document holder (gui.services.DocumentHolder): keeps what it got."""

    def __init__(self):
        self.documents = []

    def set_document(self, document) -> bool:
        self.documents.append(document)
        return True


def test_dock_draws_the_curves_of_the_chosen_component_and_method(qtbot, results_folder):
    from gui.curves.dock import CurvesDock

    dock = CurvesDock()
    qtbot.addWidget(dock)
    load(qtbot, dock, results_folder)
    dock.component.setCurrentText("cross")
    dock.method.setCurrentText("attention")
    table = curves(RunStore(results_folder / "org--whisper-x").results())
    expected = table[(table.component == "cross") & (table.method == "attention")]
    trained = next(d for d in dock.plot.drawn if d["weights"] == "trained")
    np.testing.assert_allclose(trained["mean"], expected.sort_values("layer")["mean"])
    np.testing.assert_allclose(trained["x"], [0.25, 0.5, 0.75, 1.0])
    assert {d["weights"] for d in dock.plot.drawn} == {"trained", "random-init"}

    dock.runs.item(1).setCheckState(dock.runs.item(1).checkState().Unchecked)
    assert [d["weights"] for d in dock.plot.drawn] == ["trained"]


def test_choosing_the_contrast_target_brings_its_component_and_method(qtbot, tmp_path):
    from gui.curves.dock import CurvesDock

    if not espeak_available():
        pytest.skip("espeak-ng is not installed")
    folder = fake_results(tmp_path / "out", write_corpus(tmp_path / "corpus"), contrast=True)
    dock = CurvesDock()
    qtbot.addWidget(dock)
    load(qtbot, dock, folder)
    assert (dock.component.currentText(), dock.method.currentText()) == ("encoder",
                                                                         "value_zeroing")
    dock.target.setCurrentText("contrast")
    assert (dock.component.currentText(), dock.method.currentText()) == ("cross", "contrast")
    assert [list(d["x"]) for d in dock.plot.drawn] == [[1, 2, 3, 4, 5]] * 2
    dock.target.setCurrentText("target")  # back: contrast rows have no target role
    assert (dock.component.currentText(), dock.method.currentText()) == ("encoder",
                                                                         "value_zeroing")
    assert len(dock.plot.drawn) == 2


def test_dock_exports_png_svg_and_csv(qtbot, results_folder, tmp_path):
    from gui.curves.dock import CurvesDock

    dock = CurvesDock()
    qtbot.addWidget(dock)
    dock.resize(700, 600)
    load(qtbot, dock, results_folder)
    png = dock.export(tmp_path / "c.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ET.parse(dock.export(tmp_path / "c.svg"))  # valid XML
    table = pd.read_csv(dock.export(tmp_path / "c.csv"))
    assert set(table["component"]) == {"encoder"} and set(table["method"]) == {"value_zeroing"}
    assert len(table) == 2 * 4  # two runs x four layers


def test_clicking_an_example_opens_it_in_the_editor(qtbot, results_folder):
    from gui.curves.dock import CurvesDock

    holder = RecordingHolder()
    dock = CurvesDock()
    dock.documents = holder
    qtbot.addWidget(dock)
    load(qtbot, dock, results_folder)
    with qtbot.waitSignal(dock.example_opened, timeout=30000):
        dock.plot.example_clicked.emit("org--whisper-x", "utt1_0.wav", 2, 0.4)
    (document,) = holder.documents
    assert document.annotation.cue_word == "il" and document.annotation.target_word == "mange"
    labels = [i.label for i in document.grid.tiers[0].intervals if i.label]
    assert labels == ["il", "mange", "une", "pomme"]
    assert "utt1_0.wav" in dock.status.text()


def test_curves_command_writes_csv_png_and_svg(results_folder, tmp_path):
    from analysis.cli import main

    code = main(["curves", str(results_folder), "--csv", str(tmp_path / "all.csv"),
                 "--png", str(tmp_path / "p.png"), "--svg", str(tmp_path / "p.svg"),
                 "--component", "cross", "--method", "attention"])
    assert code == 0
    table = pd.read_csv(tmp_path / "all.csv")
    assert len(table) == 2 * 2 * 2 * 4  # runs x components x methods x layers
    assert (tmp_path / "p.png").stat().st_size > 1000
    ET.parse(tmp_path / "p.svg")


@pytest.fixture
def warned(qtbot, monkeypatch):
    """A shown dock whose warning boxes are recorded (its ``warnings``) instead of shown."""
    from PySide6.QtWidgets import QMessageBox

    from gui.curves.dock import CurvesDock

    dock = CurvesDock()
    dock.warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: dock.warnings.append(text))
    qtbot.addWidget(dock)
    dock.show()
    return dock


def test_export_to_a_path_that_cannot_be_written_is_a_message_naming_it(
        qtbot, warned, results_folder, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    dock, warnings = warned, warned.warnings
    wanted = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(wanted[-1]), ""))
    wanted.append(tmp_path / "curves.csv")
    dock.choose_export(".csv")  # nothing loaded yet
    assert "open batch results" in warnings[-1].lower() and not wanted[-1].exists()
    load(qtbot, dock, results_folder)
    for suffix in (".csv", ".png", ".svg"):
        wanted.append(tmp_path / "no-such-folder" / f"curves{suffix}")
        dock.choose_export(suffix)
        assert str(wanted[-1]) in warnings[-1]
    assert len(warnings) == 4


def test_results_and_examples_are_read_on_a_worker_thread(qtbot, results_folder, monkeypatch):
    import threading

    from analysis.batch.curve_browsing import CurveBrowsing
    from gui.curves import example_document
    from gui.curves.dock import CurvesDock

    threads = []
    read, load_example = CurveBrowsing.read, example_document.load_example_document
    monkeypatch.setattr(CurveBrowsing, "read", classmethod(
        lambda cls, folders: threads.append(threading.current_thread()) or read(folders)))
    monkeypatch.setattr(example_document, "load_example_document", lambda *a: (
        threads.append(threading.current_thread()), load_example(*a))[1])
    dock = CurvesDock()
    dock.documents = RecordingHolder()
    qtbot.addWidget(dock)
    load(qtbot, dock, results_folder)
    with qtbot.waitSignal(dock.example_opened, timeout=30000):
        dock.plot.example_clicked.emit("org--whisper-x", "utt0_0.wav", 1, 0.2)
    assert len(threads) == 2
    assert threading.main_thread() not in threads


def test_results_that_cannot_be_read_are_a_message_and_the_shown_curves_stay(
        qtbot, warned, results_folder, tmp_path):
    dock, warnings = warned, warned.warnings
    load(qtbot, dock, results_folder)
    drawn = list(dock.plot.drawn)
    damaged = tmp_path / "damaged"
    (damaged / "results").mkdir(parents=True)
    (damaged / "run").mkdir()
    (damaged / "run" / "run.json").write_text("{}")
    (damaged / "results" / "run.parquet").write_bytes(b"not parquet")
    dock.load([damaged])
    qtbot.waitUntil(lambda: bool(warnings), timeout=30000)
    assert "run.parquet" in warnings[-1]
    assert dock.plot.drawn == drawn


def test_contrast_points_sit_on_named_quantities_not_layers(qtbot):
    import pyqtgraph as pg

    from analysis.contrastive import QUANTITIES
    from gui.curves.plot import CurvesPlot

    rows = pd.DataFrame([{"run": "tiny", "model": "tiny", "weights": "trained", "seed": None,
                          "example_id": f"e{example}", "component": "cross",
                          "method": "contrast", "target_role": "contrast",
                          "target_word": "mangent", "cue_word": "ils", "layer": position,
                          "n_layers": len(QUANTITIES), "depth": position / len(QUANTITIES),
                          "value": 0.5 * position + 0.1 * example}
                         for example in range(3) for position in range(1, 6)])
    plot = CurvesPlot()
    qtbot.addWidget(plot)
    plot.show_curves(curves(rows), component="cross", method="contrast",
                     target_role="contrast", x="depth", results=rows)
    (drawn,) = plot.drawn
    assert list(drawn["x"]) == [1, 2, 3, 4, 5]
    (scatter,) = [i for i in plot.getPlotItem().items if isinstance(i, pg.ScatterPlotItem)
                  and i.data.size == len(rows)]
    assert sorted({p.pos().x() for p in scatter.points()}) == [1, 2, 3, 4, 5]
    cue_point = next(p for p in scatter.points() if p.pos().x() == 2)
    assert "cue drop" in scatter.opts["tip"](2, 1.0, cue_point.data())
    ticks = plot.getAxis("bottom")._tickLevels
    assert [name for _, name in ticks[0]] == list(QUANTITIES)
