"""Pitch and intensity contours (Praat through parselmouth) and their overlay on the
editor's spectrogram."""

import numpy as np
import pytest

from analysis.prosody import ProsodySettings, intensity_contour, pitch_contour

RATE = 16000


def _vowel(f0: float, seconds: float, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amplitude * (np.sin(2 * np.pi * f0 * t) + 0.5 * np.sin(4 * np.pi * f0 * t))
            ).astype(np.float32)


def _utterance() -> np.ndarray:
    """0.5 s silence, 0.6 s at 120 Hz, 0.4 s silence, 0.6 s at 220 Hz, 0.4 s silence."""
    quiet = np.zeros(int(0.5 * RATE), np.float32)
    gap = np.zeros(int(0.4 * RATE), np.float32)
    return np.concatenate([quiet, _vowel(120, 0.6), gap, _vowel(220, 0.6), gap])


def test_pitch_follows_each_vowel_and_is_undefined_in_silence():
    contour = pitch_contour(_utterance(), RATE, 0.0, 2.5)
    times, f0 = contour.times, contour.values
    assert times.min() >= 0.0 and times.max() <= 2.5 and np.all(np.diff(times) > 0)
    first = f0[(times > 0.6) & (times < 1.0)]
    second = f0[(times > 1.6) & (times < 2.0)]
    assert np.nanmedian(first) == pytest.approx(120, rel=0.02)
    assert np.nanmedian(second) == pytest.approx(220, rel=0.02)
    assert np.all(np.isnan(f0[(times > 0.1) & (times < 0.4)]))


def test_a_window_gives_contours_only_inside_it_reaching_its_edges():
    samples = _utterance()
    contour = pitch_contour(samples, RATE, 0.7, 0.9)
    assert contour.times.min() < 0.72 and contour.times.max() > 0.88
    assert np.all((contour.times >= 0.7) & (contour.times <= 0.9))
    assert np.nanmedian(contour.values) == pytest.approx(120, rel=0.02)


def test_intensity_is_higher_in_the_louder_vowel_and_low_in_silence():
    samples = np.concatenate([_vowel(150, 0.5, 0.02), _vowel(150, 0.5, 0.4)])
    contour = intensity_contour(samples, RATE, 0.0, 1.0)
    soft = np.nanmedian(contour.values[(contour.times > 0.15) & (contour.times < 0.35)])
    loud = np.nanmedian(contour.values[(contour.times > 0.65) & (contour.times < 0.85)])
    assert loud - soft == pytest.approx(20 * np.log10(0.4 / 0.02), abs=1.0)


def test_too_short_a_stretch_gives_empty_contours_not_an_error():
    samples = _vowel(150, 0.02)
    for contour in (pitch_contour(samples, RATE, 0.0, 0.02),
                    intensity_contour(samples, RATE, 0.0, 0.02)):
        assert len(contour.times) == len(contour.values) == 0


def test_the_pitch_range_setting_bounds_what_is_found():
    contour = pitch_contour(_vowel(300, 0.6), RATE, 0.0, 0.6, ProsodySettings(pitch_ceiling=250))
    assert not np.any(contour.values > 250)


def test_view_menu_draws_pitch_and_intensity_over_the_spectrogram(qtbot, tmp_path,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from analysis.audio import save_audio
    from gui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    audio = tmp_path / "vowels.wav"
    save_audio(audio, _utterance(), RATE, subtype="FLOAT")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.features.editor.files.open_paths(audio)
    editor = window.features.editor.widget
    spectrogram = editor.spectrogram
    qtbot.waitUntil(lambda: not spectrogram.busy, timeout=5000)
    assert not spectrogram.prosody.pitch_curve.isVisible()

    with qtbot.waitSignal(spectrogram.ready, timeout=5000):
        editor.contour_actions["pitch"].setChecked(True)
    curve = spectrogram.prosody.pitch_curve
    assert curve.isVisible()
    times, heights = curve.getData()
    settings = spectrogram.prosody.settings
    top = spectrogram.settings.max_frequency
    hz = settings.pitch_floor + heights / top * (settings.pitch_ceiling - settings.pitch_floor)
    assert np.nanmedian(hz[(times > 1.6) & (times < 2.0)]) == pytest.approx(220, rel=0.02)
    assert [label.textItem.toPlainText() for label in spectrogram.prosody.pitch_scale] == \
        ["75 Hz", "500 Hz"]
    assert not spectrogram.prosody.intensity_curve.isVisible()

    with qtbot.waitSignal(spectrogram.ready, timeout=5000):
        editor.contour_actions["intensity"].setChecked(True)
    assert spectrogram.prosody.intensity_curve.isVisible()

    with qtbot.waitSignal(spectrogram.ready, timeout=5000):
        editor.contour_actions["pitch"].setChecked(False)
    assert not curve.isVisible()
    again = MainWindow()  # the choice is remembered
    qtbot.addWidget(again)
    assert not again.features.editor.widget.contour_actions["pitch"].isChecked()
    assert again.features.editor.widget.contour_actions["intensity"].isChecked()
    # later tests start plain
    again.features.editor.widget.contour_actions["intensity"].setChecked(False)
