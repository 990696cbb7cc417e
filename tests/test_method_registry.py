"""The method registry is the one source of method names and titles: a method added to it at
run time appears, with no other change, in ``score --methods``, ``batch``, the app's method
choice, the heatmap docks and the CSV."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.methods import REGISTRY, Method
from analysis.results import ScoreSet
from tests.support.audio import espeak_available

TITLE = "Toy Measure"


def _toy_scores(view):
    """A constant per layer: easy to recognise in every output."""
    return np.full((len(view.row_groups), len(view.col_groups)), view.index + 1.0)


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setitem(REGISTRY, "toy", Method("toy", TITLE, _toy_scores))
    return "toy"


def test_a_toy_method_reaches_score_and_its_csv(toy, tiny_whisper_dir, tmp_path, capsys):
    from analysis.alignment.io import write_alignment
    from analysis.alignment.model import TextGrid, words_to_tier
    from analysis.audio import save_audio
    from tests.support.audio import speechlike
    from tests.test_score_command import WORDS, _run

    audio, grid = tmp_path / "utt.wav", tmp_path / "utt.TextGrid"
    save_audio(audio, speechlike(1.8, seed=2), 16000)
    write_alignment(grid, TextGrid(0.0, 1.8, (words_to_tier(WORDS, 0.0, 1.8),)))
    out, csv = tmp_path / "s.npz", tmp_path / "s.csv"
    code, _, err = _run(capsys, "--model", tiny_whisper_dir, "--audio", audio, "--alignment",
                        grid, "--out", out, "--csv", csv, "--methods", "toy",
                        "--text", "ils mangent des", "--device", "cpu")
    assert code == 0, err
    result = ScoreSet.load(out)
    assert set(result.keys()) == {"encoder.toy", "decoder.toy", "cross.toy",
                                  "encoder.toy.rollout", "decoder.toy.rollout"}
    table = pd.read_csv(csv)
    assert set(table["method"]) == {"toy", "toy.rollout"}
    assert set(table.loc[(table.layer == 2) & (table.method == "toy"), "raw"]) == {2.0}


@pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed")
def test_a_toy_method_reaches_batch(toy, tiny_ctc_dir, tmp_path):
    from analysis.batch.runner import BatchOptions, run_batch
    from analysis.batch.store import RunStore
    from tests.support.homophone_corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus")
    options = BatchOptions(model=str(tiny_ctc_dir), device="cpu", threads=1, limit=1,
                           methods=("toy",))
    summary = run_batch(str(corpus), tmp_path / "out", options)
    results = RunStore(summary.run_folder).results()
    assert set(results["method"]) == {"toy", "toy.rollout"}
    assert len(results) == 2 * 2  # two layers, toy and its rollout


def test_a_toy_method_is_offered_by_the_app_and_shown_by_the_heatmap_docks(toy, qtbot):
    from gui.heatmaps.panel import HeatmapPanel
    from gui.scoring.method_choice import MethodChoice
    from tests.support.scoresets import hand_made_scoreset

    choice = MethodChoice()
    qtbot.addWidget(choice)
    choice.boxes["toy"].setChecked(True)
    assert choice.boxes["toy"].text() == TITLE and "toy" in choice.methods()

    scores = hand_made_scoreset()
    for key in ("encoder", "decoder", "cross"):
        shape = scores.scores[f"{key}.attention"].shape
        scores.scores[f"{key}.toy"] = scores.raw[f"{key}.toy"] = np.full(shape, 0.25)
    panel = HeatmapPanel("encoder")
    qtbot.addWidget(panel)
    panel.set_scores(scores)
    actions = {a.text(): a for a in panel.method_button.menu().actions()}
    assert TITLE in actions
    actions[TITLE].setChecked(True)
    assert "toy" in {plot.method for plot in panel.plots()}
