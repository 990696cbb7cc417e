"""The record dialog and File > Record… through the real sound stack (real-time virtual
microphone, 16 kHz mono, offset 0): record, pause, stop, the take opens in the editor, Save
writes the WAV beside the TextGrid, recovery at start, and the error messages."""

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt

from analysis.alignment import tier_to_words
from analysis.alignment.io import read_alignment
from analysis.audio import load_audio
from analysis.recording.store import RecoveryStore
from analysis.recording.wav_stream import StreamingWavWriter
from gui.recording.dialog import format_elapsed
from tests.support.waiting import BACKGROUND_JOB_MS

RATE = 16000


def counter(seconds: float) -> np.ndarray:
    return (np.arange(int(seconds * RATE)) % 65536 - 32768).astype(np.int16)


def as_int16(samples):
    return np.round(np.asarray(samples, np.float64) * 32768).astype(np.int16)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    folder = tmp_path / "user-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setenv("MIXSCOPE_AUTOSAVE_DIR", str(tmp_path / "autosave"))
    return folder / "MixScope" / "recordings"


def close_window(win) -> None:
    """Close without the unsaved-changes question (pytest-qt would close it too late)."""
    win.features.recording.shutdown()
    win.services.documents.guards.clear()  # the test keeps nothing: no unsaved-changes question
    win.close()
    win.deleteLater()


@pytest.fixture
def window(qtbot, data_home):
    from gui.main_window import MainWindow

    win = MainWindow()
    win.show()
    yield win
    close_window(win)


def open_dialog(qtbot, window):
    window.features.recording.record_action.trigger()
    dialog = window.features.recording.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_take_opens_in_the_editor_and_saves_beside_its_textgrid(qtbot, window,
                                                                realtime_microphone, tmp_path,
                                                                data_home):
    fed = counter(4)
    realtime_microphone.feed(fed)
    dialog = open_dialog(qtbot, window)
    dialog.prompt_panel.edit.setText("le ver vert")
    dialog.prompt_panel.align.setChecked(False)  # keep the prompt's words spread evenly
    assert dialog.device_combo.currentText().startswith("default")
    assert dialog.rate_combo.currentData() == 16000 and dialog.channels_spin.value() == 1

    qtbot.keyClick(dialog, Qt.Key.Key_R)
    assert dialog.recorder.state == "recording"
    qtbot.waitUntil(lambda: dialog.recorder.session.frames >= RATE // 2, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert dialog.recorder.state == "paused"
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert dialog.recorder.state == "recording"
    qtbot.waitUntil(lambda: dialog.recorder.session.frames >= 0.8 * RATE, timeout=5000)
    qtbot.waitUntil(lambda: dialog.elapsed_label.text() >= "00:00.7")  # the live clock
    with qtbot.waitSignal(window.services.documents.document_changed):
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert dialog.elapsed_label.text() == format_elapsed(window.services.documents.document.duration)

    document = window.services.documents.document
    recorded = as_int16(document.audio.samples)
    assert document.audio.sample_rate == RATE and len(recorded) >= 0.8 * RATE
    index = recorded.astype(np.int64) + 32768  # the counter tells each sample's origin
    assert index[0] == 0 and np.count_nonzero(np.diff(index) != 1) <= 1  # the pause gap
    assert set(recorded) <= set(fed)
    words = document.grid.word_tier().intervals
    assert [w.label for w in words] == ["le", "ver", "vert"]
    assert words[1].start == pytest.approx(document.duration / 3)
    assert document.annotation.transcription == "le ver vert" and document.modified
    assert window.features.editor.widget.document is document
    (stored,) = data_home.glob("*.wav")  # kept until saved

    assert window.features.editor.files.save_to(tmp_path / "take.TextGrid")
    wav = tmp_path / "take.wav"
    assert document.audio_path == wav and soundfile.info(wav).subtype == "PCM_16"
    np.testing.assert_array_equal(as_int16(load_audio(wav).samples), recorded)
    reread = read_alignment(tmp_path / "take.TextGrid")
    assert [i.label for i in reread.grid.word_tier().intervals] == ["le", "ver", "vert"]
    assert not stored.exists() and RecoveryStore(data_home).unfinished() == []


def test_take_is_aligned_to_its_prompt_and_trimmed_to_speech(qtbot, window, realtime_microphone,
                                                            french_words):
    lead = 0.4  # silence before the speech, on top of the clip's own
    spoken = np.concatenate((np.zeros(int(lead * RATE), np.float32), french_words.waveform))
    realtime_microphone.feed(as_int16(spoken))
    dialog = open_dialog(qtbot, window)
    dialog.prompt_panel.edit.setText("Ils mangent des pommes.")
    assert dialog.prompt_panel.align.isChecked() and dialog.prompt_panel.language.text() == "fr"
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.recorder.session.frames >= len(spoken) + RATE // 4,
                    timeout=10000)
    with qtbot.waitSignal(window.features.autoalign.job.finished, timeout=BACKGROUND_JOB_MS):
        dialog.record_button.click()
    words = tier_to_words(window.services.documents.document.grid.word_tier())
    assert [w.label for w in words] == ["Ils", "mangent", "des", "pommes"]
    for word, (_, start, end) in zip(words, french_words.words, strict=True):
        assert word.start == pytest.approx(lead + start, abs=0.03)
        assert word.end == pytest.approx(lead + end, abs=0.03)
    assert window.services.undo_stack.undoText() == "Align Words"  # the even spread is one undo away
    assert "phones" in window.services.documents.document.grid.tier_names


def test_float_take_is_saved_as_float(qtbot, window, realtime_microphone, tmp_path):
    dialog = open_dialog(qtbot, window)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("FLOAT"))
    realtime_microphone.feed(np.zeros(RATE * 2, np.float32).view(np.int16))  # float32 zeros
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.recorder.session.frames >= 1600, timeout=5000)
    with qtbot.waitSignal(window.services.documents.document_changed):
        dialog.record_button.click()
    assert window.features.editor.files.save_to(tmp_path / "f.TextGrid")
    assert soundfile.info(tmp_path / "f.wav").subtype == "FLOAT"


def test_unfinished_recording_is_offered_at_start_and_restored(qtbot, data_home, tmp_path,
                                                              request):
    from gui.main_window import MainWindow

    store = RecoveryStore(data_home)
    stored, lock = store.create({"prompt": "ils mangent", "sample_rate": RATE,
                                 "target_rate": RATE, "subtype": "PCM_16"})
    samples = counter(0.5)
    with StreamingWavWriter(stored.wav_path, RATE, 1) as writer:
        writer.write(samples)
    lock.release()  # as if the process had died

    window = MainWindow()
    window.show()
    request.addfinalizer(lambda: close_window(window))
    qtbot.waitUntil(lambda: window.features.recording.recovery_dialog is not None
                    and window.features.recording.recovery_dialog.isVisible())
    offer = window.features.recording.recovery_dialog
    assert "0.5 s — interrupted — “ils mangent”" in offer.list.item(0).text()
    with qtbot.waitSignal(window.services.documents.document_changed):
        offer.open_button.click()
    document = window.services.documents.document
    np.testing.assert_array_equal(as_int16(document.audio.samples), samples)
    assert [i.label for i in document.grid.word_tier().intervals] == ["ils", "mangent"]
    assert window.features.editor.files.save_to(tmp_path / "r.TextGrid")
    np.testing.assert_array_equal(as_int16(load_audio(tmp_path / "r.wav").samples), samples)
    assert store.unfinished() == []


def test_no_input_device_is_a_clear_message(qtbot, window, monkeypatch):
    monkeypatch.setattr("gui.recording.dialog.list_input_devices", lambda: [])
    dialog = open_dialog(qtbot, window)
    assert "no input device found" in dialog.message.text()
    assert not dialog.record_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_R)
    assert dialog.recorder.state == "idle"


def test_missing_portaudio_is_a_clear_message(qtbot, window, monkeypatch):
    monkeypatch.setattr("analysis.environment.portaudio_status",
                        lambda: (False, "PortAudio is not installed (libportaudio.so.2 not "
                                        "found); recording and playback are disabled"))
    dialog = open_dialog(qtbot, window)
    assert "PortAudio is not installed" in dialog.message.text()
    assert not dialog.record_button.isEnabled()


def test_unsupported_rate_records_at_the_native_rate_and_resamples(qtbot, window, monkeypatch,
                                                                   realtime_microphone):
    native = 44100  # the virtual device's default rate
    monkeypatch.setattr("analysis.recording.devices.rate_supported",
                        lambda device, rate, channels, dtype: rate == native)
    realtime_microphone.feed(np.zeros(RATE * 2, np.int16))
    dialog = open_dialog(qtbot, window)
    assert f"native {native} Hz, resampled to 16000 Hz" in dialog.note.text()
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.recorder.session.frames >= native // 4, timeout=5000)
    assert dialog.recorder.session.capture_rate == native
    with qtbot.waitSignal(window.services.documents.document_changed):
        dialog.toggle_record()
    assert window.services.documents.document.audio.sample_rate == RATE

    monkeypatch.setattr("analysis.recording.devices.rate_supported", lambda *args: False)
    dialog = open_dialog(qtbot, window)
    dialog.rate_combo.setCurrentIndex(dialog.rate_combo.findData(48000))
    assert "supports neither 48000 Hz nor its native 44100 Hz" in dialog.note.text()
    assert not dialog.record_button.isEnabled()


def test_device_lost_mid_recording_keeps_the_take_and_says_so(qtbot, window,
                                                              realtime_microphone):
    fed = counter(3)
    realtime_microphone.feed(fed)
    dialog = open_dialog(qtbot, window)
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.recorder.session.frames >= 3200, timeout=5000)
    with qtbot.waitSignal(window.services.documents.document_changed):
        dialog.recorder.session._capture._stream.abort()  # as when the device vanishes
    recorded = as_int16(window.services.documents.document.audio.samples)
    np.testing.assert_array_equal(recorded, fed[:len(recorded)])
    assert "stopped delivering audio" in dialog.message.text()
    assert "stopped delivering audio" in window.features.recording.warning.text()
    window.features.recording.warning.close()
    dialog.close()


def test_closing_the_dialog_while_recording_keeps_the_take(qtbot, window, realtime_microphone):
    realtime_microphone.feed(counter(2))
    dialog = open_dialog(qtbot, window)
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.recorder.session.frames >= 1600, timeout=5000)
    with qtbot.waitSignal(window.services.documents.document_changed):
        dialog.close()
    assert window.services.documents.document.audio.duration >= 0.1 and dialog.recorder.state == "idle"
