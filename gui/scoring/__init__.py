"""Scoring in the app: model panel, background runs, heatmap docks, cue-contribution plot."""
