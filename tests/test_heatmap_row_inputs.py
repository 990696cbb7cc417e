"""Decoder and cross rows show the output token (primary, as the reference labels them) and
the input token the row was computed from; encoder rows stay words."""

import dataclasses

from analysis.figures.heatmap_data import INPUT_MARK, panel_data, short_labels
from tests.support.scoresets import INPUT_TOKENS, OUTPUT_TOKENS, hand_made_scoreset


def _expected():
    return [f"{out}{INPUT_MARK}{given}" for out, given in
            zip(short_labels(OUTPUT_TOKENS), short_labels(INPUT_TOKENS), strict=True)]


def test_token_rows_show_output_then_input_token():
    scores = hand_made_scoreset()
    for component in ("decoder", "cross"):
        labels = panel_data(scores, component).row_axis_labels()
        assert labels == _expected()
        assert labels[3].startswith(short_labels(OUTPUT_TOKENS)[3])  # the output comes first
    assert panel_data(scores, "encoder").row_axis_labels() == short_labels(
        scores.row_labels["encoder"])


def test_cross_rows_find_their_input_tokens_without_the_decoder_component():
    scores = hand_made_scoreset()
    kept = {k: v for k, v in scores.scores.items() if k.startswith("cross.")}
    cross_only = dataclasses.replace(
        scores, scores=kept, raw={k: v for k, v in scores.raw.items() if k in kept},
        row_labels={"cross": OUTPUT_TOKENS}, col_labels={"cross": scores.col_labels["cross"]},
        meta={**scores.meta, "decoder_input_labels": INPUT_TOKENS})
    assert panel_data(cross_only, "cross").row_axis_labels() == _expected()
    without = dataclasses.replace(cross_only, meta=scores.meta)
    assert panel_data(without, "cross").row_axis_labels() == short_labels(OUTPUT_TOKENS)


def test_the_cross_panel_axis_and_hover_show_both_tokens(qtbot):
    from gui.heatmaps.panel import HeatmapPanel

    view = HeatmapPanel("cross")
    qtbot.addWidget(view)
    view.set_scores(hand_made_scoreset())
    assert view.marks().rows == _expected()
    plot = view.plots()[0]
    assert f"“{_expected()[3]}”" in view.describe(plot, 3, 0)
