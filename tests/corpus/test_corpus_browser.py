"""The corpus browser: build a corpus through the GUI, open datasets, edit and save back."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from analysis.corpus.schema import corpus_features, example_from_row, schema_differences
from analysis.corpus.store import METADATA, Corpus
from tests.corpus.conftest import load_audiofolder, reference_dataset
from tests.support.waiting import BACKGROUND_JOB_MS


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    errors = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a: errors.append(text))
    from gui.main_window import MainWindow

    win = MainWindow()
    win.errors = errors
    qtbot.addWidget(win)
    win.show()
    return win


def _open(qtbot, window, spec, split=None):
    """Open ``spec`` and wait until the session holds it (or an error box showed). Waiting
    on the worker's own ``finished`` would race: a fast worker can finish before the test
    connects to it."""
    corpus = window.features.corpus
    opened = []

    def seen(source):
        opened.append(source)

    corpus.session.source_changed.connect(seen)
    corpus.open_source(str(spec), split)
    qtbot.waitUntil(lambda: bool(opened or window.errors), timeout=BACKGROUND_JOB_MS)
    corpus.session.source_changed.disconnect(seen)
    assert window.errors == []
    return corpus.session.source


def _double_click(qtbot, window, row: int) -> None:
    table = window.features.corpus.browser.table
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _words(window):
    from analysis.alignment import tier_to_words

    return [w.label for w in tier_to_words(window.services.documents.document.grid.word_tier())]


def test_a_corpus_built_through_the_gui_loads_back_in_the_reference_schema(
        window, qtbot, tmp_path, monkeypatch, utterances):
    from PySide6.QtWidgets import QInputDialog

    from analysis.alignment import TextGrid, words_to_tier
    from analysis.audio import save_audio
    from gui.undo_commands import GridEdit

    controller = window.features.corpus
    assert controller.new_corpus(tmp_path / "gui-corpus")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("espeak", True))
    form = controller.form
    for n, (audio, example) in enumerate(utterances):
        recording = tmp_path / f"recording{n}.wav"
        save_audio(recording, audio.samples, audio.sample_rate)
        assert window.features.editor.files.open_paths(recording)
        tier = words_to_tier(example.words, 0.0, audio.duration)
        window.services.undo_stack.push(GridEdit(window.services.documents.document,
                                                 TextGrid(0, tier.xmax, (tier,)), "Align"))
        form.fill_button.click()
        form.combos["cue_word"].setCurrentText(example.cue_word)
        form.combos["target_word"].setCurrentText(example.target_word)
        if example.target_word_2:
            form.combos["target_word_2"].setCurrentText(example.target_word_2)
        assert controller.add_action.isEnabled()
        controller.add_action.trigger()
        assert not window.services.documents.document.modified
    assert window.errors == []
    assert controller.browser.model.rowCount() == 3

    loaded = load_audiofolder(tmp_path / "gui-corpus", tmp_path / "cache")
    reference = reference_dataset(utterances)
    assert schema_differences(loaded.features, reference.features) == []
    assert schema_differences(loaded.features, corpus_features()) == []
    from datasets import Audio

    loaded = loaded.cast_column("audio", Audio(decode=False))
    reference = reference.cast_column("audio", Audio(decode=False))
    for got, want in zip(loaded, reference, strict=True):
        got_example, want_example = example_from_row(got), example_from_row(want)
        assert got_example.words == want_example.words
        assert (got_example.transcription, got_example.cue_word, got_example.target_word,
                got_example.target_word_2) == (want_example.transcription,
                                               want_example.cue_word,
                                               want_example.target_word,
                                               want_example.target_word_2)
        assert got["speaker"] == "espeak"


def test_a_saved_dataset_opens_in_the_browser_and_an_example_loads_into_the_editor(
        window, qtbot, tmp_path, utterances):
    reference_dataset(utterances, extra={"id": ["a", "b", "c"]}, rate=22050).save_to_disk(
        str(tmp_path / "saved"))
    source = _open(qtbot, window, tmp_path / "saved")
    model = window.features.corpus.browser.model
    assert model.rowCount() == 3
    assert model.headerData(6, Qt.Orientation.Horizontal) == "id"
    assert model.index(1, 0).data() == "ils mangent des pommes"
    assert model.index(1, 4).data() == "✓"

    _double_click(qtbot, window, 1)
    document = window.services.documents.document
    assert document is window.features.corpus.session.document
    assert _words(window) == ["ils", "mangent", "des", "pommes"]
    assert (document.annotation.cue_word, document.annotation.target_word) == ("ils",
                                                                               "mangent")
    assert document.audio.sample_rate == 16000
    assert document.duration == pytest.approx(utterances[1][0].duration, abs=1e-3)
    assert window.features.corpus.form.combos["cue_word"].currentText() == "ils"
    assert not source.writable and not window.features.corpus.add_action.isEnabled()


def test_saving_an_example_in_the_editor_writes_it_back_into_the_corpus(window, qtbot,
                                                                        corpus):
    from analysis.alignment import read_alignment
    from gui.undo_commands import GridEdit

    _open(qtbot, window, corpus.folder)
    _double_click(qtbot, window, 0)
    assert window.services.documents.document.alignment_path == corpus.textgrid_path(0)
    window.features.corpus.form.combos["cue_word"].setCurrentText("est")
    grid = window.services.documents.document.grid
    tier = grid.word_tier().set_label(1, "LE")
    window.services.undo_stack.push(GridEdit(window.services.documents.document,
                                             grid.replace_tier(grid.word_tier_index(), tier),
                                             "Relabel"))
    assert window.features.editor.files.save()

    row = json.loads((corpus.folder / METADATA).read_text().splitlines()[0])
    assert row["cue_word"] == "est"
    assert row["alignment"]["intervals"][0]["word"] == "LE"
    labels = [i.label for i in read_alignment(corpus.textgrid_path(0)).grid.word_tier()
              .intervals if i.label]
    assert labels[0] == "LE"
    assert Corpus.open(corpus.folder).example(0).cue_word == "est"
    assert window.features.corpus.browser.model.index(0, 1).data() == "est"


def test_next_and_previous_example_keys_walk_the_corpus(window, qtbot, corpus):
    _open(qtbot, window, corpus.folder)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert window.features.corpus.session.current == 0
    window.features.corpus.next_action.trigger()
    window.features.corpus.next_action.trigger()
    assert window.features.corpus.session.current == 2 and _words(window)[:2] == ["la", "mer"]
    window.features.corpus.next_action.trigger()  # no example after the last
    assert window.features.corpus.session.current == 2
    window.features.corpus.previous_action.trigger()
    assert _words(window) == ["ils", "mangent", "des", "pommes"]
    selected = window.features.corpus.browser.table.selectionModel().selectedRows()
    assert [i.row() for i in selected] == [1]


def test_export_corpus_as_parquet_from_the_gui(window, qtbot, corpus, tmp_path):
    import datasets

    _open(qtbot, window, corpus.folder)
    out = tmp_path / "out" / "exported.parquet"
    out.parent.mkdir()
    worker = window.features.corpus.export(out)
    with qtbot.waitSignal(worker.finished, timeout=BACKGROUND_JOB_MS):
        pass
    loaded = datasets.load_dataset("parquet", data_files=str(out), split="train",
                                   cache_dir=str(tmp_path / "cache"))
    assert len(loaded) == 3 and loaded.features == corpus_features()


def test_opening_a_dataset_lacking_a_column_says_which(window, qtbot, tmp_path, utterances):
    reference_dataset(utterances).remove_columns(["target_word"]).save_to_disk(
        str(tmp_path / "bad"))
    worker = window.features.corpus.open_source(str(tmp_path / "bad"))
    with qtbot.waitSignal(worker.finished, timeout=BACKGROUND_JOB_MS):
        pass
    assert len(window.errors) == 1 and "missing column target_word" in window.errors[0]
    assert window.features.corpus.session.source is None


def test_the_table_stays_lazy_with_ten_thousand_rows(window, qtbot):
    from analysis.corpus.sources import DatasetSource
    from gui.corpus.table_model import PAGE
    from tests.support.corpora import large_homophone_dataset

    source = DatasetSource(large_homophone_dataset(10_000), "ten thousand")
    calls = []
    examples = source.examples
    source.examples = lambda start, stop: calls.append(stop - start) or examples(start, stop)
    window.features.corpus.set_source(source)
    browser = window.features.corpus.browser
    qtbot.wait(50)
    model = browser.model
    assert model.total == 10_000
    assert model.rowCount() <= 2 * PAGE and max(calls) <= PAGE
    assert browser.count.text() == "10000 examples"

    browser.table.scrollToBottom()
    qtbot.wait(50)
    assert PAGE < model.rowCount() < 10_000

    browser.filter.setText("row 9999 ")
    assert model.rowCount() == 10_000  # filtering reads every row once
    assert browser.proxy.rowCount() == 1
    assert browser.proxy.index(0, 0).data().startswith("row 9999 ")
    assert browser.count.text() == "1 of 10000 examples match"
