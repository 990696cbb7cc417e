"""The Praat-like alignment editor: stacked X-linked time views, tiers, playback, files."""
