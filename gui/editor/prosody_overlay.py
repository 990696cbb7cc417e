"""Pitch and intensity contours drawn over the spectrogram, as Praat does: pitch in blue on
its own scale (pitch floor..ceiling), intensity in green (50..100 dB by default), both
stretched over the spectrogram's height, with each scale's limits written at the plot's
edges (pitch on the right, intensity on the left)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from analysis.prosody import Contour, ProsodySettings

PITCH_COLOUR = (20, 70, 230)
INTENSITY_COLOUR = (40, 160, 40)


class ProsodyOverlay:
    def __init__(self, plot: pg.PlotItem, settings: ProsodySettings | None = None) -> None:
        self.plot = plot
        self.settings = settings or ProsodySettings()
        self.show_pitch = False
        self.show_intensity = False
        self.pitch_curve = self._curve(PITCH_COLOUR)
        self.intensity_curve = self._curve(INTENSITY_COLOUR)
        # (bottom, top) labels: the bottom one sits above the plot's floor, the top one hangs
        # below its ceiling
        self.pitch_scale = (self._label(PITCH_COLOUR, (1.0, 1.0)),
                            self._label(PITCH_COLOUR, (1.0, 0.0)))
        self.intensity_scale = (self._label(INTENSITY_COLOUR, (0.0, 1.0)),
                                self._label(INTENSITY_COLOUR, (0.0, 0.0)))
        self.hide()

    def _curve(self, colour) -> pg.PlotDataItem:
        curve = pg.PlotDataItem(pen=pg.mkPen(colour, width=2), connect="finite")
        curve.setZValue(5)
        self.plot.addItem(curve, ignoreBounds=True)
        return curve

    def _label(self, colour, anchor) -> pg.TextItem:
        label = pg.TextItem("", color=colour, anchor=anchor)
        label.setZValue(6)
        self.plot.addItem(label, ignoreBounds=True)
        return label

    @property
    def wanted(self) -> tuple[bool, bool]:
        """(pitch, intensity): which contours the next computation should include."""
        return self.show_pitch, self.show_intensity

    def hide(self) -> None:
        for item in (self.pitch_curve, self.intensity_curve, *self.pitch_scale,
                     *self.intensity_scale):
            item.hide()

    def show(self, pitch: Contour | None, intensity: Contour | None, start: float, end: float,
             top: float) -> None:
        """Draw the contours of ``start``..``end`` on a plot whose y axis runs 0..``top``."""
        s = self.settings
        self._draw(self.pitch_curve, self.pitch_scale, pitch if self.show_pitch else None,
                   s.pitch_floor, s.pitch_ceiling, "Hz", end, top)
        self._draw(self.intensity_curve, self.intensity_scale,
                   intensity if self.show_intensity else None, s.intensity_floor,
                   s.intensity_ceiling, "dB", start, top)

    @staticmethod
    def _draw(curve, scale, contour, low, high, unit, edge, top) -> None:
        if contour is None:
            curve.hide()
            for label in scale:
                label.hide()
            return
        values = np.asarray(contour.values, dtype=float)
        inside = (values >= low) & (values <= high)  # as Praat: off-scale parts not drawn
        y = np.where(inside, (values - low) / (high - low) * top, np.nan)
        curve.setData(contour.times, y)
        curve.show()
        bottom_label, top_label = scale
        bottom_label.setText(f"{low:.0f} {unit}")
        bottom_label.setPos(edge, 0.0)
        top_label.setText(f"{high:.0f} {unit}")
        top_label.setPos(edge, top)
        for label in scale:
            label.show()
