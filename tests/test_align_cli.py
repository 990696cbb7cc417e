"""``python main.py align``: a TextGrid with one interval per word, and one-line errors."""

import json
import shutil

import pytest

from analysis.alignment import read_alignment, tier_to_words
from analysis.audio import save_audio
from analysis.cli import main

TEXT = "Ils mangent des pommes."


@pytest.fixture(scope="module")
def spoken_wav(french_words, tmp_path_factory):
    path = tmp_path_factory.mktemp("audio") / "pommes.wav"
    save_audio(path, french_words.waveform, french_words.sample_rate)
    return path


@pytest.mark.parametrize("model", ["tiny_ctc_dir", "tiny_whisper_dir"])
def test_align_writes_one_ordered_interval_per_word_inside_the_audio(
        model, request, spoken_wav, french_words, tmp_path, capsys):
    out = tmp_path / "words.TextGrid"
    code = main(["align", "--model", str(request.getfixturevalue(model)), "--audio",
                 str(spoken_wav), "--text", TEXT, "--out", str(out), "--device", "cpu"])
    assert code == 0, capsys.readouterr().err
    grid = read_alignment(out).grid
    duration = len(french_words.waveform) / french_words.sample_rate
    assert grid.xmin == 0 and grid.xmax == pytest.approx(duration, abs=1e-3)
    words = tier_to_words(grid.word_tier())
    assert [w.label for w in words] == ["Ils", "mangent", "des", "pommes"]
    assert all(0 <= w.start < w.end <= grid.xmax for w in words)
    assert all(a.end <= b.start for a, b in zip(words, words[1:], strict=False))
    assert "pommes" in capsys.readouterr().out


def test_whisper_checkpoint_without_alignment_heads_gives_one_clear_line(
        tiny_whisper_dir, spoken_wav, tmp_path, capsys):
    folder = tmp_path / "no-heads"
    shutil.copytree(tiny_whisper_dir, folder)
    config_path = folder / "generation_config.json"
    config = json.loads(config_path.read_text())
    del config["alignment_heads"]
    config_path.write_text(json.dumps(config))
    code = main(["align", "--model", str(folder), "--audio", str(spoken_wav), "--text", TEXT,
                 "--out", str(tmp_path / "x.TextGrid"), "--device", "cpu"])
    messages = [line for line in capsys.readouterr().err.splitlines()
                if line.startswith("mixscope align:")]
    assert code == 2
    assert len(messages) == 1 and "no alignment_heads" in messages[0]
    assert not (tmp_path / "x.TextGrid").exists()


def test_missing_audio_file_is_exit_2_naming_it(tiny_ctc_dir, tmp_path, capsys):
    code = main(["align", "--model", str(tiny_ctc_dir), "--audio", str(tmp_path / "nope.wav"),
                 "--text", TEXT, "--out", str(tmp_path / "x.TextGrid")])
    assert code == 2
    assert "nope.wav" in capsys.readouterr().err


def test_empty_transcription_is_refused(tiny_ctc_dir, spoken_wav, tmp_path, capsys):
    code = main(["align", "--model", str(tiny_ctc_dir), "--audio", str(spoken_wav),
                 "--text", " ,. ", "--out", str(tmp_path / "x.TextGrid")])
    assert code == 2
    assert "no words" in capsys.readouterr().err


def test_praat_backend_writes_word_and_phoneme_tiers_that_praat_reads(
        spoken_wav, french_words, tmp_path, capsys):
    from tests.support.praat import praat_view

    out = tmp_path / "utt.TextGrid"
    code = main(["align", "--backend", "praat", "--audio", str(spoken_wav), "--text", TEXT,
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "refinement moved" in printed and "praat aligner" in printed
    _, _, tiers = praat_view(out)
    names = [name for name, kind, _ in tiers]
    assert names[:2] == ["words", "phones"]
    words = [(start, end, label) for start, end, label in tiers[0][2] if label]
    assert [label for _, _, label in words] == ["Ils", "mangent", "des", "pommes"]
    for (start, end, _), (_, true_start, true_end) in zip(words, french_words.words,
                                                          strict=True):
        assert start == pytest.approx(true_start, abs=0.03)
        assert end == pytest.approx(true_end, abs=0.03)
    phones = [(start, end) for start, end, label in tiers[1][2] if label]
    assert len(phones) >= 8
    assert all(any(ws <= ps and pe <= we for ws, we, _ in words) for ps, pe in phones)


def test_praat_is_the_backend_without_a_model_and_takes_none(spoken_wav, tiny_ctc_dir,
                                                             tmp_path, capsys):
    out = tmp_path / "x.TextGrid"
    assert main(["align", "--audio", str(spoken_wav), "--text", TEXT, "--out", str(out),
                 "--no-refine"]) == 0
    assert "praat aligner" in capsys.readouterr().out
    code = main(["align", "--backend", "praat", "--model", str(tiny_ctc_dir), "--audio",
                 str(spoken_wav), "--text", TEXT, "--out", str(out)])
    assert code == 2 and "leave out --model" in capsys.readouterr().err
    code = main(["align", "--backend", "whisper", "--audio", str(spoken_wav), "--text", TEXT,
                 "--out", str(out)])
    assert code == 2 and "needs --model" in capsys.readouterr().err


def test_unknown_espeak_language_is_one_clear_line(spoken_wav, tmp_path, capsys):
    code = main(["align", "--audio", str(spoken_wav), "--text", TEXT, "--language", "klingon",
                 "--out", str(tmp_path / "x.TextGrid")])
    assert code == 2
    assert "eSpeak has no language 'klingon'" in capsys.readouterr().err
