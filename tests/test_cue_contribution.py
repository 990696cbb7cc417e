"""Cue contribution (METHODS.md): which rows and columns, prefix dropping, renormalisation."""

import numpy as np
import pytest

from analysis.cue import CueError, contribution, cue_contributions, locate
from analysis.results import ScoreSet, row_normalise
from analysis.words import Word

OUTPUTS = ["<|fr|>", "<|transcribe|>", "<|notimestamps|>", "ĠIls", "Ġmang", "ent", "Ġdes",
           "<|endoftext|>"]
INPUTS = ["<|startoftranscript|>"] + OUTPUTS[:-1]
WORDS = [Word("Ils", 0.1, 0.3), Word("mangent", 0.35, 0.7), Word("des", 0.75, 0.9)]


def scoreset(seed=0, layers=3):
    rng = np.random.default_rng(seed)
    m = len(OUTPUTS)
    decoder = np.tril(rng.random((layers, m, m)))  # causal
    shapes = {"encoder": (3, 3), "cross": (m, 3)}
    raw = {"encoder.attention": rng.random((layers, *shapes["encoder"])),
           "decoder.attention": decoder,
           "cross.attention": rng.random((layers, *shapes["cross"]))}
    return ScoreSet(
        scores={k: row_normalise(v) for k, v in raw.items()}, raw=raw,
        row_labels={"encoder": [w.label for w in WORDS], "decoder": OUTPUTS, "cross": OUTPUTS},
        col_labels={"encoder": [w.label for w in WORDS], "decoder": INPUTS,
                    "cross": [w.label for w in WORDS]},
        words=WORDS, word_frames=[(5, 15), (17, 35), (37, 45)])


def test_encoder_uses_the_target_word_row_and_cue_word_column():
    scores = scoreset()
    result = cue_contributions(scores, "ils", "mangent")
    np.testing.assert_allclose(result.values[("encoder", "attention")],
                               scores.get("encoder", "attention")[:, 1, 0])


def test_cross_averages_the_target_token_rows_in_the_cue_word_column():
    scores = scoreset()
    result = cue_contributions(scores, "Ils", "mangent")
    assert result.positions["cross"].rows == (4, 5)
    expected = scores.get("cross", "attention")[:, [4, 5], 0].mean(axis=1)
    np.testing.assert_allclose(result.values[("cross", "attention")], expected)


def test_decoder_cue_column_is_the_input_position_after_its_output():
    positions = locate(scoreset(), "decoder", "Ils", "mangent", drop_prefix=False)
    assert positions.rows == (4, 5)
    assert positions.cols == (4,)  # output 3 (ĠIls) is fed back as input 4
    assert positions.dropped_cols == ()


def test_dropping_the_prefix_renormalises_over_the_text_columns():
    scores = scoreset()
    kept = cue_contributions(scores, "Ils", "mangent", drop_prefix=False)
    dropped = cue_contributions(scores, "Ils", "mangent", drop_prefix=True)
    raw = scores.raw["decoder.attention"]
    text = raw[:, :, 4:]  # inputs 0..3 are start, language, task, no-timestamps
    expected = (text[:, [4, 5], 0] / text[:, [4, 5], :].sum(axis=2)).mean(axis=1)
    np.testing.assert_allclose(dropped.values[("decoder", "attention")], expected)
    with_prefix = (raw[:, [4, 5], 4] / raw[:, [4, 5], :].sum(axis=2)).mean(axis=1)
    np.testing.assert_allclose(kept.values[("decoder", "attention")], with_prefix)
    assert np.all(dropped.values[("decoder", "attention")] > kept.values[("decoder", "attention")])


def test_a_cue_spelled_by_several_columns_sums_them():
    matrix = np.zeros((1, 2, 4))
    matrix[0, 1] = [0.1, 0.2, 0.3, 0.4]
    from analysis.cue import CuePositions

    assert contribution(matrix, CuePositions(rows=(1,), cols=(1, 2)))[0] == pytest.approx(0.5)


def test_rows_left_empty_after_dropping_stay_zero():
    matrix = np.zeros((1, 1, 3))
    matrix[0, 0, 0] = 1.0  # all its weight on the prefix
    from analysis.cue import CuePositions

    value = contribution(matrix, CuePositions(rows=(0,), cols=(1,), dropped_cols=(0,)))
    assert value[0] == 0.0 and not np.isnan(value[0])


def test_target_missing_from_the_decoder_is_a_problem_for_decoder_and_cross_only():
    result = cue_contributions(scoreset(), "ils", "pommes")
    assert set(result.problems) == {"encoder", "decoder", "cross"}
    assert "not in the word tier" in result.problems["encoder"]
    assert "not among the decoder tokens" in result.problems["cross"]
    assert result.values == {}


def test_word_repeated_in_the_tier_is_ambiguous():
    scores = scoreset()
    scores.words = [Word("des", 0.1, 0.3), Word("mangent", 0.35, 0.7), Word("des", 0.75, 0.9)]
    with pytest.raises(CueError, match="2 times in the word tier"):
        locate(scores, "encoder", "des", "mangent")


def test_with_a_tokenizer_the_ids_decide(tmp_path):
    from tests.support.models import build_whisper_tokenizer

    tokenizer = build_whisper_tokenizer()
    scores = scoreset()
    outputs = tokenizer.convert_tokens_to_ids(["<|fr|>", "<|transcribe|>", "<|notimestamps|>"])
    outputs += tokenizer.encode(" Ils mangent des", add_special_tokens=False)
    outputs += tokenizer.convert_tokens_to_ids(["<|endoftext|>"])
    scores.decoder_output_ids = outputs
    scores.decoder_input_ids = tokenizer.convert_tokens_to_ids(["<|startoftranscript|>"]) + outputs[:-1]
    positions = locate(scores, "decoder", "ils", "mangent", tokenizer=tokenizer)
    tokens = tokenizer.convert_ids_to_tokens(outputs)
    assert "".join(tokens[i] for i in positions.rows).lstrip("Ġ") == "mangent"
    assert positions.dropped_cols == (0, 1, 2, 3)


def test_layers_where_the_target_row_is_float_noise_are_no_data():
    scores = scoreset()
    scores.raw["encoder.attention"][1, 1] = [1e-9, 2e-9, 1e-10]  # mangent's row, layer 2
    scores.scores["encoder.attention"][1, 1] = [0.3, 0.6, 0.1]  # what normalising noise gives
    values = cue_contributions(scores, "ils", "mangent").values[("encoder", "attention")]
    assert np.isnan(values[1])
    assert np.isfinite(values[[0, 2]]).all()
