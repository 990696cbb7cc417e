"""``python main.py score``: writes scores that load back, CSV for pandas, exit 2 + one line
for every user mistake."""

import json

import numpy as np
import pytest

from analysis.alignment.io import write_alignment
from analysis.alignment.model import TextGrid, words_to_tier
from analysis.audio import save_audio
from analysis.cli import main
from analysis.results import ScoreSet
from analysis.words import Word
from tests.support.audio import speechlike

WORDS = [Word("ils", 0.2, 0.5), Word("mangent", 0.55, 1.1), Word("des", 1.2, 1.5)]


@pytest.fixture
def utterance(tmp_path):
    audio = tmp_path / "utt.wav"
    save_audio(audio, speechlike(1.8, seed=2), 16000)
    grid = tmp_path / "utt.TextGrid"
    write_alignment(grid, TextGrid(0.0, 1.8, (words_to_tier(WORDS, 0.0, 1.8),)))
    return audio, grid


def _run(capsys, *argv):
    code = main(["score", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_score_writes_an_npz_that_loads_back_and_a_csv_for_pandas(tiny_whisper_dir, utterance,
                                                                   tmp_path, capsys):
    pandas = pytest.importorskip("pandas")
    audio, grid = utterance
    out, csv = tmp_path / "scores.npz", tmp_path / "scores.csv"
    code, stdout, stderr = _run(capsys, "--model", tiny_whisper_dir, "--audio", audio,
                                "--alignment", grid, "--out", out, "--csv", csv,
                                "--text", "ils mangent des", "--device", "cpu")
    assert code == 0, stderr
    assert str(out) in stdout and "words       3: ils mangent des" in stdout
    result = ScoreSet.load(out)
    assert [w.label for w in result.words] == ["ils", "mangent", "des"]
    assert len(result.keys()) == 6 + 4  # and the rollouts of encoder and decoder
    assert ScoreSet.load(result.save(tmp_path / "again.npz")) == result
    with np.load(out, allow_pickle=False) as data:
        assert json.loads(str(data["meta"]))["meta"]["audio_file"] == str(audio)
    table = pandas.read_csv(csv)
    assert len(table) == sum(a.size for a in result.scores.values())


def test_json_alignment_and_method_choice(tiny_ctc_dir, utterance, tmp_path, capsys):
    audio, _ = utterance
    alignment = tmp_path / "utt.json"
    alignment.write_text(json.dumps([{"word": w.label, "start": w.start, "end": w.end}
                                     for w in WORDS]))
    code, _, stderr = _run(capsys, "--model", tiny_ctc_dir, "--audio", audio, "--alignment",
                           alignment, "--out", tmp_path / "s.npz", "--methods", "value_zeroing",
                           "--spans", "half-open")
    assert code == 0, stderr
    result = ScoreSet.load(tmp_path / "s.npz")
    assert result.keys() == ["encoder.value_zeroing", "encoder.value_zeroing.rollout"] and result.meta["spans"] == "half-open"


def _assert_one_clear_line(code, err, *fragments):
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_a_missing_audio_file_is_one_line_and_exit_2(tiny_whisper_dir, utterance, tmp_path,
                                                     capsys):
    _, grid = utterance
    code, _, err = _run(capsys, "--model", tiny_whisper_dir, "--audio", tmp_path / "none.wav",
                        "--alignment", grid, "--out", tmp_path / "s.npz")
    _assert_one_clear_line(code, err, "none.wav", "not found")


def test_corrupt_audio_is_one_line_and_exit_2(tiny_whisper_dir, utterance, tmp_path, capsys):
    _, grid = utterance
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00garbage")
    code, _, err = _run(capsys, "--model", tiny_whisper_dir, "--audio", bad, "--alignment", grid,
                        "--out", tmp_path / "s.npz")
    _assert_one_clear_line(code, err, "bad.wav")


def test_words_past_the_end_are_one_line_naming_the_word(tiny_whisper_dir, tmp_path, capsys):
    audio = tmp_path / "short.wav"
    save_audio(audio, speechlike(1.0), 16000)
    grid = tmp_path / "long.TextGrid"
    write_alignment(grid, TextGrid(0.0, 3.0, (words_to_tier(
        [Word("ils", 0.1, 0.5), Word("pommes", 1.5, 2.5)], 0.0, 3.0),)))
    code, _, err = _run(capsys, "--model", tiny_whisper_dir, "--audio", audio, "--alignment",
                        grid, "--out", tmp_path / "s.npz", "--text", "x")
    _assert_one_clear_line(code, err, "'pommes'", "outside the audio")


def test_40_s_of_audio_with_whisper_is_one_line_naming_the_duration(tiny_whisper_dir, tmp_path,
                                                                     capsys):
    audio = tmp_path / "long.wav"
    save_audio(audio, np.zeros(40 * 16000, np.float32), 16000)
    grid = tmp_path / "w.TextGrid"
    write_alignment(grid, TextGrid(0.0, 40.0, (words_to_tier([Word("a", 1, 2)], 0.0, 40.0),)))
    code, _, err = _run(capsys, "--model", tiny_whisper_dir, "--audio", audio, "--alignment",
                        grid, "--out", tmp_path / "s.npz")
    _assert_one_clear_line(code, err, "40.00 s", "30 s")


def test_an_unknown_model_offline_is_one_line(utterance, tmp_path, capsys):
    audio, grid = utterance
    code, _, err = _run(capsys, "--model", "nobody-here/no-such-model", "--audio", audio,
                        "--alignment", grid, "--out", tmp_path / "s.npz")
    _assert_one_clear_line(code, err, "no-such-model")
    assert not (tmp_path / "s.npz").exists()


def test_the_token_line_is_cut_between_tokens():
    from analysis.commands.score import whole_tokens

    labels = [" ils", " mangent", " des", " pommes"] * 10
    line = whole_tokens(labels, width=30)
    assert line == " ils mangent des pommes ils …"
    assert whole_tokens(["50265", "50359", "50363"], " ") == "50265 50359 50363"


def test_a_checkpoint_without_tokenizer_shows_ids_with_separators(tiny_whisper_dir, utterance,
                                                                  tmp_path, capsys):
    from tests.support.models import copy_without_tokenizer

    folder = copy_without_tokenizer(tiny_whisper_dir, tmp_path / "no-tokenizer")
    generation = json.loads((folder / "generation_config.json").read_text())
    ids = [generation["lang_to_id"]["<|fr|>"], generation["task_to_id"]["transcribe"],
           generation["no_timestamps_token_id"], 5, 6, 7]
    audio, grid = utterance
    code, stdout, stderr = _run(capsys, "--model", folder, "--audio", audio, "--alignment", grid,
                                "--out", tmp_path / "s.npz", "--decoder-ids",
                                " ".join(map(str, ids)), "--methods", "attention",
                                "--device", "cpu")
    assert code == 0, stderr
    line = next(x for x in stdout.splitlines() if x.startswith("tokens"))
    assert line.endswith(": " + " ".join(map(str, ids))), line
