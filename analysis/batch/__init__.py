"""Corpus-level analysis: batch scoring into a resumable parquet store, the random-init
baseline, and cue-contribution curves.

Modules: examples (read a corpus), runner (score examples), store (the run folder),
baseline (random-init weights), curves + stats (mean and CI per layer), cluster (Ray)."""

# What ``batch --weights`` / ``api.batch(weights=...)`` take: "both" runs trained then random-init.
WEIGHT_CHOICES = ("trained", "random-init", "both")
