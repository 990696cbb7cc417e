"""Static figures (matplotlib): the app's layout and look, cue/target marks, hatched noise
rows, corpus curves with their band, and PNG/SVG/PDF files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import api as mx
from analysis.errors import MixScopeError
from analysis.figures import style
from tests.support.scoresets import hand_made_scoreset

pytest.importorskip("matplotlib")


def _heatmap_axes(figure):
    return [ax for ax in figure.get_axes() if ax.images and ax.get_visible()
            and ax.get_label() != "<colorbar>"]


def test_one_layer_shows_the_methods_side_by_side_on_one_colour_scale():
    scores = hand_made_scoreset()
    figure = mx.plot_heatmaps(scores, "cross", layer=2)
    axes = _heatmap_axes(figure)
    assert [ax.get_title() for ax in axes] == ["Attention\nlayer 2", "Value Zeroing\nlayer 2"]
    assert np.array_equal(axes[1].images[0].get_array(),
                          scores.get("cross", "value_zeroing")[1])
    assert len({ax.images[0].get_clim() for ax in axes}) == 1
    assert all(ax.images[0].get_cmap().name == style.COLORMAP for ax in axes)
    assert (axes[0].get_ylabel(), axes[0].get_xlabel()) == ("output token", "word")


def test_every_layer_as_small_multiples_and_raw_scores_with_a_scale_per_method():
    figure = mx.plot_heatmaps(hand_made_scoreset(layers=3), "encoder", raw=True)
    axes = _heatmap_axes(figure)
    assert [ax.get_title() for ax in axes] == ["Layer 1", "Layer 2", "Layer 3"] * 2
    attention, value_zeroing = axes[0].images[0].get_clim(), axes[3].images[0].get_clim()
    assert attention != value_zeroing
    labels = {ax.get_ylabel() for ax in figure.get_axes() if ax.get_label() == "<colorbar>"}
    assert labels == {"raw score (Attention)", "raw score (Value Zeroing)"}


def test_cue_and_target_labels_are_coloured_and_noise_rows_hatched():
    figure = mx.plot_heatmaps(hand_made_scoreset(noise_row=2), "encoder", layer=1,
                              cue="ils", target=1)
    attention, value_zeroing = _heatmap_axes(figure)
    rows = {t.get_text(): t for t in value_zeroing.get_yticklabels()}
    assert rows["ils"].get_color() == style.ROLE_COLOURS["cue"]
    assert rows["mangent"].get_color() == style.ROLE_COLOURS["target"]
    assert rows["des"].get_fontweight() == "normal"
    hatched = [p for p in value_zeroing.patches if p.get_hatch()]
    assert [(p.get_y(), p.get_height()) for p in hatched] == [(1.5, 1.0)]  # row 2 only
    assert not [p for p in attention.patches if p.get_hatch()]


def test_decoder_marks_every_token_of_a_split_word():
    figure = mx.plot_heatmaps(hand_made_scoreset(), "decoder", layer=1, target="mangent")
    rows = _heatmap_axes(figure)[0].get_yticklabels()
    marked = [t.get_text() for t in rows if t.get_color() == style.ROLE_COLOURS["target"]]
    assert marked == ["mang", "ent"]


def test_bad_requests_name_the_problem():
    scores = hand_made_scoreset(layers=3)
    with pytest.raises(MixScopeError, match="layer 4 does not exist: the encoder has layers 1 to 3"):
        mx.plot_heatmaps(scores, "encoder", layer=4)
    with pytest.raises(MixScopeError, match="'pomme' is not in the word tier"):
        mx.plot_heatmaps(scores, "encoder", cue="pomme")
    with pytest.raises(MixScopeError, match="unknown encoder method 'rollout'; choose from "
                                            "attention, value_zeroing"):
        mx.plot_heatmaps(scores, "encoder", methods=["rollout"])
    only = mx.plot_heatmaps(scores, "encoder", layer=1, methods="value_zeroing")
    assert [ax.get_title() for ax in _heatmap_axes(only)] == ["Value Zeroing\nlayer 1"]
    scores.scores = {k: v for k, v in scores.scores.items() if k.startswith("encoder")}
    with pytest.raises(MixScopeError, match="no cross scores in this result"):
        mx.plot_heatmaps(scores, "cross")


def test_cue_contribution_plots_the_batch_numbers_per_component_and_method():
    from analysis.cue import cue_contributions

    scores = hand_made_scoreset()
    figure = mx.plot_cue_contribution(scores, cue="ils", target="mangent")
    lines = {line.get_label(): line for line in figure.axes[0].get_lines()}
    expected = cue_contributions(scores, "ils", "mangent").values
    line = lines["Cross-attention · Value Zeroing"]
    assert np.allclose(line.get_ydata(), expected[("cross", "value_zeroing")])
    assert line.get_color() == style.COMPONENT_COLOURS["cross"]
    assert line.get_linestyle() == "-" and lines["Encoder · Attention"].get_linestyle() == "--"


def _curves_table():
    rows = []
    for weights in ("trained", "random-init"):
        for example in range(4):
            for layer in (1, 2, 3):
                rows.append({"run": f"tiny-{weights}", "model": "tiny", "weights": weights,
                             "seed": None, "example_id": f"e{example}", "component": "encoder",
                             "method": "value_zeroing", "target_role": "target",
                             "target_word": "mangent", "cue_word": "ils", "layer": layer,
                             "n_layers": 3, "depth": layer / 3,
                             "value": 0.1 * layer + 0.01 * example})
    return mx.curves(pd.DataFrame(rows))


def test_corpus_curves_have_a_band_and_a_dashed_random_init_baseline():
    figure = mx.plot_curves(_curves_table())
    ax = figure.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"tiny (n=4)", "tiny (random init) (n=4)"}
    assert lines["tiny (random init) (n=4)"].get_linestyle() == "--"
    assert lines["tiny (n=4)"].get_color() == lines["tiny (random init) (n=4)"].get_color()
    assert len(ax.collections) == 2  # the confidence bands
    assert ax.get_ylabel() == style.CURVES_Y_TITLE
    assert ax.get_title() == style.curves_title("encoder", "value_zeroing", "target")
    with pytest.raises(MixScopeError, match="no encoder/attention/target results"):
        mx.plot_curves(_curves_table(), method="attention")


def test_contrast_curves_name_their_quantities_on_the_x_axis():
    from analysis.contrastive import QUANTITIES

    rows = [{"run": "tiny", "model": "tiny", "weights": "trained", "seed": None,
             "example_id": f"e{example}", "component": "cross", "method": "contrast",
             "target_role": "contrast", "target_word": "mangent", "cue_word": "ils",
             "layer": position, "n_layers": len(QUANTITIES),
             "depth": position / len(QUANTITIES), "value": position + 0.1 * example}
            for example in range(3) for position in range(1, len(QUANTITIES) + 1)]
    figure = mx.plot_curves(mx.curves(pd.DataFrame(rows)), target_role="contrast")
    ax = figure.axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == list(QUANTITIES)
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == list(range(1, len(QUANTITIES) + 1))
    assert np.allclose(line.get_ydata(), np.arange(1, len(QUANTITIES) + 1) + 0.1)
    assert ax.get_ylabel() == style.CONTRAST_Y_TITLE


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"),
                                           (".pdf", b"%PDF")])
def test_figures_save_as_png_svg_and_pdf(tmp_path, suffix, magic):
    figure = mx.plot_heatmaps(hand_made_scoreset(), "encoder", layer=1)
    path = mx.save_figure(figure, tmp_path / f"encoder{suffix}")
    assert path.read_bytes().startswith(magic)


def test_saving_a_figure_under_another_extension_is_refused(tmp_path):
    figure = mx.plot_heatmaps(hand_made_scoreset(), "encoder", layer=1)
    with pytest.raises(MixScopeError, match="choose a .png, .svg or .pdf file name"):
        mx.save_figure(figure, tmp_path / "encoder.jpg")
    assert not list(tmp_path.iterdir())
