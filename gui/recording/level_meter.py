"""A horizontal peak meter in dBFS with a peak-hold mark and a latching clip indicator."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from analysis.recording.levels import to_dbfs

FLOOR_DB = -60.0
HOLD_MS = 1500


def fraction(level: float) -> float:
    """Position of a peak level (0..1) on the meter, linear in dB from FLOOR_DB to 0."""
    db = to_dbfs(level)
    return min(1.0, max(0.0, (db - FLOOR_DB) / -FLOOR_DB))


class _Bar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.level = 0.0
        self.hold = 0.0
        self.setMinimumSize(200, 18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(rect, QColor("#202020"))
        width = rect.width()
        zones = [(0.0, fraction(10 ** (-12 / 20)), "#2e9e44"),
                 (fraction(10 ** (-12 / 20)), fraction(10 ** (-3 / 20)), "#d8b530"),
                 (fraction(10 ** (-3 / 20)), 1.0, "#d0342c")]
        filled = fraction(self.level)
        for start, end, colour in zones:
            stop = min(end, filled)
            if stop > start:
                painter.fillRect(QRectF(rect.left() + start * width, rect.top(),
                                        (stop - start) * width, rect.height()), QColor(colour))
        if self.hold > 0:
            x = rect.left() + fraction(self.hold) * width
            painter.fillRect(QRectF(x - 1, rect.top(), 2, rect.height()), QColor("white"))
        painter.setPen(QColor("#808080"))
        for db in (-48, -36, -24, -12, -6, -3):
            x = rect.left() + (db - FLOOR_DB) / -FLOOR_DB * width
            painter.drawLine(int(x), int(rect.bottom()) - 4, int(x), int(rect.bottom()))


class LevelMeter(QWidget):
    """``set_level(peak, clipped)``; the CLIP light stays on until ``reset()`` or a click."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bar = _Bar(self)
        self.db_label = QLabel("-inf dBFS", self)
        self.db_label.setMinimumWidth(80)
        self.db_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clip_light = QLabel("CLIP", self)
        self.clip_light.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clip_light.setFixedWidth(44)
        self.clip_light.setToolTip("Lights when the input reaches full scale; click to reset")
        self.clip_light.mousePressEvent = lambda event: self.reset_clip()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.db_label)
        layout.addWidget(self.clip_light)
        self._hold_timer = QTimer(self, singleShot=True, interval=HOLD_MS)
        self._hold_timer.timeout.connect(self._drop_hold)
        self.clipped = False
        self._paint_clip()

    def set_level(self, level: float, clipped: bool) -> None:
        self.bar.level = level
        if level >= self.bar.hold:
            self.bar.hold = level
            self._hold_timer.start()
        db = to_dbfs(level)
        self.db_label.setText(f"{db:.1f} dBFS" if level > 0 else "-inf dBFS")
        if clipped and not self.clipped:
            self.clipped = True
            self._paint_clip()
        self.bar.update()

    def reset(self) -> None:
        self.bar.level = self.bar.hold = 0.0
        self.db_label.setText("-inf dBFS")
        self.reset_clip()
        self.bar.update()

    def reset_clip(self) -> None:
        self.clipped = False
        self._paint_clip()

    def _drop_hold(self) -> None:
        self.bar.hold = self.bar.level
        self.bar.update()

    def _paint_clip(self) -> None:
        colour = "background:#d0342c;color:white" if self.clipped else \
            "background:#3a3a3a;color:#9a9a9a"
        self.clip_light.setStyleSheet(f"{colour};border-radius:3px;font-weight:bold;")
