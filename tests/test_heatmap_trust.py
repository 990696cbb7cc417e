"""What a researcher must be able to trust in the heatmap docks: an SVG export shows the same
cells as the PNG of the same view, colour bars show their range, the hover read-out never
resizes the window and never shows numbers of something no longer on screen."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from gui.heatmaps.panel import HeatmapPanel
from tests.support.scoresets import hand_made_scoreset


@pytest.fixture
def scores():
    return hand_made_scoreset(layers=3)


@pytest.fixture
def panel(qtbot):
    def make(component, width=900, height=500):
        widget = HeatmapPanel(component)
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        return widget
    return make


def _render_svg(path, width, height):
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def _sample_points(view):
    """Scene points inside every cell (centre and quarter offsets) of every plot, and along
    every colour bar, each with the colour the panel means to show there (None: unchecked)."""
    import pyqtgraph as pg

    points = []
    for plot in view.plots():
        rows, cols = plot.matrix().shape
        box = plot.getViewBox()
        noise = set(plot.noise_rows())
        for r in range(rows):
            if r in noise:
                continue
            for c in range(cols):
                for dx, dy in ((0, 0), (-0.3, -0.3), (0.3, 0.3), (-0.3, 0.3)):
                    points.append(box.mapViewToScene(QPointF(c + dx, r + dy)))
    for item in view.canvas.ci.items:
        if isinstance(item, pg.ColorBarItem):
            box = item.getViewBox()
            for y in np.arange(2.5, 256, 21):  # gradient steps' centres
                points.append(box.mapViewToScene(QPointF(0.5, float(y))))
    return points


@pytest.mark.parametrize("raw", [False, True])
def test_svg_export_shows_the_same_cells_as_the_png_of_the_same_view(panel, scores, tmp_path,
                                                                     raw):
    from PySide6.QtGui import QImage

    from gui.heatmaps.export import export_panel

    view = panel("encoder")
    view.set_scores(scores, cue=0, target=1)
    view.set_raw(raw)
    png = QImage(str(export_panel(view, tmp_path / "view.png")))
    svg = _render_svg(export_panel(view, tmp_path / "view.svg"), png.width(), png.height())
    source = view.canvas.ci.sceneBoundingRect()
    scale = png.width() / source.width()
    differences = []
    for point in _sample_points(view):
        x = int((point.x() - source.left()) * scale)
        y = int((point.y() - source.top()) * scale)
        a, b = png.pixelColor(x, y), svg.pixelColor(x, y)
        differences.append(max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                               abs(a.blue() - b.blue())))
    assert len(differences) > 100
    assert max(differences) <= 8, f"{sum(d > 8 for d in differences)} points differ"


def test_svg_export_has_no_blurred_bitmap_and_hatches_noise_rows_with_lines(panel, scores,
                                                                            tmp_path):
    from gui.heatmaps.export import export_panel

    view = panel("encoder")
    view.set_scores(scores)
    text = export_panel(view, tmp_path / "view.svg").read_text()
    assert "<image" not in text  # cells and colour bar are drawn as vector shapes
    assert "<polyline" in text or "<path" in text


def _bar_tick_labels(view):
    import pyqtgraph as pg

    bars = [item for item in view.canvas.ci.items if isinstance(item, pg.ColorBarItem)]
    labels = []
    for bar in bars:
        low, high = bar.levels()
        values = [v for level in bar.axis.tickValues(low, high, 200) for v in level[1]]
        ticks = bar.axis._tickLevels
        shown = ([text for level in ticks for _v, text in level] if ticks is not None
                 else bar.axis.tickStrings(values, 1, 1))
        labels.append([t for t in shown if t])
    return labels


def test_raw_colour_bars_each_show_their_range_with_several_ticks(panel, scores):
    scores.raw["encoder.value_zeroing"] *= 1e-4  # Value Zeroing distances can be tiny
    view = panel("encoder", width=420, height=230)
    view.set_scores(scores)
    view.set_raw(True)
    labels = _bar_tick_labels(view)
    assert len(labels) == 2  # one bar per method: their units differ
    for shown in labels:
        assert len(set(shown)) >= 3, shown
        assert any(float(t) != 0 for t in shown), shown


def test_hover_sweep_never_changes_the_window_width(qtbot, scores):
    from PySide6.QtWidgets import QDockWidget, QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(__import__("PySide6.QtWidgets").QtWidgets.QLabel("editor"))
    panels = []
    for component in ("encoder", "decoder", "cross"):
        dock = QDockWidget(component, window)
        dock.setWidget(HeatmapPanel(component))
        window.addDockWidget(__import__("PySide6.QtCore").QtCore.Qt.DockWidgetArea
                             .BottomDockWidgetArea, dock)
        panels.append(dock.widget())
    window.resize(1280, 800)
    window.show()
    for view in panels:
        view.set_scores(scores, cue=0, target=1)
    qtbot.wait(50)
    width = window.width()
    for view in panels:
        for plot in view.plots():
            rows, cols = plot.matrix().shape
            for r in range(rows):
                for c in range(cols):
                    view._on_mouse_moved(plot.getViewBox().mapViewToScene(QPointF(c, r)))
                    assert view.info_label.text().strip()
            qtbot.wait(1)
    qtbot.wait(50)
    assert window.width() == width
    assert all(view.width() <= window.width() for view in panels)


def test_readout_follows_the_layer_and_clears_when_the_scores_go(panel, scores, qtbot):
    view = panel("encoder")
    view.set_scores(scores)
    plot = next(p for p in view.plots() if p.method == "attention")
    view._on_mouse_moved(plot.getViewBox().mapViewToScene(QPointF(2, 1)))
    assert "layer 1" in view.info_label.text()
    value = scores.get("encoder", "attention")[1, 1, 2]
    view.set_layer(1)
    assert "layer 2" in view.info_label.text() and f"{value:.4g}" in view.info_label.text()
    other = hand_made_scoreset(layers=2)
    other.scores["encoder.attention"][1, 1, 2] = 0.123456
    view.set_scores(other)
    assert "0.1235" in view.info_label.text()
    view.set_scores(None)
    assert not view.info_label.text().strip()


@pytest.mark.parametrize("component", ["encoder", "decoder", "cross"])
def test_methods_side_by_side_label_the_same_rows_and_columns(panel, scores, qtbot, component):
    view = panel(component, width=520, height=260)
    view.set_scores(scores, cue=0, target=1)
    view.grab()
    plots = view.plots()
    assert len(plots) == 2
    for side in ("left", "bottom"):
        drawn = [p.getAxis(side).drawn for p in plots]
        assert drawn[0] and drawn[0] == drawn[1], side
    sizes = {(round(p.getViewBox().width()), round(p.getViewBox().height())) for p in plots}
    assert len(sizes) == 1


def test_clicking_a_cell_plots_its_value_over_the_layers_for_every_method(panel, scores, qtbot):
    from gui.scoring.cell_profile import CellProfile

    scores.scores["cross.rollout"] = scores.scores["cross.attention"] * 0.5  # a third method
    scores.raw["cross.rollout"] = scores.raw["cross.attention"]
    view = panel("cross")
    profile = CellProfile()
    qtbot.addWidget(profile)
    view.cell_chosen.connect(lambda c, r, k: profile.show_cell(scores, c, r, k))
    view.set_scores(scores)
    view.click_cell(4, 1)
    assert set(profile.profiles) == {"attention", "value_zeroing", "rollout"}
    for method, values in profile.profiles.items():
        np.testing.assert_allclose(values, scores.get("cross", method)[:, 4, 1])
    assert "mang" in profile.message.text()
    assert len(profile.plot.listDataItems()) == 3
