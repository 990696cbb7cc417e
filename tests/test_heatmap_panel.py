import numpy as np
import pytest

from gui.heatmaps.panel import HeatmapPanel
from tests.support.scoresets import hand_made_scoreset


@pytest.fixture
def scores():
    return hand_made_scoreset(layers=3)


@pytest.fixture
def panel(qtbot):
    def make(component):
        widget = HeatmapPanel(component)
        qtbot.addWidget(widget)
        widget.resize(900, 500)
        widget.show()
        return widget
    return make


@pytest.mark.parametrize("component", ["encoder", "decoder", "cross"])
def test_panel_images_equal_the_scoreset_arrays_layer_by_layer(panel, scores, component):
    view = panel(component)
    view.set_scores(scores)
    for layer in range(3):
        view.set_layer(layer)
        shown = {p.method: p.matrix() for p in view.plots()}
        assert set(shown) == {"attention", "value_zeroing"}
        for method, image in shown.items():
            np.testing.assert_allclose(image, scores.get(component, method)[layer], rtol=1e-6)


def test_methods_share_one_colour_scale_when_normalised(panel, scores):
    view = panel("encoder")
    view.set_scores(scores)
    levels = {tuple(p.image.getLevels()) for p in view.plots()}
    assert len(levels) == 1
    low, high = levels.pop()
    assert low == 0.0 and high == pytest.approx(
        max(scores.get("encoder", m).max() for m in ("attention", "value_zeroing")))


def test_raw_toggle_shows_the_unnormalised_arrays(panel, scores):
    view = panel("cross")
    view.set_scores(scores)
    view.set_layer(1)
    view.set_raw(True)
    for plot in view.plots():
        np.testing.assert_allclose(plot.matrix(), scores.get("cross", plot.method, raw=True)[1],
                                   rtol=1e-6)


def test_all_layers_grid_has_one_plot_per_layer_and_method(panel, scores):
    view = panel("decoder")
    view.set_scores(scores)
    view.set_all_layers(True)
    plots = view.plots()
    assert sorted((p.method, p.layer) for p in plots) == sorted(
        (m, layer) for m in ("attention", "value_zeroing") for layer in range(3))
    for plot in plots:
        np.testing.assert_allclose(plot.matrix(), scores.get("decoder", plot.method)[plot.layer],
                                   rtol=1e-6)
    assert not view.layer_slider.isEnabled()


def test_noise_level_rows_are_hatched_only_where_the_raw_sum_is_noise(panel, scores):
    view = panel("encoder")
    view.set_scores(scores)
    by_method = {p.method: p for p in view.plots()}
    assert by_method["value_zeroing"].noise_rows() == [2, 2]  # grey fill + hatch
    assert by_method["attention"].noise_rows() == []
    view.set_layer(1)
    assert all(p.noise_rows() == [] for p in view.plots())


def test_keys_browse_layers(panel, scores, qtbot):
    from PySide6.QtCore import Qt

    view = panel("encoder")
    view.set_scores(scores)
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    assert view.layer() == 1
    qtbot.keyClick(view.canvas, Qt.Key.Key_End)
    assert view.layer() == 2
    qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    assert view.layer() == 2
    qtbot.keyClick(view.canvas, Qt.Key.Key_Home)
    assert view.layer() == 0
    qtbot.keyClick(view.canvas, Qt.Key.Key_A)
    assert view.all_layers_box.isChecked()


def test_cue_and_target_are_marked_on_both_axes(panel, scores):
    view = panel("decoder")
    view.set_scores(scores, cue=0, target=1)  # ils, mangent
    plot = view.plots()[0]
    assert plot.getAxis("left").marks() == {3: "cue", 4: "target", 5: "target"}
    assert plot.getAxis("bottom").marks() == {4: "cue", 5: "target", 6: "target"}
    assert plot.getAxis("left").labels()[3:6] == ["ils ← ‹no-ts›", "mang ← ils", "ent ← mang"]
    cross = panel("cross")
    cross.set_scores(scores, cue=0, target=1)
    axis = cross.plots()[0]
    assert axis.getAxis("left").marks() == {3: "cue", 4: "target", 5: "target"}
    assert axis.getAxis("bottom").marks() == {0: "cue", 1: "target"}


def test_hover_reports_row_column_layer_and_value(panel, scores, qtbot):
    view = panel("encoder")
    view.set_scores(scores)
    view.set_layer(2)
    qtbot.wait(50)
    plot = next(p for p in view.plots() if p.method == "value_zeroing")
    scene_pos = plot.getViewBox().mapViewToScene(__import__("PySide6.QtCore").QtCore.QPointF(3, 1))
    view._on_mouse_moved(scene_pos)
    text = view.info_label.text()
    value = scores.get("encoder", "value_zeroing")[2, 1, 3]
    assert "Value Zeroing" in text and "layer 3" in text
    assert "“mangent”" in text and "“pommes”" in text and f"{value:.4g}" in text


def test_hover_flags_noise_level_rows(panel, scores):
    view = panel("encoder")
    view.set_scores(scores)
    plot = next(p for p in view.plots() if p.method == "value_zeroing")
    assert "noise level" in view.describe(plot, 2, 0)
    assert "noise level" not in view.describe(plot, 1, 0)


def test_clicking_a_cell_reports_the_words_of_its_row_and_column(panel, scores, qtbot):
    view = panel("cross")
    view.set_scores(scores)
    with qtbot.waitSignal(view.cell_clicked) as blocker:
        view.click_cell(8, 0)  # token "mes" (of "pommes") x word "ils"
    assert blocker.args == [3, 0]
    with qtbot.waitSignal(view.cell_clicked) as blocker:
        view.click_cell(0, 2)  # <|fr|> is no word
    assert blocker.args == [-1, 2]


def test_panel_without_scores_says_how_to_get_them(panel):
    view = panel("decoder")
    assert "Score" in view.empty_label.text()
    assert not view.layer_slider.isEnabled()


@pytest.mark.parametrize("all_layers", [False, True])
def test_export_writes_png_and_valid_svg_with_titles_and_labels(panel, scores, tmp_path,
                                                               all_layers):
    import xml.etree.ElementTree as ET

    from PySide6.QtGui import QImage

    from gui.heatmaps.export import export_panel

    view = panel("encoder")
    view.set_scores(scores, cue=0, target=1)
    png = export_panel(view, tmp_path / "encoder.png", all_layers=all_layers)
    svg = export_panel(view, tmp_path / "encoder.svg", all_layers=all_layers)
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 800
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert "Value Zeroing" in text and "layer 1" in text.lower() and "mangent" in text
    if all_layers:
        assert "Layer 3" in text
    assert not list(tmp_path.glob("*.tmp*"))


def test_rows_of_cancelling_float_noise_count_as_noise_and_stay_out_of_the_colour_range():
    from analysis.figures.heatmap_data import noise_rows, panel_data

    raw = np.array([[[0.2, 0.3, 0.5], [1e-5, -0.9e-5, 1e-7], [1e-9, 2e-9, 0.0]]])
    assert noise_rows(raw).tolist() == [[False, True, True]]
    scores = hand_made_scoreset(layers=1, noise_row=None)
    scores.raw["encoder.value_zeroing"][0, 1] = [1e-5, -0.99e-5, 1e-6, 0.0]
    scores.scores["encoder.value_zeroing"][0, 1] = [100.0, -99.0, 10.0, 0.0]  # what dividing gives
    data = panel_data(scores, "encoder")
    low, high = data.levels()
    assert low == 0.0 and high <= 1.0


def test_labels_of_cells_thinner_than_a_line_are_thinned_but_cue_and_target_stay(qtbot):
    from gui.heatmaps.label_axis import LabelAxis

    axis = LabelAxis("left")
    axis.set_labels([f"t{i}" for i in range(40)], marks={17: "cue", 18: "target"})
    assert axis.labelled(cell_pixels=14.0, line_pixels=12.0) == list(range(40))
    shown = axis.labelled(cell_pixels=4.0, line_pixels=12.0)
    assert {17, 18} <= set(shown) and 0 in shown
    neighbours = [(a, b) for a, b in zip(shown[:-1], shown[1:], strict=True)
                  if not {a, b} <= {17, 18}]
    assert all(b - a >= 3 for a, b in neighbours)  # 3 cells of 4 px hold a 12 px line
    assert len(shown) >= 40 // 3


def test_a_small_decoder_panel_draws_only_labels_that_fit(panel, scores, qtbot):
    view = panel("decoder")
    view.resize(420, 260)
    view.set_scores(scores, cue=0, target=1)
    axis = view.plots()[0].getAxis("left")
    qtbot.waitUntil(lambda: bool(axis.drawn), timeout=2000)
    view.grab()  # paint at the small size
    rows = len(axis.labels())
    cell = axis.geometry().height() / rows
    assert cell < 12  # the setting this test is about: rows thinner than a text line
    assert {3, 4, 5} <= set(axis.drawn) and len(axis.drawn) < rows
