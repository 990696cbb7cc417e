"""Heatmap views of a ScoreSet: one panel per component, exported as PNG/SVG.

The package's public face (what other features import): the per-component panel and the
A − B comparison panel."""

from gui.heatmaps.compare_panel import ComparePanel
from gui.heatmaps.panel import HeatmapPanel

__all__ = ["ComparePanel", "HeatmapPanel"]
