"""Nothing the user made is lost in the app: every path that replaces the document asks
first, the unsaved state has one source (undo history + unsaved scores + unsaved recovered
or recorded work), bundled examples open as untitled copies, and unreadable saved scores
are a dialog naming the file."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.support.documents import add_boundary, write_utterance
from tests.support.scoresets import hand_made_scoreset


class Answers:
    """Answers QMessageBox.question with ``answer`` and remembers what was asked."""

    def __init__(self, monkeypatch, answer):
        self.asked: list[str] = []
        self.answer = answer
        monkeypatch.setattr(QMessageBox, "question", self)

    def __call__(self, parent, title, text, *args, **kwargs):
        self.asked.append(text)
        return self.answer


@pytest.fixture
def utterance(tmp_path):
    return write_utterance(tmp_path / "data")


@pytest.fixture
def window(qtbot, utterance, monkeypatch):
    from gui.main_window import MainWindow

    win = MainWindow()
    win.show()
    assert win.features.editor.files.open_paths(*utterance)
    yield win
    Answers(monkeypatch, QMessageBox.StandardButton.Discard)
    assert win.close()
    win.deleteLater()


def finish_scoring(window, scores) -> None:
    """What the controller does when a Score run on the current document returns."""
    controller = window.features.scoring.controller
    controller._score_document = window.services.documents.document
    controller._score_ready(scores)


def test_opening_a_corpus_curves_example_asks_before_replacing_an_edited_document(
        window, monkeypatch, utterance, qtbot):
    from gui.curves import example_document
    from gui.editor import autosave
    from gui.editor.loading import open_document

    add_boundary(window)
    edited = window.services.documents.document
    manifest = window.features.editor.autosaver.save_now()
    monkeypatch.setattr(example_document, "load_example_document",
                        lambda folder, example_id: open_document(*utterance))
    monkeypatch.setattr(window.features.curves, "_run_folder", lambda run: utterance[0].parent)
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Cancel)
    window.features.curves.open_example("run", "utt0", 1, 0.5)
    qtbot.waitUntil(lambda: bool(answers.asked), timeout=30000)  # the example is read by a worker
    assert len(answers.asked) == 1 and "utt.TextGrid" in answers.asked[0]
    assert window.services.documents.document is edited
    assert manifest.exists() and autosave.autosave_folder().is_dir()


def test_every_path_that_replaces_the_document_asks_once(window, monkeypatch, utterance):
    from gui.state.document import Document

    add_boundary(window)
    edited = window.services.documents.document
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not window.services.documents.set_document(Document.from_audio(edited.audio))
    assert not window.features.editor.files.open_paths(*utterance)
    assert len(answers.asked) == 2 and window.services.documents.document is edited
    answers.answer = QMessageBox.StandardButton.Discard
    assert window.features.editor.files.open_paths(*utterance)
    assert window.services.documents.document is not edited and len(answers.asked) == 3


def test_new_scores_stay_unsaved_after_an_edit_and_its_undo(window, monkeypatch):
    finish_scoring(window, hand_made_scoreset())
    assert window.services.documents.document.modified and window.isWindowModified()
    add_boundary(window)
    window.services.undo_stack.undo()
    assert window.services.documents.document.modified and window.isWindowModified()
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert len(answers.asked) == 1


def test_saving_makes_the_scores_and_the_edits_saved(window):
    finish_scoring(window, hand_made_scoreset())
    add_boundary(window)
    assert window.features.editor.files.save()
    assert not window.services.documents.document.modified and not window.isWindowModified()
    window.services.undo_stack.undo()  # back before the saved state: unsaved again
    assert window.services.documents.document.modified
    window.services.undo_stack.redo()
    assert not window.services.documents.document.modified


def test_recovered_edits_stay_unsaved_after_an_edit_and_its_undo(qtbot, window, monkeypatch):
    from gui.editor.startup import offer_recovery
    from gui.main_window import MainWindow
    from tests.support.documents import labels, simulate_crash

    add_boundary(window)
    window.features.editor.autosaver.save_now()
    edited = labels(window)
    simulate_crash(window)
    again = MainWindow()
    qtbot.addWidget(again)
    assert offer_recovery(again.features.editor, lambda text: True)
    assert labels(again) == edited and again.services.documents.document.modified
    add_boundary(again, 0.3)
    again.services.undo_stack.undo()
    assert again.services.documents.document.modified and again.isWindowModified()
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not again.close()
    assert len(answers.asked) == 1
    answers.answer = QMessageBox.StandardButton.Discard
    assert again.close()


def _tree_digest(folder) -> str:
    digest = hashlib.sha1()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_a_bundled_example_opens_as_an_untitled_copy_saved_where_the_user_chooses(
        window, monkeypatch, tmp_path):
    from analysis.audio import load_audio
    from gui.editor.examples import examples_folder, list_examples

    before = _tree_digest(examples_folder())
    example = list_examples()[0]
    Answers(monkeypatch, QMessageBox.StandardButton.Discard)
    assert window.features.editor.files.open_example(example)
    document = window.services.documents.document
    assert document.alignment_path is None and document.audio_path is None
    assert not document.modified  # nothing of the user's yet
    assert document.annotation.cue_word
    add_boundary(window, 0.05)
    starts = []

    def choose(parent, caption, start, *args, **kwargs):
        starts.append(start)
        return str(tmp_path / "mine" / "copy.TextGrid"), args[1] if len(args) > 1 else ""

    (tmp_path / "mine").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    assert window.features.editor.files.save()
    assert len(starts) == 1 and str(examples_folder()) not in starts[0]
    assert document.alignment_path == tmp_path / "mine" / "copy.TextGrid"
    assert document.audio_path == tmp_path / "mine" / "copy.wav"
    assert load_audio(document.audio_path).duration == pytest.approx(document.duration)
    assert not document.modified
    add_boundary(window, 0.07)
    assert window.features.editor.files.save() and len(starts) == 1  # Save now writes the copy
    assert _tree_digest(examples_folder()) == before


def test_unreadable_saved_scores_are_a_dialog_naming_the_file(window, monkeypatch, utterance):
    scores = utterance[1].with_name("utt.scores.npz")
    scores.write_bytes(b"PK\x03\x04 not really a zip")
    Answers(monkeypatch, QMessageBox.StandardButton.Discard)
    assert window.features.editor.files.open_paths(*utterance)
    box = window.features.scoring.messages.last_error_box
    assert box.isVisible() and "utt.scores.npz" in box.text()
    assert window.services.documents.document.results is None
    box.close()
