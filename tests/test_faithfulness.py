"""Faithfulness: Spearman of each measure's target row against occlusion's, over the other
words; stored in the ScoreSet (.npz round trip) and in the CSV."""

import numpy as np
import pandas as pd
import pytest

from analysis.faithfulness import faithfulness, spearman, word_importances
from analysis.results import ScoreSet, row_normalise
from tests.support.scoresets import hand_made_scoreset


def test_spearman_uses_average_ranks_and_is_nan_for_constant_input():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ties: ranks [1.5, 1.5, 3] vs [1, 2, 3] -> Pearson of the ranks
    assert spearman([0, 0, 5], [1, 2, 3]) == pytest.approx(np.corrcoef([1.5, 1.5, 3],
                                                                       [1, 2, 3])[0, 1])
    assert np.isnan(spearman([1, 1, 1], [1, 2, 3]))


def _with_occlusion(scores: ScoreSet, occlusion_row) -> ScoreSet:
    """Adds a cross occlusion whose target rows (Ġmang, ent: rows 4, 5) give
    ``occlusion_row`` over the four words."""
    raw = np.zeros((1, 10, 4))
    raw[0, 4] = raw[0, 5] = occlusion_row
    scores.raw["cross.occlusion"] = raw
    scores.scores["cross.occlusion"] = row_normalise(raw.clip(0))
    return scores


def test_faithfulness_ranks_each_target_row_against_occlusion_without_the_target_column():
    scores = hand_made_scoreset()
    # occlusion says: ils 3.0 > pommes 1.0 > des -0.5 (the target "mangent" is left out)
    scores = _with_occlusion(scores, [3.0, 100.0, -0.5, 1.0])
    encoder = scores.scores["encoder.attention"]
    encoder[:, 1] = [[0.5, 0.0, 0.1, 0.4], [0.1, 0.8, 0.5, 0.4], [0.3, 0.3, 0.3, 0.1]]
    result = faithfulness(scores, target=1)
    assert result["encoder.attention"] == pytest.approx([1.0, -1.0, 0.0])  # layer 3: tie
    assert "cross.occlusion" not in result
    assert set(result) == {f"{c}.{m}" for c in ("encoder", "decoder", "cross")
                           for m in ("attention", "value_zeroing")}


def test_decoder_importance_sums_each_words_input_tokens_over_the_target_rows():
    scores = hand_made_scoreset()
    values = word_importances(scores, "decoder", "attention", target=1)
    matrix = scores.scores["decoder.attention"]
    # output rows of "mangent": Ġmang, ent (4, 5); input columns of "pommes": Ġpom, mes (8, 9)
    expected = matrix[:, [4, 5]][:, :, [8, 9]].sum(-1).mean(-1)
    assert values[:, 3] == pytest.approx(expected)


def test_faithfulness_is_saved_with_the_scores_and_written_to_the_csv(tmp_path):
    scores = _with_occlusion(hand_made_scoreset(), [3.0, 0.0, -0.5, 1.0])
    scores.meta["target"] = 1
    scores.faithfulness = faithfulness(scores, 1)
    again = ScoreSet.load(scores.save(tmp_path / "s.npz"))
    assert again == scores and again.faithfulness.keys() == scores.faithfulness.keys()
    table = pd.read_csv(scores.to_csv(tmp_path / "s.csv"))
    lines = table[table["col_label"] == "faithfulness"]
    assert len(lines) == sum(len(v) for v in scores.faithfulness.values())
    line = lines[(lines.component == "encoder") & (lines.method == "attention")
                 & (lines.layer == 2)].iloc[0]
    assert line.row_label == "mangent"
    assert line.score == pytest.approx(scores.faithfulness["encoder.attention"][1])
