"""The waveform view: draws only the visible stretch, from a min/max peak pyramid, with
about two points per pixel (so a one-hour file pans as fast as a one-second one)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from gui.editor.time_plot import TimeMarks, make_time_plot
from gui.state.peaks import PeakPyramid

# full scale with a margin: the "-1.0" label stays inside the plot, clear of the
# spectrogram's top label below it
EMPTY_RANGE = (-1.15, 1.15)

class WaveformView:
    def __init__(self) -> None:
        self.plot = make_time_plot("amplitude", EMPTY_RANGE)
        self.curve = pg.PlotDataItem(pen=pg.mkPen((30, 30, 30), width=1), antialias=False,
                                     clipToView=True, autoDownsample=False)
        self.plot.addItem(self.curve)
        self.marks = TimeMarks(self.plot)
        self.pyramid: PeakPyramid | None = None

    def set_samples(self, samples: np.ndarray | None, sample_rate: int) -> None:
        if samples is None or len(samples) == 0:
            self.pyramid = None
            self.curve.setData([], [])
            self.plot.vb.setYRange(*EMPTY_RANGE, padding=0)
            return
        self.pyramid = PeakPyramid(samples, sample_rate)
        top = self.pyramid.levels[-1] if self.pyramid.levels else None
        peak = (max(-float(top[1].min()), float(top[2].max())) if top is not None
                else float(np.abs(samples).max()))
        peak = max(peak, 1e-3) * 1.05
        self.plot.vb.setYRange(-peak, peak, padding=0)

    def show_range(self, start: float, end: float) -> None:
        """Redraw for the visible ``start``..``end`` at the plot's current pixel width."""
        if self.pyramid is None:
            return
        pixels = max(int(self.plot.vb.width()), 200)
        times, values = self.pyramid.envelope(start, end, pixels)
        self.curve.setData(times, values)
