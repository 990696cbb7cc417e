"""Bad input in the app: a dialog for saved scores that cannot be read, a status-bar warning
for a truncated WAV, and a one-line exit (code 2) instead of Qt's abort without a display."""

from __future__ import annotations

import pytest

from analysis.alignment.io import write_alignment
from analysis.alignment.model import TextGrid, words_to_tier
from analysis.audio import save_audio
from analysis.environment import display_problem
from tests.support.audio import speechlike
from tests.support.bad_input import WORDS, assert_one_line_error, run_cli, truncated_wav


@pytest.fixture
def window(main_window):
    return main_window


def _grid(path, duration=1.0):
    write_alignment(path, TextGrid(0.0, duration, (words_to_tier(list(WORDS), 0.0, duration),)))
    return path


def test_saved_scores_that_cannot_be_read_open_a_dialog_naming_the_file(window, tmp_path):
    audio = tmp_path / "utt.wav"
    save_audio(audio, speechlike(1.0), 16000)
    _grid(tmp_path / "utt.TextGrid")
    damaged = tmp_path / "utt.scores.npz"
    damaged.write_bytes(b"PK\x03\x04 damaged")
    assert window.features.editor.files.open_paths(audio)
    box = window.features.scoring.messages.last_error_box
    assert box.isVisible() and str(damaged) in box.text()
    assert window.services.documents.document.results is None
    box.close()


def test_a_truncated_wav_opens_with_a_warning_in_the_status_bar(window, tmp_path):
    short = truncated_wav(tmp_path / "short.wav")
    assert window.features.editor.files.open_paths(short)
    message = window.statusBar().currentMessage()
    assert "Warning" in message and "short.wav" in message and "1.000 s" in message


@pytest.mark.parametrize("environ, problem", [
    ({}, True),
    ({"DISPLAY": ":0"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "minimal"}, False),
    ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, True),
    ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, True),
])
def test_a_missing_display_is_found_before_qt_starts(environ, problem):
    assert (display_problem(environ, "linux") is not None) == problem
    assert display_problem(environ, "darwin") is None


def test_open_without_a_display_is_one_line_and_exit_2(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr("gui.app.create_application",
                        lambda *a: pytest.fail("a QApplication was created without a display"))
    code, _, err = run_cli(capsys, ["open"])
    assert_one_line_error(code, err, "mixscope open:", "no display", "xvfb-run")
