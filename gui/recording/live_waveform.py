"""The last few seconds of input as a scrolling min/max envelope (one bar per 10 ms)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

BIN_SECONDS = 0.01


class LiveWaveform(pg.PlotWidget):
    def __init__(self, window_seconds: float = 5.0, parent=None):
        super().__init__(parent)
        self.window_seconds = window_seconds
        self.sample_rate = 16000
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.setYRange(-1, 1, padding=0)
        self.setXRange(-window_seconds, 0, padding=0)
        self.getPlotItem().hideAxis("left")
        self.setLabel("bottom", "seconds ago")
        self.setMinimumHeight(110)
        self._curve = self.plot(pen=pg.mkPen("#1f5fa8", width=1), connect="pairs")
        self.clear_samples()

    def clear_samples(self, sample_rate: int | None = None) -> None:
        if sample_rate:
            self.sample_rate = int(sample_rate)
        self._bins = int(round(self.window_seconds / BIN_SECONDS))
        self._mins = np.zeros(self._bins, np.float32)
        self._maxs = np.zeros(self._bins, np.float32)
        self._pending = np.zeros(0, np.float32)
        self._redraw()

    def append(self, samples: np.ndarray) -> None:
        """Add mono samples at ``sample_rate``; draws whole 10 ms bins as they complete."""
        per_bin = max(1, int(round(self.sample_rate * BIN_SECONDS)))
        samples = np.concatenate([self._pending, np.asarray(samples, np.float32)])
        whole = len(samples) // per_bin
        self._pending = samples[whole * per_bin:]
        if whole == 0:
            return
        keep = min(whole, self._bins)  # older bins would scroll out at once
        frames = samples[(whole - keep) * per_bin: whole * per_bin]
        frames = frames.reshape(-1, per_bin)
        new = len(frames)
        self._mins = np.concatenate([self._mins[new:], frames.min(axis=1)])
        self._maxs = np.concatenate([self._maxs[new:], frames.max(axis=1)])
        self._redraw()

    def envelope(self) -> tuple[np.ndarray, np.ndarray]:
        return self._mins.copy(), self._maxs.copy()

    def _redraw(self) -> None:
        t = (np.arange(self._bins) - self._bins + 1) * BIN_SECONDS
        x = np.repeat(t, 2)
        y = np.empty(2 * self._bins, np.float32)
        y[0::2] = self._mins
        y[1::2] = np.maximum(self._maxs, self._mins + 1e-3)  # silence still shows a line
        self._curve.setData(x, y)
