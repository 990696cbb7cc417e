"""ScoreSet: save/load round trip, npz without pickle, CSV long format, normalisation."""

from pathlib import Path

import numpy as np
import pytest

from analysis.errors import MixScopeError
from analysis.provenance import Provenance
from analysis.results import ScoreSet, row_normalise
from analysis.score_key import ScoreKey
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


def test_the_dataframe_has_the_csv_columns_and_one_line_per_cell():
    pandas = pytest.importorskip("pandas")
    scores = _example()
    table = scores.to_dataframe()
    assert isinstance(table, pandas.DataFrame)
    assert list(table.columns) == ["component", "method", "layer", "row", "row_label", "col",
                                   "col_label", "score", "raw"]
    assert len(table) == sum(a.size for a in scores.scores.values())
    cell = table[(table.component == "encoder") & (table.layer == 2) & (table.row == 2)
                 & (table.col == 0)].iloc[0]
    assert (cell.row_label, cell.col_label) == ("é", "ils")
    assert cell.score == scores.scores["encoder.attention"][1, 2, 0]
    assert cell.raw == scores.raw["encoder.attention"][1, 2, 0]


def test_the_csv_is_the_dataframe_written_out(tmp_path):
    pandas = pytest.importorskip("pandas")
    scores = _example()
    written = pandas.read_csv(scores.to_csv(tmp_path / "s.csv"), keep_default_na=False)
    pandas.testing.assert_frame_equal(written, scores.to_dataframe(), check_dtype=False)


def test_from_dataframe_gives_back_an_equal_score_set():
    scores = _example()
    assert ScoreSet.from_dataframe(scores.to_dataframe()) == scores


def test_a_table_read_from_csv_gives_the_scores_and_labels_back(tmp_path):
    pandas = pytest.importorskip("pandas")
    scores = _example()
    table = pandas.read_csv(scores.to_csv(tmp_path / "s.csv"), keep_default_na=False)
    again = ScoreSet.from_dataframe(table, source="s.csv")
    assert set(again.keys()) == set(scores.keys())
    for key in scores.keys():
        assert np.array_equal(again.scores[key], scores.scores[key])
        assert np.array_equal(again.raw[key], scores.raw[key])
    assert again.row_labels == scores.row_labels and again.col_labels == scores.col_labels
    assert again.words == [] and again.meta == {}


def test_a_table_without_the_score_columns_is_refused_by_name():
    pandas = pytest.importorskip("pandas")
    with pytest.raises(MixScopeError, match="results.csv is not a score table: no column raw"):
        ScoreSet.from_dataframe(pandas.DataFrame(columns=["component", "method", "layer", "row",
                                                          "row_label", "col", "col_label",
                                                          "score"]), source="results.csv")


def test_save_and_load_are_symmetric_for_npz_and_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    scores = _example()
    for name in ("s.npz", "s.parquet", "s.scores.npz"):
        assert ScoreSet.load(scores.save(tmp_path / name)) == scores, name


def test_saving_scores_as_csv_points_to_to_csv(tmp_path):
    with pytest.raises(MixScopeError, match="use to_csv"):
        _example().save(tmp_path / "s.csv")
    assert not (tmp_path / "s.csv").exists()


def test_a_table_missing_cells_is_refused_rather_than_filled_with_zeros():
    table = _example().to_dataframe()
    one_layer = table[table.layer == 1]
    again = ScoreSet.from_dataframe(one_layer)  # whole matrices of one layer
    assert again.scores["encoder.attention"].shape == (1, 3, 3)
    with pytest.raises(MixScopeError, match="holds 17 of the 18 cells of encoder.attention"):
        ScoreSet.from_dataframe(table.drop(index=4))


def test_a_score_without_raw_values_has_empty_raw_fields_and_reads_back_without_them(tmp_path):
    pandas = pytest.importorskip("pandas")
    scores = _example()
    del scores.raw["cross.value_zeroing"]  # a derived score has no un-normalised form
    written = pandas.read_csv(scores.to_csv(tmp_path / "s.csv"), keep_default_na=False)
    assert set(written[written.component == "cross"].raw) == {""}
    again = ScoreSet.from_dataframe(scores.to_dataframe())
    assert sorted(again.raw) == ["encoder.attention"]
    assert np.array_equal(again.scores["cross.value_zeroing"], scores.scores["cross.value_zeroing"])


FORMAT_1_FILE = Path(__file__).parent / "data" / "scores" / "format1_whisper.npz"


def test_a_score_file_written_before_typed_provenance_loads_with_it(tmp_path):
    """tests/data/scores/format1_whisper.npz was written by the code before ScoreKey and
    Provenance existed (tiny Whisper, attention + occlusion, target and alternative)."""
    scores = ScoreSet.load(FORMAT_1_FILE)
    provenance = scores.provenance
    assert provenance.model == "/tmp/i17fix/model" and provenance.model_kind == "whisper"
    assert provenance.revision is None and provenance.mixscope == "0.1.0"
    assert provenance.methods == ("attention", "occlusion")
    assert provenance.components == ("encoder", "decoder", "cross")
    assert (provenance.language, provenance.task, provenance.spans) == ("fr", "transcribe",
                                                                         "reference")
    assert provenance.decoder_tokens_from == "text" and provenance.prompt_ids == (382, 477, 481)
    assert provenance.decoder_input_labels[-1] == " pommes"
    assert (provenance.target, provenance.alternative) == (1, "mange")
    assert provenance.contrast_original == pytest.approx(-0.11188493727609661)
    assert provenance.audio_file == "/tmp/i17fix/utt.wav"
    assert provenance.encoder_frames == 1500 and provenance.audio_seconds == 1.5
    assert provenance.to_meta() == scores.meta  # nothing lost, nulls kept
    assert ScoreKey("encoder", "attention", rollout=True) in scores.score_keys()
    assert ScoreKey("cross", "occlusion") in scores.score_keys()
    assert np.array_equal(scores.matrix("encoder", "attention", rollout=True),
                          scores.get("encoder", "attention.rollout"))
    again = tmp_path / "again.npz"
    assert ScoreSet.load(scores.save(again)) == scores
    with np.load(FORMAT_1_FILE, allow_pickle=False) as old, \
            np.load(again, allow_pickle=False) as new:
        assert set(old.files) == set(new.files)
        assert str(old["meta"]) == str(new["meta"])  # the same file, byte for byte in JSON


def test_score_keys_are_typed_component_method_and_rollout():
    scores = _example()
    assert scores.score_keys() == [ScoreKey("encoder", "attention"),
                                   ScoreKey("cross", "value_zeroing")]
    key = ScoreKey.parse("decoder.alti.rollout")
    assert key == ScoreKey("decoder", "alti", rollout=True)
    assert str(key) == key.name == "decoder.alti.rollout"
    assert ScoreKey.parse(str(ScoreKey("cross", "value_zeroing"))).rollout is False
    assert np.array_equal(scores.matrix("cross", "value_zeroing", raw=True),
                          scores.raw["cross.value_zeroing"])
    with pytest.raises(KeyError, match="no 'attention.rollout' scores for the encoder"):
        scores.matrix("encoder", "attention", rollout=True)


def test_provenance_reads_and_writes_the_meta_dict_keeping_unknown_keys(tmp_path):
    from dataclasses import replace

    meta = {"model": "tiny", "revision": None, "methods": ["attention"], "from_a_plugin": 3}
    provenance = Provenance.from_meta(meta)
    assert provenance.model == "tiny" and provenance.methods == ("attention",)
    assert provenance.extra == {"from_a_plugin": 3}
    assert provenance.to_meta() == meta
    scores = _example()
    scores.provenance = replace(scores.provenance, weights="random-init", seed=7)
    assert scores.meta["weights"] == "random-init" and scores.meta["seed"] == 7
    loaded = ScoreSet.load(scores.save(tmp_path / "s.npz"))
    assert loaded.provenance == scores.provenance
    assert loaded.provenance.date == "2024-01-01T00:00:00"
