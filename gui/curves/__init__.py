"""The corpus curves: a dock browsing the cue-contribution curves of batch results
(feature, dock, plot), the example behind a point opened in the editor, and the handler of
``python main.py curves``. The numbers come from analysis.batch (curves, curve_browsing)."""
