"""The cue-contribution plot of one utterance: integer layer ticks, a legend that never
covers the curves, and no point drawn for a layer whose target row is float noise."""

import numpy as np

from gui.scoring.cue_plot import CuePlot
from tests.support.scoresets import hand_made_scoreset


def _shown_plot(qtbot):
    plot = CuePlot()
    qtbot.addWidget(plot)
    plot.resize(500, 400)
    plot.show()
    plot.set_scores(hand_made_scoreset(layers=3), cue=0, target=1)
    return plot


def test_layer_axis_ticks_are_whole_layers(qtbot):
    plot = _shown_plot(qtbot)
    axis = plot.plot.getAxis("bottom")
    values = [v for _spacing, ticks in axis.tickValues(0.8, 3.2, 400) for v in ticks]
    assert values and all(float(v).is_integer() for v in values)
    assert {1, 2, 3} <= set(values)


def test_legend_sits_outside_the_plotted_lines(qtbot):
    plot = _shown_plot(qtbot)
    qtbot.wait(20)
    legend = plot.legend.sceneBoundingRect()
    box = plot.plot.getViewBox().sceneBoundingRect()
    assert legend.height() > 0 and not legend.intersects(box)


def test_noise_rows_are_not_plotted_as_data(qtbot):
    scores = hand_made_scoreset(layers=3, noise_row=None)
    scores.raw["encoder.value_zeroing"][1, 1] = 1e-10  # the target (mangent), layer 2
    plot = CuePlot()
    qtbot.addWidget(plot)
    plot.set_scores(scores, cue=0, target=1)
    curve = plot.curves["encoder.value_zeroing"]
    assert np.isnan(curve[1]) and np.isfinite(curve[[0, 2]]).all()
    drawn = next(item for item in plot.plot.listDataItems()
                 if item.curve_name == "Encoder · Value Zeroing")
    xs, ys = drawn.getData()
    assert 2 not in set(xs[np.isfinite(ys)].tolist())
