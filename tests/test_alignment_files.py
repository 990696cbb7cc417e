"""Dataset JSON, Audacity labels, format choice and atomic saves."""

import json
from pathlib import Path

import pytest

from analysis.alignment import (
    AlignmentError,
    Annotation,
    Interval,
    IntervalTier,
    Point,
    PointTier,
    TextGrid,
    read_alignment,
    tier_to_words,
    write_alignment,
)
from analysis.words import Word

DATA = Path(__file__).parent / "data" / "alignment"
EXAMPLE = DATA / "dataset_example.json"
WORDS = [Word("ils", 0.12, 0.31), Word("mangent", 0.31, 0.74), Word("des", 0.74, 0.83),
         Word("pommes", 0.83, 1.37)]


def test_a_whole_dataset_example_opens_with_its_annotation():
    loaded = read_alignment(EXAMPLE)
    assert loaded.source_format == "json"
    assert tier_to_words(loaded.grid.word_tier()) == WORDS
    assert loaded.annotation == Annotation(
        "ils mangent des pommes", "ils", "mangent", None,
        extra={"audio": {"path": "ils_mangent_0001.wav", "sampling_rate": 16000}})
    assert (loaded.grid.xmin, loaded.grid.xmax) == (0.0, 1.37)


def test_a_bare_interval_list_and_an_alignment_object_open(tmp_path):
    intervals = json.loads(EXAMPLE.read_text())["alignment"]["intervals"]
    for name, data in (("bare.json", intervals), ("object.json", {"intervals": intervals})):
        path = tmp_path / name
        path.write_text(json.dumps(data))
        loaded = read_alignment(path)
        assert tier_to_words(loaded.grid.word_tier()) == WORDS
        assert loaded.annotation is None


def test_dataset_example_round_trips_through_every_format_unchanged(tmp_path):
    original = read_alignment(EXAMPLE)
    write_alignment(tmp_path / "a.json", original.grid, original.annotation)
    again = read_alignment(tmp_path / "a.json")
    assert again.grid == original.grid and again.annotation == original.annotation
    saved = json.loads((tmp_path / "a.json").read_text())
    source = json.loads(EXAMPLE.read_text())
    for key in ("audio", "transcription", "cue_word", "target_word", "target_word_2"):
        assert saved[key] == source[key]
    assert saved["alignment"]["intervals"] == source["alignment"]["intervals"]
    for fmt in ("long", "short"):
        write_alignment(tmp_path / f"{fmt}.TextGrid", original.grid, format=fmt)
        assert read_alignment(tmp_path / f"{fmt}.TextGrid").grid == original.grid
    write_alignment(tmp_path / "labels.txt", original.grid)
    assert tier_to_words(read_alignment(tmp_path / "labels.txt").grid.word_tier()) == WORDS


def test_hand_edited_intervals_win_over_the_stored_tier_copy(tmp_path):
    path = tmp_path / "a.json"
    write_alignment(path, read_alignment(EXAMPLE).grid)
    data = json.loads(path.read_text())
    data["alignment"]["intervals"][0]["word"] = "il"
    path.write_text(json.dumps(data))
    assert tier_to_words(read_alignment(path).grid.word_tier())[0] == Word("il", 0.12, 0.31)


@pytest.mark.parametrize("data, words", [
    ({"intervals": [{"word": "a", "start": "0", "end": 1}]}, "start of interval 1"),
    ({"intervals": [{"word": 3, "start": 0, "end": 1}]}, "word of interval 1"),
    ({"intervals": [{"word": "a", "start": 0, "end": 1}, {"word": "b", "start": 0.5,
                                                          "end": 2}]}, "before the previous"),
    ({"alignment": {"intervals": []}, "cue_word": 4}, "'cue_word'"),
    ({"something": 1}, "expected a list"),
])
def test_bad_json_is_reported_with_the_file(tmp_path, data, words):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(AlignmentError, match=words) as caught:
        read_alignment(path)
    assert str(path) in str(caught.value)


def test_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n "intervals": [\n  {"word": "a", "start": 0, "end": 1},\n ]\n}')
    with pytest.raises(AlignmentError) as caught:
        read_alignment(path)
    assert caught.value.line == 4


def test_audacity_labels_read_and_write(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text("0.120000\t0.310000\tils\n\\\t100\t2000\n0.31\t0.74\tmangent\n"
                    "1.000000\t1.000000\tclick\n", encoding="utf-8")
    grid = read_alignment(path).grid
    assert tier_to_words(grid.word_tier()) == WORDS[:2]
    assert grid.tier("points").points == (Point(1.0, "click"),)
    out = tmp_path / "out.txt"
    write_alignment(out, grid)
    assert out.read_text() == "0.12\t0.31\tils\n0.31\t0.74\tmangent\n"
    write_alignment(out, grid, tier="points")
    assert out.read_text() == "1\t1\tclick\n"


def test_overlapping_audacity_labels_name_the_line(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text("0\t1\ta\n0.5\t2\tb\n")
    with pytest.raises(AlignmentError, match="overlaps") as caught:
        read_alignment(path)
    assert caught.value.line == 2


def test_utf16_encoding_on_request_and_utf8_by_default(tmp_path):
    grid = TextGrid(0, 1, (IntervalTier("w", (Interval(0, 1, "ʃ"),)),))
    write_alignment(tmp_path / "a.TextGrid", grid)
    write_alignment(tmp_path / "b.TextGrid", grid, encoding="utf-16")
    assert (tmp_path / "a.TextGrid").read_bytes().startswith(b"File type")
    assert (tmp_path / "b.TextGrid").read_bytes().startswith(b"\xfe\xff\x00F")
    assert read_alignment(tmp_path / "b.TextGrid").grid == grid


def test_a_failed_save_keeps_the_previous_file(tmp_path):
    path = tmp_path / "a.TextGrid"
    grid = TextGrid(0, 1, (IntervalTier("w", (Interval(0, 1, "a"),)),))
    write_alignment(path, grid)
    before = path.read_bytes()
    bad = TextGrid(0, float("nan"), (IntervalTier("w", (Interval(0, 1, "b"),)),))
    with pytest.raises(AlignmentError):
        write_alignment(path, bad)
    with pytest.raises(AlignmentError):
        write_alignment(path, grid, encoding="latin-9")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.TextGrid"]  # no temporary left


def test_json_needs_an_interval_tier(tmp_path):
    grid = TextGrid(0, 1, (PointTier("p", (Point(0.5, "x"),), 0, 1),))
    with pytest.raises(AlignmentError, match="no interval tier"):
        write_alignment(tmp_path / "a.json", grid)


def test_unknown_content_is_refused_with_a_message(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# hello\n")
    with pytest.raises(AlignmentError, match="not a TextGrid"):
        read_alignment(path)
    with pytest.raises(AlignmentError, match="cannot read"):
        read_alignment(tmp_path / "missing.TextGrid")


def test_rows_from_the_datasets_library_convert_too():
    """`datasets` returns a Sequence of dicts as a dict of lists, with numpy numbers."""
    import numpy as np

    from analysis.alignment.dataset_json import from_json_data

    row = {"transcription": "ils mangent", "cue_word": "ils", "target_word": "mangent",
           "target_word_2": None,
           "alignment": {"intervals": {"word": ["ils", "mangent"],
                                       "start": [np.float32(0.125), np.float64(0.3125)],
                                       "end": [np.float32(0.3125), 0.74]}}}
    grid, annotation = from_json_data(row)
    assert tier_to_words(grid.word_tier()) == [Word("ils", 0.125, 0.3125),
                                               Word("mangent", 0.3125, 0.74)]
    assert annotation.cue_word == "ils"
