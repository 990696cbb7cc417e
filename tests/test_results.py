"""ScoreSet: save/load round trip, npz without pickle, CSV long format, normalisation."""

import numpy as np
import pytest

from analysis.errors import MixScopeError
from analysis.results import ScoreSet, row_normalise
from analysis.words import Word


def _example() -> ScoreSet:
    rng = np.random.default_rng(0)
    raw_enc = rng.random((2, 3, 3))
    raw_enc[1, 2] = 0.0
    raw_cross = rng.random((2, 4, 3))
    return ScoreSet(
        scores={"encoder.attention": row_normalise(raw_enc),
                "cross.value_zeroing": row_normalise(raw_cross)},
        raw={"encoder.attention": raw_enc, "cross.value_zeroing": raw_cross},
        row_labels={"encoder": ["ils", "mangent", "é"], "cross": ["<|fr|>", " ils", "a", "b"]},
        col_labels={"encoder": ["ils", "mangent", "é"], "cross": ["ils", "mangent", "é"]},
        words=[Word("ils", 0.1, 0.3), Word("mangent", 0.3, 0.7), Word("é", 0.8, 0.95)],
        word_frames=[(5, 15), (15, 35), (40, 48)],
        decoder_input_ids=[1, 2, 3, 4],
        decoder_output_ids=[2, 3, 4, 5],
        meta={"model": "tiny", "spans": "reference", "date": "2024-01-01T00:00:00"},
    )


def test_save_then_load_gives_an_equal_score_set_without_pickle(tmp_path):
    scores = _example()
    path = scores.save(tmp_path / "scores.npz")
    with np.load(path, allow_pickle=False) as data:
        assert set(data.files) == {"encoder.attention", "encoder.attention.raw",
                                   "cross.value_zeroing", "cross.value_zeroing.raw", "meta"}
    loaded = ScoreSet.load(path)
    assert loaded == scores
    assert loaded.words[1] == Word("mangent", 0.3, 0.7)
    assert loaded.components() == ["encoder", "cross"]
    assert loaded.methods("cross") == ["value_zeroing"]
    assert np.array_equal(loaded.get("encoder", "attention", raw=True),
                          scores.raw["encoder.attention"])


def test_a_changed_value_makes_score_sets_unequal(tmp_path):
    scores = _example()
    other = ScoreSet.load(scores.save(tmp_path / "s.npz"))
    other.raw["encoder.attention"][0, 0, 0] += 1e-12
    assert other != scores


def test_csv_is_long_format_with_one_line_per_cell(tmp_path):
    pandas = pytest.importorskip("pandas")
    scores = _example()
    table = pandas.read_csv(scores.to_csv(tmp_path / "s.csv"))
    assert list(table.columns) == ["component", "method", "layer", "row", "row_label", "col",
                                   "col_label", "score", "raw"]
    assert len(table) == 2 * 3 * 3 + 2 * 4 * 3
    cell = table[(table.component == "cross") & (table.layer == 2) & (table.row == 1)
                 & (table.col == 2)].iloc[0]
    assert cell.row_label == " ils" and cell.col_label == "é"
    assert cell.score == scores.scores["cross.value_zeroing"][1, 1, 2]
    assert cell.raw == scores.raw["cross.value_zeroing"][1, 1, 2]


def test_rows_are_normalised_and_zero_rows_stay_zero():
    raw = np.array([[[1.0, 3.0], [0.0, 0.0]]])
    assert np.array_equal(row_normalise(raw), [[[0.25, 0.75], [0.0, 0.0]]])


def test_loading_a_file_that_is_not_a_score_file_names_it(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"nonsense")
    with pytest.raises(MixScopeError, match="bad.npz"):
        ScoreSet.load(bad)
