"""The Python API (analysis.api): light to import, the CLI's options and messages, files or
loaded objects alike, tables for batch results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import api as mx
from analysis.cli import main
from analysis.errors import MixScopeError
from analysis.methods import REGISTRY
from analysis.results import ScoreSet
from analysis.words import Word

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "resources" / "examples" / "ils_mangent_des_pommes"
HEAVY = ("torch", "transformers", "pandas", "matplotlib", "datasets")


@pytest.mark.parametrize("module", ["analysis", "analysis.api"])
def test_importing_the_package_or_the_api_loads_no_heavy_library(module):
    code = (f"import sys, {module}\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout


def test_the_api_offers_every_method_of_the_registry():
    assert mx.method_names() == tuple(REGISTRY)


def test_read_alignment_reads_the_bundled_example_and_its_textgrid_copy(tmp_path):
    loaded = mx.read_alignment(EXAMPLE.with_suffix(".json"))
    assert loaded.annotation.cue_word == "ils"
    assert [i.label for i in loaded.grid.word_tier().intervals if i.label] == [
        "ils", "mangent", "des", "pommes"]
    copy = mx.write_alignment(tmp_path / "copy.TextGrid", loaded.grid)
    assert mx.read_alignment(copy).grid == loaded.grid


def test_score_from_file_names_gives_what_the_score_command_writes(tiny_whisper_dir, tmp_path,
                                                                    capsys):
    audio, alignment = EXAMPLE.with_suffix(".wav"), EXAMPLE.with_suffix(".json")
    options = dict(text="ils mangent des pommes", device="cpu")
    scores = mx.score(tiny_whisper_dir, audio, alignment, methods="attention,value-zeroing",
                      **options)
    code = main(["score", "--model", str(tiny_whisper_dir), "--audio", str(audio),
                 "--alignment", str(alignment), "--out", str(tmp_path / "cli.npz"),
                 "--text", options["text"], "--device", "cpu"])
    assert code == 0, capsys.readouterr().err
    cli = ScoreSet.load(tmp_path / "cli.npz")
    # 3 components x 2 methods, and the rollout of each square one (encoder, decoder)
    assert scores.keys() == cli.keys() and len(scores.keys()) == 6 + 4
    for key in cli.keys():
        assert np.array_equal(scores.scores[key], cli.scores[key]), key
        assert np.array_equal(scores.get(*key.split(".", 1), raw=True),
                              cli.get(*key.split(".", 1), raw=True)), key
    assert scores.meta["audio_file"] == str(audio)
    assert scores.meta["alignment_file"] == str(alignment)
    assert scores.row_labels == cli.row_labels


def test_score_takes_loaded_objects_and_reports_progress(tiny_ctc_dir):
    model = mx.load_model(tiny_ctc_dir, device="cpu")
    audio = mx.load_audio(EXAMPLE.with_suffix(".wav"))
    words = [Word("ils", 0.1, 0.35), Word("mangent", 0.4, 0.73)]
    seen = []
    scores = mx.score(model, audio.for_model(), words, methods=["value_zeroing"],
                      progress=lambda done, total, phrase: seen.append((done, total)))
    assert scores.keys() == ["encoder.value_zeroing", "encoder.value_zeroing.rollout"]
    assert scores.row_labels["encoder"] == ["ils", "mangent"]
    assert seen and seen[-1][0] == seen[-1][1]
    again = mx.score(model, audio, mx.read_alignment(EXAMPLE.with_suffix(".json")),
                     methods=["attention"], progress=True)
    assert again.row_labels["encoder"] == ["ils", "mangent", "des", "pommes"]


def test_score_stops_with_cancelled_when_its_token_is_set(tiny_ctc_dir):
    token = mx.CancelToken()
    token.cancel()  # e.g. from another thread while it runs
    with pytest.raises(mx.Cancelled, match="scoring was cancelled"):
        mx.score(tiny_ctc_dir, EXAMPLE.with_suffix(".wav"), EXAMPLE.with_suffix(".json"),
                 methods=["attention"], device="cpu", cancel=token)


def test_bad_input_raises_the_projects_error_with_the_clis_message(tiny_ctc_dir, tmp_path,
                                                                   capsys):
    audio, alignment = EXAMPLE.with_suffix(".wav"), EXAMPLE.with_suffix(".json")
    cases = [
        (dict(model=tiny_ctc_dir, audio=audio, alignment=alignment, methods="nonsense"),
         ["--methods", "nonsense"], "unknown method 'nonsense'; choose from"),
        (dict(model=tiny_ctc_dir, audio=tmp_path / "none.wav", alignment=alignment),
         ["--audio", str(tmp_path / "none.wav")], "audio file not found"),
        (dict(model=tmp_path / "no-model", audio=audio, alignment=alignment),
         ["--model", str(tmp_path / "no-model")], "model folder not found"),
    ]
    for kwargs, flags, message in cases:
        with pytest.raises(MixScopeError) as raised:
            mx.score(**kwargs)
        argv = {"--model": str(tiny_ctc_dir), "--audio": str(audio),
                "--alignment": str(alignment), "--out": str(tmp_path / "x.npz")}
        argv.update(dict(zip(flags[::2], flags[1::2], strict=True)))
        assert main(["score", *[x for pair in argv.items() for x in pair]]) == 2
        assert message in str(raised.value)
        assert capsys.readouterr().err.strip() == f"mixscope score: {raised.value}"


def test_align_proposes_words_and_write_alignment_saves_them(tiny_ctc_dir, tmp_path):
    result = mx.align(tiny_ctc_dir, EXAMPLE.with_suffix(".wav"), "ils mangent des pommes",
                      device="cpu")
    assert result.aligner == "ctc"
    assert [w.label for w in result.words] + [u.label for u in result.unaligned] == [
        "ils", "mangent", "des", "pommes"]
    saved = mx.read_alignment(mx.write_alignment(tmp_path / "a.TextGrid", result,
                                                 review_below=1.1))
    assert [i.label for i in saved.grid.tier("words").intervals if i.label] == [
        w.label for w in result.words]
    assert len(saved.grid.tier("review").points) == len(result.words)  # all below 1.1
    with pytest.raises(MixScopeError, match="the transcription is empty"):
        mx.align(tiny_ctc_dir, EXAMPLE.with_suffix(".wav"), "  ")


def test_align_checks_the_backend_against_the_model(tiny_ctc_dir):
    model = mx.load_model(tiny_ctc_dir, device="cpu")
    audio = np.zeros(16000, np.float32)
    assert mx.align(model, audio, "ils", backend="ctc").aligner == "ctc"
    with pytest.raises(MixScopeError, match="is a ctc model, not a whisper one"):
        mx.align(model, audio, "ils", backend="whisper")
    with pytest.raises(MixScopeError, match="unknown backend 'praatt'; choose from praat, ctc"):
        mx.align(model, audio, "ils", backend="praatt")
    with pytest.raises(MixScopeError, match="the praat backend uses no model"):
        mx.align(model, audio, "ils", backend="praat")
    with pytest.raises(MixScopeError, match="the ctc backend needs --model"):
        mx.align(None, audio, "ils", backend="ctc")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from tests.support.audio import espeak_available
    from tests.support.homophone_corpus import write_corpus

    if not espeak_available():
        pytest.skip("espeak-ng is not installed")
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def test_open_corpus_batch_and_curves_give_tables(corpus, tiny_ctc_dir, tmp_path):
    source = mx.open_corpus(corpus)
    assert len(source) == 3 and source.example(0).cue_word == "ils"
    table = mx.batch(corpus, tiny_ctc_dir, tmp_path / "out", weights="both",
                     methods=["attention"], device="cpu", threads=1)
    assert isinstance(table, pd.DataFrame)
    assert set(table.weights) == {"trained", "random-init"}
    assert set(table.method) == {"attention", "attention.rollout"}
    assert set(table.component) == {"encoder"}
    assert len(table) == 2 * 3 * 2 * 2  # runs x examples x layers x (scores, their rollout)
    pd.testing.assert_frame_equal(
        mx.read_results(tmp_path / "out").sort_values(list(table.columns)).reset_index(drop=True),
        table.sort_values(list(table.columns)).reset_index(drop=True))
    summary = mx.curves(tmp_path / "out")
    assert set(summary.n) == {3} and len(summary) == 2 * 2 * 2  # runs x layers x methods
    pd.testing.assert_frame_equal(summary, mx.curves(table))
    with pytest.raises(MixScopeError, match="weights must be one of"):
        mx.batch(corpus, tiny_ctc_dir, tmp_path / "out", weights="pretrained")
