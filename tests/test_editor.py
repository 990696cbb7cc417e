"""The alignment editor driven through its real widgets (offscreen): open, edit boundaries
and labels with mouse and keys, undo/redo, save/reload, autosave recovery, playback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from analysis.alignment.io import read_alignment
from analysis.alignment.model import Interval, IntervalTier, TextGrid
from analysis.audio import save_audio
from tests.support.documents import simulate_crash
from tests.support.editing import RecordingOutputStream, click, drag, position

RATE = 16000


@pytest.fixture
def utterance(tmp_path) -> tuple[Path, Path]:
    """A 2 s noise file and a TextGrid with words at 0.5-1.0 and 1.2-1.6 s."""
    rng = np.random.default_rng(1)
    samples = (0.3 * rng.standard_normal(2 * RATE)).astype(np.float32).clip(-1, 1)
    audio = tmp_path / "utt.wav"
    save_audio(audio, samples, RATE, subtype="FLOAT")
    tier = IntervalTier("words", (Interval(0.0, 0.5, ""), Interval(0.5, 1.0, "ils"),
                                  Interval(1.0, 1.2, ""), Interval(1.2, 1.6, "mangent"),
                                  Interval(1.6, 2.0, "")), 0.0, 2.0)
    grid_path = tmp_path / "utt.TextGrid"
    from analysis.alignment.io import write_alignment

    write_alignment(grid_path, TextGrid(0.0, 2.0, (tier,)))
    return audio, grid_path


@pytest.fixture
def window(qtbot, utterance, monkeypatch):
    from gui.main_window import MainWindow

    # pytest-qt closes the window before fixtures end: answer "save changes?" with Discard.
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.features.editor.widget.player.stream_factory = RecordingOutputStream
    assert win.features.editor.files.open_paths(*utterance)
    win.features.editor.widget.graphics.setFocus()
    qtbot.wait(20)
    return win


def words(win) -> list[tuple[str, float, float]]:
    return [(iv.label, round(iv.start, 4), round(iv.end, 4))
            for iv in win.services.documents.document.grid.tiers[0].intervals]


def test_opening_shows_the_word_tier_and_file_name(window, utterance):
    assert window.services.documents.document.audio_path == utterance[0]
    assert words(window)[1] == ("ils", 0.5, 1.0)
    assert "utt.TextGrid" in window.windowTitle()
    assert not window.isWindowModified()
    assert window.features.editor.widget.view.visible == (0.0, 2.0)


def test_click_then_enter_adds_a_boundary_and_undo_redo(window, qtbot):
    editor = window.features.editor.widget
    click(editor, position(editor, editor.waveform.plot, 0.3, 0.0))
    assert editor.view.cursor == pytest.approx(0.3, abs=0.005)
    qtbot.keyClick(editor.graphics, Qt.Key.Key_Return)
    times = [b for _, b, _ in words(window)]
    assert len(times) == 6 and times[1] == pytest.approx(0.3, abs=0.005)
    assert window.isWindowModified()
    assert window.features.editor.actions["undo"].text() == "&Undo Add boundary"
    window.services.undo_stack.undo()
    assert len(words(window)) == 5 and not window.isWindowModified()
    window.services.undo_stack.redo()
    assert len(words(window)) == 6


def test_dragging_a_boundary_is_one_undo_step(window):
    editor = window.features.editor.widget
    tier_plot = editor.tiers[0].plot
    drag(editor, position(editor, tier_plot, 1.0, 0.5), position(editor, tier_plot, 1.1, 0.5))
    assert words(window)[1][2] == pytest.approx(1.1, abs=0.005)
    assert window.services.undo_stack.count() == 1
    assert window.services.undo_stack.undoText() == "Move boundary"
    window.services.undo_stack.undo()
    assert words(window)[1] == ("ils", 0.5, 1.0)
    window.services.undo_stack.redo()
    assert words(window)[1][2] == pytest.approx(1.1, abs=0.005)


def test_dragging_a_boundary_stops_at_its_neighbours(window):
    editor = window.features.editor.widget
    tier_plot = editor.tiers[0].plot
    drag(editor, position(editor, tier_plot, 1.0, 0.5), position(editor, tier_plot, 1.8, 0.5))
    end_of_ils = words(window)[1][2]
    assert 1.19 < end_of_ils < 1.2  # stopped just before the next boundary (1.2 s)
    assert words(window)[2][1] == end_of_ils


def test_alt_backspace_removes_the_selected_boundary_merging_labels(window, qtbot):
    editor = window.features.editor.widget
    click(editor, position(editor, editor.tiers[0].plot, 1.0, 0.5))  # the boundary line
    assert editor.view.focus is not None and editor.view.focus.kind == "boundary"
    qtbot.keyClick(editor.graphics, Qt.Key.Key_Backspace, Qt.KeyboardModifier.AltModifier)
    assert [w[0] for w in words(window)] == ["", "ils", "mangent", ""]
    assert words(window)[1] == ("ils", 0.5, 1.2)
    window.services.undo_stack.undo()
    assert words(window)[1] == ("ils", 0.5, 1.0)


def test_typing_edits_the_selected_label_in_place(window, qtbot):
    editor = window.features.editor.widget
    click(editor, position(editor, editor.tiers[0].plot, 0.75, 0.5))
    assert editor.view.selection == pytest.approx((0.5, 1.0))
    qtbot.keyClicks(editor.graphics, "s")
    assert editor.label_editor.isVisible() and editor.label_editor.text() == "ilss"
    qtbot.keyClick(editor.label_editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor.label_editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor.label_editor, " X")
    qtbot.keyClick(editor.label_editor, Qt.Key.Key_Return)
    assert words(window)[1][0] == "il X"
    assert not editor.label_editor.isVisible()
    window.services.undo_stack.undo()
    assert words(window)[1][0] == "ils"
    window.services.undo_stack.redo()
    assert words(window)[1][0] == "il X"


def test_escape_cancels_a_label_edit(window, qtbot):
    editor = window.features.editor.widget
    click(editor, position(editor, editor.tiers[0].plot, 0.75, 0.5))
    qtbot.keyClicks(editor.graphics, "zz")
    qtbot.keyClick(editor.label_editor, Qt.Key.Key_Escape)
    assert words(window)[1][0] == "ils" and window.services.undo_stack.count() == 0


def test_alt_arrows_walk_through_the_intervals(window, qtbot):
    editor = window.features.editor.widget
    click(editor, position(editor, editor.tiers[0].plot, 0.75, 0.5))
    qtbot.keyClick(editor.graphics, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert editor.view.focus.index == 2 and editor.view.selection == pytest.approx((1.0, 1.2))
    qtbot.keyClick(editor.graphics, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert editor.view.focus.index == 1


@pytest.mark.parametrize("name, fmt", [("out.TextGrid", "long"), ("out_short.TextGrid", "short"),
                                       ("out.json", "json")])
def test_save_and_reload_gives_the_same_alignment(window, tmp_path, name, fmt):
    editor = window.features.editor.widget
    editor.view.set_cursor(0.25)
    editor.edits.add_boundary()
    assert window.features.editor.files.save_to(tmp_path / name, fmt)
    assert not window.isWindowModified() and "[*]" in window.windowTitle()
    reread = read_alignment(tmp_path / name).grid
    assert [(i.label, i.start, i.end) for i in reread.tiers[0].intervals] == \
        [(i.label, i.start, i.end) for i in window.services.documents.document.grid.tiers[0].intervals]


def test_autosave_recovery_restores_the_unsaved_edit(window, qtbot, utterance):
    from gui.editor import autosave
    from gui.editor.startup import offer_recovery
    from gui.main_window import MainWindow

    window.features.editor.widget.view.set_cursor(0.25)
    window.features.editor.widget.edits.add_boundary()
    assert window.features.editor.autosaver.save_now() is not None
    edited = words(window)
    # A crash: the window goes away without its close handling; a new session starts.
    simulate_crash(window)
    again = MainWindow()
    qtbot.addWidget(again)
    questions = []
    assert offer_recovery(again.features.editor, lambda text: questions.append(text) or True)
    assert "utt.TextGrid" in questions[0]
    assert words(again) == edited
    assert again.services.documents.document.alignment_path == utterance[1]
    assert again.isWindowModified()
    assert autosave.pending_recoveries() == []  # kept, but in use by the window again


def test_saving_removes_the_autosave(window, tmp_path):

    window.features.editor.widget.view.set_cursor(0.25)
    window.features.editor.widget.edits.add_boundary()
    manifest = window.features.editor.autosaver.save_now()
    assert manifest.exists() and manifest.with_suffix(".TextGrid").exists()
    window.features.editor.files.save()
    assert not manifest.exists() and not manifest.with_suffix(".TextGrid").exists()
    assert not manifest.with_suffix(".lock").exists()


def test_tab_plays_exactly_the_selected_samples(window, qtbot):
    editor = window.features.editor.widget
    RecordingOutputStream.streams.clear()
    editor.select_time_range(0.5, 1.0)
    qtbot.keyClick(editor.graphics, Qt.Key.Key_Tab)
    stream = RecordingOutputStream.streams[-1]
    played = stream.played()
    expected = window.services.documents.document.mono()[8000:16000]
    assert stream.samplerate == RATE
    np.testing.assert_array_equal(played[:len(expected)], expected)
    assert len(played) - len(expected) < stream.blocksize
    assert not np.any(played[len(expected):])
    qtbot.waitUntil(lambda: not editor.player.playing, timeout=2000)


def test_bad_alignment_is_a_dialog_and_the_open_document_stays(window, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: errors.append(text))
    too_long = tmp_path / "long.TextGrid"
    tier = IntervalTier("words", (Interval(0.0, 5.0, "x"),), 0.0, 5.0)
    from analysis.alignment.io import write_alignment

    write_alignment(too_long, TextGrid(0.0, 5.0, (tier,)))
    broken = tmp_path / "broken.TextGrid"
    broken.write_text('File type = "ooTextFile"\nObject class = "TextGrid"\nxmin = oops\n')
    before = window.services.documents.document
    assert not window.features.editor.files.open_paths(before.audio_path, too_long)
    assert not window.features.editor.files.open_paths(before.audio_path, broken)
    assert not window.features.editor.files.open_paths(tmp_path / "missing.wav")
    assert "long.TextGrid" in errors[0] and "5.000 s" in errors[0]
    assert "broken.TextGrid" in errors[1]
    assert "missing.wav" in errors[2]
    assert window.services.documents.document is before


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.features.editor.widget.view.set_cursor(0.25)
    window.features.editor.widget.edits.add_boundary()
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_zoom_keys_and_scrollbar_follow_the_view_state(window, qtbot):
    editor = window.features.editor.widget
    editor.select_time_range(0.5, 1.0)
    qtbot.keyClick(editor.graphics, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.view.visible == pytest.approx((0.5, 1.0))
    assert editor.waveform.plot.vb.viewRange()[0] == pytest.approx([0.5, 1.0])
    assert editor.tiers[0].plot.vb.viewRange()[0] == pytest.approx([0.5, 1.0])
    qtbot.keyClick(editor.graphics, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert editor.view.span == pytest.approx(1.0)
    editor.scrollbar.setValue(editor.scrollbar.maximum())
    assert editor.view.visible[1] == pytest.approx(2.0, abs=0.01)
    qtbot.keyClick(editor.graphics, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert editor.view.visible == (0.0, 2.0)


def test_tiers_can_be_added_renamed_and_removed_with_undo(window):
    from gui.editor import tier_menu

    editor = window.features.editor.widget
    assert tier_menu.add_tier(window.services, editor, points=True, name="tones")
    assert window.services.documents.document.grid.tier_names == ["words", "tones"]
    assert len(window.features.editor.widget.tiers) == 2
    window.features.editor.widget.view.set_cursor(0.7)
    window.features.editor.widget.edits.add_boundary()  # on the new (active) point tier
    assert [p.time for p in window.services.documents.document.grid.tiers[1].points] == [0.7]
    assert tier_menu.rename_tier(window.services, editor, name="pitch")
    assert tier_menu.remove_tier(window.services, editor, confirm=False)
    assert window.services.documents.document.grid.tier_names == ["words"]
    for _ in range(4):
        window.services.undo_stack.undo()
    assert window.services.documents.document.grid.tier_names == ["words"]
    window.services.undo_stack.redo()
    assert window.services.documents.document.grid.tier_names == ["words", "tones"]


def test_spectrogram_shows_only_the_newest_request(window, qtbot):
    spectrogram = window.features.editor.widget.spectrogram
    with qtbot.waitSignal(spectrogram.ready, timeout=5000):
        window.features.editor.widget.view.set_visible(0.1, 0.4)
        window.features.editor.widget.view.set_visible(1.0, 1.5)
    qtbot.waitUntil(lambda: not spectrogram.busy, timeout=5000)
    rect = spectrogram.image.boundingRect()
    left = spectrogram.image.mapRectToParent(rect).left()
    assert left == pytest.approx(1.0, abs=0.01)


def test_first_launch_opens_an_example_once(qtbot):
    from gui.editor.startup import start
    from gui.main_window import MainWindow
    from tests.support.qt_guard import isolate_settings

    isolate_settings()
    win = MainWindow()
    qtbot.addWidget(win)
    start(win.features.editor, None, ask=lambda text: False)
    opened = win.services.documents.document
    assert opened is not None and opened.annotation.cue_word
    second = MainWindow()
    qtbot.addWidget(second)
    start(second.features.editor, None, ask=lambda text: False)
    assert second.services.documents.document is None


def test_spectrogram_settings_change_the_image_and_are_remembered(window, qtbot):
    from analysis.spectrogram import SpectrogramSettings
    from gui.editor.spectrogram_settings import apply_settings, load_settings

    spectrogram = window.features.editor.widget.spectrogram
    with qtbot.waitSignal(spectrogram.ready, timeout=5000):
        apply_settings(window.features.editor.widget, SpectrogramSettings(0.025, 3000.0, 50.0))
    assert spectrogram.plot.vb.viewRange()[1] == pytest.approx([0.0, 3000.0])
    assert spectrogram.image.image.min() >= -50.0
    assert load_settings() == SpectrogramSettings(0.025, 3000.0, 50.0)


def test_dropping_audio_and_textgrid_on_the_window_opens_them(qtbot, utterance, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in utterance])
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(win.rect().center(), action, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(win.rect().center()), action, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(win, drop)
    assert win.services.documents.document is not None
    assert win.services.documents.document.audio_path == utterance[0]
    assert win.services.documents.document.alignment_path == utterance[1]
    assert [iv.label for iv in win.services.documents.document.grid.tiers[0].intervals if iv.label] == \
        ["ils", "mangent"]


def _shown_labels(tier_view) -> list[str]:
    import pyqtgraph as pg

    return [item.textItem.toPlainText() for item in tier_view.plot.items
            if isinstance(item, pg.TextItem) and item is not tier_view.hint
            and item.isVisible()]


def test_a_label_wider_than_its_interval_is_elided_and_shown_whole_when_zoomed_in(
        window, qtbot):
    editor = window.features.editor.widget
    long_label = "anticonstitutionnellement " * 3
    click(editor, position(editor, editor.tiers[0].plot, 0.75, 0.5))
    qtbot.keyClicks(editor.graphics, "s")  # opens the label editor on the selected interval
    editor.label_editor.setText(long_label)
    qtbot.keyClick(editor.label_editor, Qt.Key.Key_Return)
    assert words(window)[1][0] == long_label
    tier = editor.tiers[0]
    shown = _shown_labels(tier)
    assert "mangent" in shown
    elided = [text for text in shown if text.startswith("anticonst")]
    assert len(elided) == 1 and elided[0].endswith("…") and len(elided[0]) < len(long_label)
    editor.select_time_range(0.5, 1.0)
    qtbot.keyClick(editor.graphics, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert long_label.strip() in [text.strip() for text in _shown_labels(tier)]
