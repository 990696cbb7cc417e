"""Recording from the microphone: the timer-driven recorder, its dialog and recovery."""
