"""Heatmap views of a ScoreSet: one panel per component, exported as PNG/SVG."""
