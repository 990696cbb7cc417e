"""The record dialog: device, rate, channels and format; start / pause / stop (R or Ctrl+R,
Space); live level meter, scrolling waveform, elapsed time and the prompt shown large.

Every problem (no device, PortAudio missing, an unsupported rate, a device lost mid-way) is
a sentence in the dialog; a recording that ends by itself is kept and still emitted."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from analysis.errors import MixScopeError
from analysis.recording.devices import (
    InputDevice,
    choose_capture_rate,
    default_input_device,
    list_input_devices,
)
from analysis.recording.prompts import PromptList
from analysis.recording.session import DTYPES, RecordingSettings
from analysis.recording.store import RecoveryStore
from gui.recording.level_meter import LevelMeter
from gui.recording.live_waveform import LiveWaveform
from gui.recording.prompt_panel import PromptPanel
from gui.recording.recorder import Recorder

RATES = (16000, 22050, 32000, 44100, 48000)
FORMATS = (("16-bit PCM", "PCM_16"), ("32-bit float", "FLOAT"))


def format_elapsed(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes):02d}:{rest:04.1f}"


class RecordDialog(QDialog):
    recorded = Signal(object)  # analysis.recording.session.Take

    def __init__(self, store: RecoveryStore | None = None, prompts: PromptList | None = None,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle("Record")
        self.resize(760, 560)
        self.recorder = Recorder(store, self)
        self.devices: list[InputDevice] = []
        self.capture_rate: int | None = None
        self._build(prompts if prompts is not None else PromptList())
        self._connect()
        self.refresh_devices()
        self._update_state("idle")

    # -- layout ------------------------------------------------------------------------------
    def _build(self, prompts: PromptList) -> None:
        self.prompt_panel = PromptPanel(prompts, self)
        self.device_combo = QComboBox(self)
        self.device_combo.setMinimumContentsLength(30)
        self.rate_combo = QComboBox(self)
        for rate in RATES:
            self.rate_combo.addItem(f"{rate} Hz", rate)
        self.channels_spin = QSpinBox(self)
        self.channels_spin.setRange(1, 2)
        self.channels_spin.setSuffix(" (mono)")
        self.format_combo = QComboBox(self)
        for label, subtype in FORMATS:
            self.format_combo.addItem(label, subtype)
        settings = QFormLayout()
        settings.addRow("Input device", self.device_combo)
        row = QHBoxLayout()
        row.addWidget(self.rate_combo)
        row.addWidget(QLabel("Channels", self))
        row.addWidget(self.channels_spin)
        row.addWidget(QLabel("Format", self))
        row.addWidget(self.format_combo)
        row.addStretch(1)
        settings.addRow("Sample rate", row)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#7a5b00;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b00020;font-weight:bold;")
        self.meter = LevelMeter(self)
        self.waveform = LiveWaveform(parent=self)
        self.elapsed_label = QLabel(format_elapsed(0), self)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(22)
        self.elapsed_label.setFont(font)
        self.state_label = QLabel(self)
        self.record_button = QPushButton(self)
        self.pause_button = QPushButton(self)
        self.close_button = QPushButton("Close", self)
        for button in (self.record_button, self.pause_button, self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        controls = QHBoxLayout()
        controls.addWidget(self.elapsed_label)
        controls.addWidget(self.state_label, 1)
        controls.addWidget(self.record_button)
        controls.addWidget(self.pause_button)
        controls.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_panel)
        layout.addLayout(settings)
        layout.addWidget(self.note)
        layout.addWidget(self.meter)
        layout.addWidget(self.waveform, 1)
        layout.addWidget(self.message)
        layout.addLayout(controls)

    def _connect(self) -> None:
        self.record_button.clicked.connect(self.toggle_record)
        self.pause_button.clicked.connect(self.recorder.toggle_pause)
        self.close_button.clicked.connect(self.close)
        for keys in ("R", "Ctrl+R"):
            QShortcut(QKeySequence(keys), self, self.toggle_record)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.recorder.toggle_pause)
        self.device_combo.currentIndexChanged.connect(self._settings_changed)
        self.rate_combo.currentIndexChanged.connect(self._settings_changed)
        self.channels_spin.valueChanged.connect(self._settings_changed)
        self.format_combo.currentIndexChanged.connect(self._settings_changed)
        self.prompt_panel.error.connect(self.show_message)
        self.recorder.level.connect(self.meter.set_level)
        self.recorder.samples.connect(self.waveform.append)
        self.recorder.elapsed.connect(lambda s: self.elapsed_label.setText(format_elapsed(s)))
        self.recorder.state_changed.connect(self._update_state)
        self.recorder.failed.connect(self.show_message)
        self.recorder.finished.connect(self._finished)

    # -- devices and settings -----------------------------------------------------------------
    def refresh_devices(self) -> None:
        self.device_combo.blockSignals(True)
        self.device_combo.clear()
        try:
            self.devices = list_input_devices()
            default = default_input_device(self.devices)
        except MixScopeError as err:
            self.devices = []
            self.show_message(str(err))
        else:
            for device in self.devices:
                self.device_combo.addItem(device.label(), device.index)
            self.device_combo.setCurrentIndex(self.devices.index(default))
        self.device_combo.blockSignals(False)
        self._settings_changed()

    def device(self) -> InputDevice | None:
        row = self.device_combo.currentIndex()
        return self.devices[row] if 0 <= row < len(self.devices) else None

    def settings(self) -> RecordingSettings:
        return RecordingSettings(self.device(), int(self.rate_combo.currentData()),
                                 self.channels_spin.value(), self.format_combo.currentData(),
                                 self.prompt_panel.text, self.prompt_panel.align_language)

    def _settings_changed(self) -> None:
        device = self.device()
        self.capture_rate = None
        self.note.clear()
        if device is None:
            self.record_button.setEnabled(False)
            return
        self.channels_spin.setMaximum(max(1, min(device.max_channels, 2)))
        self.channels_spin.setSuffix(" (mono)" if self.channels_spin.value() == 1 else
                                     " (stereo)")
        wanted = int(self.rate_combo.currentData())
        dtype = DTYPES[self.format_combo.currentData()]
        try:
            self.capture_rate = choose_capture_rate(device, wanted, self.channels_spin.value(),
                                                    dtype)
        except MixScopeError as err:
            self.note.setText(str(err))
        else:
            if self.capture_rate != wanted:
                self.note.setText(f"{device.name} does not record at {wanted} Hz: recording at "
                                  f"its native {self.capture_rate} Hz, resampled to {wanted} Hz "
                                  "when you stop.")
        self.record_button.setEnabled(self.recorder.state != "idle" or
                                      self.capture_rate is not None)

    # -- recording ----------------------------------------------------------------------------
    def toggle_record(self) -> None:
        if self.recorder.state == "idle":
            self.start()
        else:
            self.recorder.stop()

    def start(self) -> bool:
        if self.device() is None:
            self.show_message("no input device found: connect a microphone and try again")
            return False
        if self.capture_rate is None:
            self._settings_changed()
            if self.capture_rate is None:
                self.show_message(self.note.text() or "this device cannot record")
                return False
        self.message.clear()
        self.meter.reset()
        self.waveform.clear_samples(self.capture_rate)
        try:
            self.recorder.start(self.settings(), self.capture_rate)
        except (MixScopeError, OSError) as err:
            self.show_message(str(err))
            return False
        return True

    def _finished(self, take) -> None:
        self.prompt_panel.advance()
        self.recorded.emit(take)
        if take.interrupted is None:
            self.accept()

    def _update_state(self, state: str) -> None:
        recording = state != "idle"
        self.record_button.setText("■ Stop  (R)" if recording else "● Record  (R)")
        self.pause_button.setText("Resume  (Space)" if state == "paused" else "Pause  (Space)")
        self.pause_button.setEnabled(recording)
        for widget in (self.device_combo, self.rate_combo, self.channels_spin,
                       self.format_combo):
            widget.setEnabled(not recording)
        self.prompt_panel.set_locked(recording)
        self.state_label.setText({"idle": "Ready", "recording": "● Recording",
                                  "paused": "Paused: input is monitored, not kept"}[state])
        self.state_label.setStyleSheet("color:#c0392b;font-weight:bold;" if state == "recording"
                                       else "")
        if not recording:
            self._settings_changed()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    # -- closing ------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Closing while recording stops and keeps the take (never thrown away)."""
        if self.recorder.state != "idle":
            self.recorder.stop()
            return
        super().done(result)

    def closeEvent(self, event) -> None:
        if self.recorder.state != "idle":
            self.recorder.stop()
        super().closeEvent(event)
