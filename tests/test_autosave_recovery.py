"""Autosave and crash recovery keep the user's work: one autosave slot per window, kept
after recovery until the work is saved or discarded, naming a recorded take's WAV, cleaned
up after Save As, and a failing autosave is one clear message, never a traceback."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from analysis.recording.store import RecoveryStore
from analysis.recording.wav_stream import StreamingWavWriter
from tests.support.documents import add_boundary, labels, simulate_crash, write_utterance

RATE = 16000


@pytest.fixture(autouse=True)
def private_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXSCOPE_AUTOSAVE_DIR", str(tmp_path / "autosave"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    # pytest-qt closes the windows at the end: unsaved changes are discarded then
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def utterance(tmp_path):
    return write_utterance(tmp_path / "data")


def new_window(qtbot):
    from gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    return win


@pytest.fixture
def window(qtbot, utterance):
    win = new_window(qtbot)
    assert win.features.editor.files.open_paths(*utterance)
    return win


def autosaves() -> list:
    from gui.editor.autosave import autosave_folder

    folder = autosave_folder()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def recover(qtbot):
    from gui.editor.startup import offer_recovery

    again = new_window(qtbot)
    assert offer_recovery(again.features.editor, lambda text: True)
    return again


def test_the_autosave_outlives_recovery_until_the_work_is_saved(qtbot, window):
    add_boundary(window)
    window.features.editor.autosaver.save_now()
    edited = labels(window)
    simulate_crash(window)
    again = recover(qtbot)
    assert labels(again) == edited
    assert len(autosaves()) == 1  # a second crash now still loses nothing
    simulate_crash(again)
    third = recover(qtbot)
    assert labels(third) == edited
    assert third.features.editor.files.save()
    assert autosaves() == []


def test_discarding_recovered_work_removes_its_autosave(qtbot, window, utterance):
    add_boundary(window)
    window.features.editor.autosaver.save_now()
    simulate_crash(window)
    again = recover(qtbot)
    assert again.features.editor.files.open_paths(*utterance)  # the question is answered Discard
    assert autosaves() == []


def test_two_windows_on_the_same_audio_keep_separate_autosaves(qtbot, window, utterance):
    from gui.editor.autosave import pending_recoveries

    other = new_window(qtbot)
    assert other.features.editor.files.open_paths(*utterance)
    add_boundary(window, 0.25)
    add_boundary(other, 0.3)
    first = window.features.editor.autosaver.save_now()
    second = other.features.editor.autosaver.save_now()
    assert first != second and len(autosaves()) == 2
    assert pending_recoveries() == []  # both in use by live windows: nothing to recover
    assert window.features.editor.files.save()
    assert autosaves() == [second]
    simulate_crash(other)
    assert pending_recoveries() == [second]


def test_a_failing_autosave_says_so_once_and_raises_nothing(qtbot, window, tmp_path,
                                                            monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the autosave folder should be")
    monkeypatch.setenv("MIXSCOPE_AUTOSAVE_DIR", str(blocker / "autosave"))
    add_boundary(window)
    window.features.editor.autosaver.timer.timeout.emit()
    window.features.editor.autosaver.timer.timeout.emit()
    message = window.statusBar().currentMessage()
    assert "Autosave failed" in message and "not-a-folder" in message
    warning = window.features.editor.autosaver.warning
    assert warning is not None and warning.isVisible() and "not-a-folder" in warning.text()
    assert window.features.editor.autosaver.failures_shown == 1
    warning.close()


def stored_take(seconds: float = 1.0, prompt: str = "ils mangent"):
    """A take left in the recovery store by the recorder (not open anywhere)."""
    store = RecoveryStore()
    stored, lock = store.create({"prompt": prompt, "sample_rate": RATE, "target_rate": RATE,
                                 "subtype": "PCM_16", "state": "stopped"})
    samples = (np.arange(int(seconds * RATE)) % 2000 - 1000).astype(np.int16)
    with StreamingWavWriter(stored.wav_path, RATE, 1) as writer:
        writer.write(samples)
    lock.release()
    return store, stored, samples


def open_take(window, stored):
    from analysis.recording.store import Recoverable

    window.features.recording.recover(Recoverable(stored, 0, RATE))
    assert window.services.documents.document.audio_path is None


def test_an_edited_take_is_recovered_from_its_autosave_with_its_audio(qtbot, tmp_path):
    from analysis.audio import load_audio

    store, stored, samples = stored_take()
    window = new_window(qtbot)
    open_take(window, stored)
    assert store.unfinished() == []  # open in this window: not offered elsewhere
    add_boundary(window, 0.2)
    window.features.editor.autosaver.save_now()
    edited = labels(window)
    simulate_crash(window)
    again = recover(qtbot)
    assert labels(again) == edited
    recovered = again.services.documents.document.audio.samples
    np.testing.assert_array_equal(np.round(recovered * 32768), samples)
    assert again.services.documents.document.modified
    assert again.features.editor.files.save_to(tmp_path / "take.TextGrid")
    np.testing.assert_array_equal(
        np.round(load_audio(tmp_path / "take.wav").samples * 32768), samples)
    assert autosaves() == [] and store.unfinished() == [] and not stored.wav_path.exists()


def test_save_as_of_a_take_leaves_no_autosave_to_recover(qtbot, tmp_path):
    from gui.editor.autosave import pending_recoveries

    store, stored, _ = stored_take()
    window = new_window(qtbot)
    open_take(window, stored)
    add_boundary(window, 0.2)
    window.features.editor.autosaver.save_now()
    assert window.features.editor.files.save_to(tmp_path / "take.TextGrid")
    assert autosaves() == []
    simulate_crash(window)
    assert pending_recoveries() == [] and store.unfinished() == []


def test_an_unreadable_autosave_is_a_dialog_naming_it(qtbot, monkeypatch):
    from gui.editor.autosave import autosave_folder
    from gui.editor.startup import offer_recovery

    folder = autosave_folder()
    folder.mkdir(parents=True)
    for name, text in (("list.json", "[1, 2]"), ("broken.json", "{not json"),
                       ("noaudio.json", '{"saved_at": "today"}')):
        (folder / name).write_text(text)
    errors = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a: errors.append(text))
    window = new_window(qtbot)
    assert not offer_recovery(window.features.editor, lambda text: True)
    assert sorted(e.split(":")[0] for e in errors) == sorted(
        str(folder / name) for name in ("broken.json", "list.json", "noaudio.json"))
    assert window.services.documents.document is None


def test_a_closed_window_autosaves_no_more(qtbot, window):
    """Its slot is forgotten when the close is accepted; a timer left running would write a
    new one (with the discarded edit) a minute later, offered as work to recover."""
    add_boundary(window)
    window.features.editor.autosaver.save_now()
    assert window.close()  # "save changes?" is answered Discard
    assert autosaves() == []
    window.features.editor.autosaver.timer.timeout.emit()  # had it kept running
    assert autosaves() == []
    assert not window.features.editor.autosaver.timer.isActive()
