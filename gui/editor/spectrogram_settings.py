"""View > Spectrogram Settings: window length, maximum frequency, dynamic range; View > Show
Pitch / Show Intensity: the contours over the spectrogram. Kept in QSettings and applied to
the visible window at once."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout

from analysis.spectrogram import SpectrogramSettings

KEY = "editor/spectrogram"


def load_settings() -> SpectrogramSettings:
    stored = QSettings()
    default = SpectrogramSettings()
    return SpectrogramSettings(
        float(stored.value(f"{KEY}/windowLength", default.window_length)),
        float(stored.value(f"{KEY}/maxFrequency", default.max_frequency)),
        float(stored.value(f"{KEY}/dynamicRange", default.dynamic_range)))


def apply_settings(editor, settings: SpectrogramSettings) -> None:
    stored = QSettings()
    stored.setValue(f"{KEY}/windowLength", settings.window_length)
    stored.setValue(f"{KEY}/maxFrequency", settings.max_frequency)
    stored.setValue(f"{KEY}/dynamicRange", settings.dynamic_range)
    editor.spectrogram.set_settings(settings)
    editor.spectrogram.request(*editor.view.visible)


def _spin(value, low, high, decimals, suffix) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def edit_settings(window, editor) -> bool:
    current = editor.spectrogram.settings
    dialog = QDialog(window)
    dialog.setWindowTitle("Spectrogram settings")
    form = QFormLayout(dialog)
    length = _spin(current.window_length * 1000, 1, 100, 1, " ms")
    top = _spin(current.max_frequency, 500, 24000, 0, " Hz")
    dynamic = _spin(current.dynamic_range, 10, 150, 0, " dB")
    form.addRow("Window length", length)
    form.addRow("Maximum frequency", top)
    form.addRow("Dynamic range", dynamic)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    apply_settings(editor, SpectrogramSettings(length.value() / 1000, top.value(),
                                               dynamic.value()))
    return True


def install_spectrogram_settings(window, editor) -> None:
    editor.spectrogram.set_settings(load_settings())
    view = window.menu("&View")
    view.addAction("Spectrogram &Settings…", lambda: edit_settings(window, editor))
    stored = QSettings()
    actions = {}
    for name, text in (("pitch", "Show &Pitch"), ("intensity", "Show &Intensity")):
        action = QAction(text, window, checkable=True)
        action.setChecked(stored.value(f"{KEY}/show_{name}", False, type=bool))
        view.addAction(action)
        actions[name] = action

    def contours_changed() -> None:
        for name, action in actions.items():
            QSettings().setValue(f"{KEY}/show_{name}", action.isChecked())
        editor.spectrogram.show_contours(actions["pitch"].isChecked(),
                                         actions["intensity"].isChecked())

    for action in actions.values():
        action.toggled.connect(contours_changed)
    editor.spectrogram.show_contours(actions["pitch"].isChecked(),
                                     actions["intensity"].isChecked())
    editor.contour_actions = actions  # "pitch" / "intensity" -> the checkable View action
