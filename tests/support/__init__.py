"""Test and benchmark support: random-weight models, synthetic audio, a virtual microphone."""
