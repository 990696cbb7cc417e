"""Tools > Align Words: runs in the background, lands as one undo step, and F8 visits the
words marked for review."""

import pytest
from PySide6.QtWidgets import QMessageBox

from analysis.alignment import Annotation, tier_to_words
from analysis.audio import Audio
from gui.autoalign.dialog import AlignOptions, AlignWordsDialog
from tests.support.waiting import BACKGROUND_JOB_MS


@pytest.fixture
def window(qtbot, french_words):
    from gui.main_window import MainWindow
    from gui.state.document import Document

    win = MainWindow()
    audio = Audio(french_words.waveform, french_words.sample_rate)
    win.services.documents.set_document(Document.from_audio(
        audio, annotation=Annotation(transcription="Ils mangent des pommes.")))
    yield win
    win.services.undo_stack.setClean()  # else closing asks whether to save
    win.close()
    win.deleteLater()


def align_and_wait(qtbot, window, options):
    with qtbot.waitSignal(window.features.autoalign.job.finished, timeout=BACKGROUND_JOB_MS):
        window.features.autoalign.align(options)


def test_align_words_is_one_undo_step(qtbot, window, tiny_ctc_dir):
    before = window.services.documents.document.grid
    # Threshold 1.0: a random model is never sure, so every word is marked for review.
    align_and_wait(qtbot, window, AlignOptions("ctc", str(tiny_ctc_dir),
                                               "Ils mangent des pommes.", review_below=1.0))
    assert window.services.undo_stack.count() == 1
    assert window.services.undo_stack.undoText() == "Align Words"
    grid = window.services.documents.document.grid
    assert [w.label for w in tier_to_words(grid.word_tier())] == ["Ils", "mangent", "des",
                                                                  "pommes"]
    assert grid.tier_names == ["words", "review"]
    assert len(grid.tier("review").points) == 4
    window.services.undo_stack.undo()
    assert window.services.documents.document.grid == before
    window.services.undo_stack.redo()
    assert window.services.documents.document.grid == grid


def test_praat_aligner_needs_no_model_and_adds_words_phones_and_the_refinement_report(
        qtbot, window, french_words):
    align_and_wait(qtbot, window, AlignOptions("praat", "", "Ils mangent des pommes."))
    grid = window.services.documents.document.grid
    words = tier_to_words(grid.word_tier())
    assert [w.label for w in words] == ["Ils", "mangent", "des", "pommes"]
    for word, (_, start, end) in zip(words, french_words.words, strict=True):
        assert abs(word.start - start) < 0.03 and abs(word.end - end) < 0.03
    assert grid.tier_names[:2] == ["words", "phones"]
    assert len(tier_to_words(grid.tier("phones"))) >= 8
    assert "refinement moved" in window.statusBar().currentMessage()
    assert window.services.undo_stack.count() == 1


def test_next_word_to_review_selects_each_marked_word_in_turn(qtbot, window, tiny_ctc_dir):
    align_and_wait(qtbot, window, AlignOptions("ctc", str(tiny_ctc_dir), "Ils mangent des pommes",
                                               review_below=1.0))
    words = tier_to_words(window.services.documents.document.grid.word_tier())
    visited = []
    for _ in range(5):
        window.features.autoalign.next_action.trigger()
        visited.append(window.features.editor.widget.view.selection)
    expected = [(pytest.approx(w.start), pytest.approx(w.end)) for w in words]
    assert visited == expected + expected[:1]  # wraps around to the first


def test_wrong_kind_of_model_for_the_aligner_is_reported(qtbot, window, tiny_ctc_dir):
    aligner = window.features.autoalign
    with qtbot.waitSignal(aligner.job.failed, timeout=BACKGROUND_JOB_MS) as failed:
        aligner.align(AlignOptions("whisper", str(tiny_ctc_dir), "Ils mangent"))
    assert "choose the CTC aligner" in failed.args[0]
    assert window.services.undo_stack.count() == 0
    boxes = window.findChildren(QMessageBox)
    assert any("choose the CTC aligner" in box.text() for box in boxes)
    for box in boxes:
        box.close()


def test_dialog_takes_the_text_from_the_transcription_or_the_tier(qtbot):
    dialog = AlignWordsDialog({"transcription": "Ils mangent", "tier": "ils mangent des"})
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == "Ils mangent"
    dialog.source.setCurrentIndex(dialog.source.findData("tier"))
    assert dialog.text.toPlainText() == "ils mangent des"
    dialog.aligner.setCurrentIndex(dialog.aligner.findData("ctc"))
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()  # no model yet
    dialog.model.setText("/models/xlsr")
    assert ok.isEnabled()
    assert dialog.options() == AlignOptions("ctc", "/models/xlsr", "ils mangent des")


def test_dialog_defaults_to_praat_without_a_model_and_to_the_loaded_model_with_one(qtbot):
    bare = AlignWordsDialog({"transcription": "Ils mangent"})
    qtbot.addWidget(bare)
    assert bare.options() == AlignOptions("praat", "", "Ils mangent")
    assert bare.buttons.buttons()[0].isEnabled()  # Praat needs no model
    assert not bare.model.isEnabled() and bare.language.isEnabled()
    loaded = AlignWordsDialog({"transcription": "Ils mangent"}, loaded=("whisper", "/m/tiny"))
    qtbot.addWidget(loaded)
    assert loaded.options() == AlignOptions("whisper", "/m/tiny", "Ils mangent")


def test_align_words_uses_the_model_already_loaded_for_scoring(qtbot, window, tiny_ctc_dir,
                                                               monkeypatch):
    import analysis.models.loading as loading

    controller = window.features.scoring.controller
    with qtbot.waitSignal(controller.model_loaded, timeout=60000):
        controller.load_model(str(tiny_ctc_dir))
    assert window.features.autoalign.loaded_model() == ("ctc", str(tiny_ctc_dir))

    def no_second_load(*args, **kwargs):
        raise AssertionError("the model was loaded again")

    monkeypatch.setattr(loading, "load_model", no_second_load)
    align_and_wait(qtbot, window, AlignOptions("ctc", str(tiny_ctc_dir),
                                               "Ils mangent des pommes."))
    assert window.services.undo_stack.count() == 1
