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


def fake_results(out, corpus, model="org/whisper-x", n_layers=4, examples=5, seed=0):
    """Two runs (trained, random-init) of rows as the batch runner writes them."""
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


class RecordingWindow:
    def __init__(self):
        self.documents = []

    def set_document(self, document):
        self.documents.append(document)


def test_dock_draws_the_curves_of_the_chosen_component_and_method(qtbot, results_folder):
    from gui.curves_dock import CurvesDock

    dock = CurvesDock()
    qtbot.addWidget(dock)
    dock.load([results_folder])
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


def test_dock_exports_png_svg_and_csv(qtbot, results_folder, tmp_path):
    from gui.curves_dock import CurvesDock

    dock = CurvesDock()
    qtbot.addWidget(dock)
    dock.resize(700, 600)
    dock.load([results_folder])
    png = dock.export(tmp_path / "c.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ET.parse(dock.export(tmp_path / "c.svg"))  # valid XML
    table = pd.read_csv(dock.export(tmp_path / "c.csv"))
    assert set(table["component"]) == {"encoder"} and set(table["method"]) == {"value_zeroing"}
    assert len(table) == 2 * 4  # two runs x four layers


def test_clicking_an_example_opens_it_in_the_editor(qtbot, results_folder):
    from gui.curves_dock import CurvesDock

    window = RecordingWindow()
    dock = CurvesDock()
    dock.window_ = window
    qtbot.addWidget(dock)
    dock.load([results_folder])
    dock.plot.example_clicked.emit("org--whisper-x", "utt1_0.wav", 2, 0.4)
    (document,) = window.documents
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


def test_export_to_a_path_that_cannot_be_written_is_a_message_naming_it(
        qtbot, results_folder, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from gui.curves_dock import CurvesDock

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warnings.append(text))
    dock = CurvesDock()
    qtbot.addWidget(dock)
    dock.show()
    wanted = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(wanted[-1]), ""))
    wanted.append(tmp_path / "curves.csv")
    dock.choose_export(".csv")  # nothing loaded yet
    assert "open batch results" in warnings[-1].lower() and not wanted[-1].exists()
    dock.load([results_folder])
    for suffix in (".csv", ".png", ".svg"):
        wanted.append(tmp_path / "no-such-folder" / f"curves{suffix}")
        dock.choose_export(suffix)
        assert str(wanted[-1]) in warnings[-1]
    assert len(warnings) == 4


def test_contrast_points_sit_on_named_quantities_not_layers(qtbot):
    import pyqtgraph as pg

    from analysis.contrastive import QUANTITIES
    from gui.curves_plot import CurvesPlot

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
