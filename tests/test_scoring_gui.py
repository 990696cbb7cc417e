"""Scoring in the app, end to end with the tiny random-weight models: background loading,
Score on a QThread, the docks showing the ScoreSet, cancel, failures, export, persistence."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from analysis.alignment.annotation import Annotation
from analysis.alignment.model import TextGrid, words_to_tier
from analysis.audio import Audio
from analysis.results import noise_rows
from analysis.words import Word
from gui.state.document import Document
from tests.support.waiting import BACKGROUND_JOB_MS as TIMEOUT


@pytest.fixture(scope="module")
def utterance(french_words):
    spoken = french_words
    words = [Word(label, start, end) for label, start, end in spoken.words]
    return Audio(spoken.waveform, spoken.sample_rate), words


def _document(audio, words, duration=None):
    duration = duration or audio.duration
    grid = TextGrid(0.0, duration, (words_to_tier(words, 0.0, duration),))
    annotation = Annotation("ils mangent des pommes", "ils", "mangent")
    return Document(audio, grid, annotation)


@pytest.fixture
def window(qtbot, utterance, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    # new scores mark the document modified; closing answers the save question with Discard
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win.resize(1400, 900)
    win.show()
    win.services.documents.set_document(_document(*utterance))
    yield win
    win.services.jobs.shutdown()


def _load(qtbot, window, folder):
    controller = window.features.scoring.controller
    with qtbot.waitSignal(controller.model_loaded, timeout=TIMEOUT):
        controller.load_model(str(folder))
    if controller._transcribe_job is not None:
        qtbot.waitUntil(lambda: not controller._transcribe_job.is_running(), timeout=TIMEOUT)
    return controller


def _score(qtbot, window):
    controller = window.features.scoring.controller
    with qtbot.waitSignal(controller.score_finished, timeout=TIMEOUT) as blocker:
        window.features.scoring.actions.score_action.trigger()
    return blocker.args[0]


def test_scoring_fills_the_three_docks_with_the_scoreset_numbers(qtbot, window,
                                                                 tiny_whisper_dir):
    controller = _load(qtbot, window, tiny_whisper_dir)
    assert window.features.scoring.views.model_panel.transcription.toPlainText() != "Transcribing…"
    controller.options = controller.options.__class__(decoder_source="reference")
    scores = _score(qtbot, window)
    document = window.services.documents.document
    assert document.results is scores and not document.results_stale
    for component in ("encoder", "decoder", "cross"):
        panel = window.features.scoring.views.panels[component]
        for layer in range(scores.num_layers[f"{component}.attention"]):
            panel.set_layer(layer)
            for plot in panel.plots():
                np.testing.assert_allclose(plot.matrix(),
                                           scores.get(component, plot.method)[layer], rtol=1e-6)
        assert window.features.scoring.views.docks[component].isVisible()
    curves = window.features.scoring.views.cue_plot.curves
    assert set(curves) == set(scores.keys())
    np.testing.assert_allclose(curves["encoder.attention"],
                               scores.get("encoder", "attention")[:, 1, 0])
    # a layer where the heatmap hatches the target's row as float noise is no data here
    noise = noise_rows(scores.get("encoder", "value_zeroing", raw=True))[:, 1]
    expected = np.where(noise, np.nan, scores.get("encoder", "value_zeroing")[:, 1, 0])
    np.testing.assert_allclose(curves["encoder.value_zeroing"], expected)


def test_editing_the_word_tier_marks_the_scores_stale_and_rescoring_replaces_them(
        qtbot, window, tiny_ctc_dir):
    _load(qtbot, window, tiny_ctc_dir)
    first = _score(qtbot, window)
    document = window.services.documents.document
    tier = document.grid.word_tier()
    label_index = next(i for i, iv in enumerate(tier.intervals) if iv.label == "des")
    document.set_grid(document.grid.replace_tier(0, tier.set_label(label_index, "les")))
    panel = window.features.scoring.views.panels["encoder"]
    assert document.results_stale and panel.stale_label.isVisible()
    second = _score(qtbot, window)
    assert document.results is second and second is not first
    assert not document.results_stale and not panel.stale_label.isVisible()
    assert [w.label for w in second.words] == ["ils", "mangent", "les", "pommes"]
    assert panel.plots()[0].getAxis("left").labels()[2] == "les"


def test_cancel_stops_the_run_and_keeps_the_previous_results(qtbot, window, tiny_whisper_dir):
    # How fast it stops is measured by bench/bench_gui_responsiveness.py, not asserted here.
    controller = _load(qtbot, window, tiny_whisper_dir)
    controller.options = controller.options.__class__(decoder_source="reference")
    previous = _score(qtbot, window)
    cancelled, finished = [], []

    def cancel_on_first_progress(done, total, phrase):
        if not cancelled:
            cancelled.append(phrase)
            window.features.scoring.actions.cancel_action.trigger()

    controller.score_progress.connect(cancel_on_first_progress)
    controller.score_finished.connect(finished.append)
    with qtbot.waitSignal(controller.score_cancelled, timeout=TIMEOUT):
        window.features.scoring.actions.score_action.trigger()
    assert cancelled and not finished
    assert not controller.is_scoring()
    assert window.services.documents.document.results is previous
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.features.scoring.actions.score_action.isEnabled()


def test_a_failing_run_shows_an_error_and_the_app_stays_usable(qtbot, window, utterance,
                                                              tiny_ctc_dir):
    audio, words = utterance
    _load(qtbot, window, tiny_ctc_dir)
    good = _score(qtbot, window)
    short = Audio(audio.samples[: int(0.5 * audio.sample_rate)], audio.sample_rate)
    # words past the end
    window.services.documents.set_document(_document(short, words, duration=audio.duration))
    controller = window.features.scoring.controller
    with qtbot.waitSignal(controller.score_failed, timeout=TIMEOUT) as blocker:
        window.features.scoring.actions.score_action.trigger()
    message = blocker.args[0]
    assert "pommes" in message or "audio" in message
    box = window.features.scoring.messages.last_error_box
    assert box.isVisible() and box.text() == message
    assert message in window.statusBar().currentMessage()
    box.close()
    window.services.documents.set_document(_document(audio, words))
    again = _score(qtbot, window)  # same input, same numbers: nothing left broken
    assert all(np.array_equal(again.raw[k], good.raw[k]) for k in good.raw)


def test_exports_and_results_saved_beside_the_alignment_reopen_with_it(
        qtbot, window, tiny_ctc_dir, tmp_path):
    from analysis.results import ScoreSet
    from gui.heatmaps.export import export_panel

    _load(qtbot, window, tiny_ctc_dir)
    scores = _score(qtbot, window)
    feature = window.features.scoring
    npz = feature.export_scores("npz", tmp_path / "out.npz")
    csv = feature.export_scores("csv", tmp_path / "out.csv")
    assert ScoreSet.load(npz) == scores
    assert csv.read_text().startswith("component,method,layer")
    svg = export_panel(feature.views.panels["encoder"], tmp_path / "enc.svg", all_layers=True)
    ET.parse(svg)
    png = export_panel(feature.views.panels["encoder"], tmp_path / "enc.png")
    assert png.stat().st_size > 1000

    alignment = tmp_path / "utt.TextGrid"
    assert window.features.editor.files.save_to(alignment)
    saved = tmp_path / "utt.scores.npz"
    assert saved.exists() and ScoreSet.load(saved) == scores

    from gui.scoring import persistence

    reopened = _document(window.services.documents.document.audio, scores.words)
    reopened.set_alignment_path(alignment)
    window.services.documents.set_document(reopened)
    assert reopened.results == scores and not reopened.results_stale
    np.testing.assert_allclose(feature.views.panels["encoder"].plots()[0].matrix(),
                               scores.get("encoder", feature.views.panels["encoder"].plots()[0].method)
                               [feature.views.panels["encoder"].layer()], rtol=1e-6)
    moved = [Word(w.label, w.start + 0.01, w.end) for w in scores.words]
    edited = _document(window.services.documents.document.audio, moved)
    edited.set_alignment_path(alignment)
    assert persistence.load_results(edited) == saved and edited.results_stale


def test_clicking_a_cell_selects_and_plays_its_two_words(qtbot, window, tiny_ctc_dir,
                                                         monkeypatch):
    _load(qtbot, window, tiny_ctc_dir)
    scores = _score(qtbot, window)
    played = []
    monkeypatch.setattr(window.features.editor.widget, "play_range",
                        lambda t0, t1: played.append((t0, t1)))
    window.features.scoring.views.panels["encoder"].click_cell(3, 0)  # pommes x ils
    expected = (scores.words[0].start, scores.words[3].end)
    assert played == [expected]
    assert window.features.editor.widget.view.selection == pytest.approx(expected)


def test_loading_a_wrong_model_id_says_so_and_keeps_the_app_usable(qtbot, window):
    controller = window.features.scoring.controller
    with qtbot.waitSignal(controller.model_failed, timeout=TIMEOUT) as blocker:
        controller.load_model("nobody/no-such-model")
    message = blocker.args[0]
    assert "nobody/no-such-model" in message
    assert "offline" in message or "check the id" in message
    panel = window.features.scoring.views.model_panel
    assert panel.load_button.isEnabled() and message in panel.status.text()


@pytest.fixture(scope="module")
def english_only_dir(tmp_path_factory):
    from tests.support.models import save_whisper

    return save_whisper(tmp_path_factory.mktemp("tiny-whisper-en"), english_only=True)


def test_an_english_only_model_shows_no_language_in_the_model_dock(
        qtbot, window, english_only_dir, tiny_whisper_dir):
    panel = window.features.scoring.views.model_panel
    panel.language_edit.setText("french")
    panel.language_edit.editingFinished.emit()
    controller = _load(qtbot, window, english_only_dir)
    assert panel.language_edit.text() == "" and not panel.language_edit.isEnabled()
    assert "English-only" in panel.language_edit.placeholderText()
    assert not panel.task_box.isEnabled() and panel.task_box.currentText() == "transcribe"
    assert controller.options.language is None

    controller = _load(qtbot, window, tiny_whisper_dir)
    assert panel.language_edit.text() == "french" and panel.language_edit.isEnabled()
    assert controller.options.language == "french"
