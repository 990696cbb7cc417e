"""MixScope's bundled data (example utterances), shipped in the wheel as package data and
read through importlib.resources so that an installed app finds it wherever it lives."""
