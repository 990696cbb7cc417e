"""View > Spectrogram Settings: window length, maximum frequency, dynamic range; View > Show
Pitch / Show Intensity: the contours over the spectrogram. Kept in QSettings and applied to
the visible window at once."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout

from analysis.spectrogram import SpectrogramSettings
from gui import settings as stored


def load_settings() -> SpectrogramSettings:
    return SpectrogramSettings(stored.SPECTROGRAM_WINDOW_LENGTH.get(),
                               stored.SPECTROGRAM_MAX_FREQUENCY.get(),
                               stored.SPECTROGRAM_DYNAMIC_RANGE.get())


def apply_settings(editor, settings: SpectrogramSettings) -> None:
    stored.SPECTROGRAM_WINDOW_LENGTH.set(settings.window_length)
    stored.SPECTROGRAM_MAX_FREQUENCY.set(settings.max_frequency)
    stored.SPECTROGRAM_DYNAMIC_RANGE.set(settings.dynamic_range)
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
    shown = {"pitch": stored.SHOW_PITCH, "intensity": stored.SHOW_INTENSITY}
    actions = {}
    for name, text in (("pitch", "Show &Pitch"), ("intensity", "Show &Intensity")):
        action = QAction(text, window, checkable=True)
        action.setChecked(shown[name].get())
        view.addAction(action)
        actions[name] = action

    def contours_changed() -> None:
        for name, action in actions.items():
            shown[name].set(action.isChecked())
        editor.spectrogram.show_contours(actions["pitch"].isChecked(),
                                         actions["intensity"].isChecked())

    for action in actions.values():
        action.toggled.connect(contours_changed)
    editor.spectrogram.show_contours(actions["pitch"].isChecked(),
                                     actions["intensity"].isChecked())
    editor.contour_actions = actions  # "pitch" / "intensity" -> the checkable View action
