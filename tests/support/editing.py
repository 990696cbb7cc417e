"""Helpers that drive the editor's real widgets: mouse positions of times, drags with the
button held (QTest's mouseMove cannot), and a recording fake sound output stream."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def position(editor, plot, time: float, y: float) -> QPoint:
    """Viewport pixel of (``time``, ``y``) in ``plot``."""
    scene = plot.vb.mapViewToScene(pg.Point(time, y))
    return editor.graphics.mapFromScene(scene)


def _send(widget, kind, pos: QPoint, buttons) -> None:
    local = QPointF(pos)
    global_pos = QPointF(widget.mapToGlobal(pos))
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else \
        Qt.MouseButton.NoButton
    event = QMouseEvent(kind, local, global_pos, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(editor, start: QPoint, end: QPoint, steps: int = 6) -> None:
    viewport = editor.graphics.viewport()
    held = Qt.MouseButton.LeftButton
    _send(viewport, QEvent.Type.MouseButtonPress, start, held)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        _send(viewport, QEvent.Type.MouseMove, QPoint(int(p.x()), int(p.y())), held)
    _send(viewport, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    QApplication.processEvents()


def click(editor, pos: QPoint) -> None:
    viewport = editor.graphics.viewport()
    _send(viewport, QEvent.Type.MouseButtonPress, pos, Qt.MouseButton.LeftButton)
    _send(viewport, QEvent.Type.MouseButtonRelease, pos, Qt.MouseButton.NoButton)
    QApplication.processEvents()


class RecordingOutputStream:
    """Stands in for ``sounddevice.OutputStream``: ``start`` runs the callback block by
    block (as the audio thread would) until it stops, and keeps every sample it was sent."""

    streams: list[RecordingOutputStream] = []

    def __init__(self, samplerate, channels, dtype, blocksize, callback, **kwargs):
        self.samplerate, self.channels, self.blocksize = samplerate, channels, blocksize
        self.callback = callback
        self.blocks: list[np.ndarray] = []
        self.active = False
        RecordingOutputStream.streams.append(self)

    def start(self) -> None:
        self.active = True
        for _ in range(100000):
            out = np.full((self.blocksize, self.channels), np.nan, np.float32)
            try:
                self.callback(out, self.blocksize, None, None)
            except Exception:  # sounddevice.CallbackStop: the last block was filled
                self.blocks.append(out.copy())
                break
            self.blocks.append(out.copy())
        self.active = False

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        pass

    def played(self) -> np.ndarray:
        """Everything sent, without the zero padding of the last block."""
        return np.concatenate(self.blocks)[:, 0]
