"""Automatic word alignment in the GUI: the Align Words dialog, its background job and the review navigation."""
