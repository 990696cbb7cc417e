"""Figures of scores, Qt-free: what a heatmap or a curve shows and how it looks (shared by
the app's docks and their exports) and static matplotlib figures for papers and notebooks.

- ``heatmap_data``: matrices, noise rows, colour range, cue/target marks (no plotting).
- ``style``: the one definition of the look (colour map, cue/target colours, noise hatching,
  curve colours and line styles, axis titles); the app converts it to Qt.
- ``heatmaps``, ``curves``, ``output``: matplotlib figures and saving them (PNG/SVG/PDF);
  matplotlib is an optional extra (``pip install 'mixscope[notebook]'``) loaded on use.
"""
